import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from kiemchung.cli import main
from kiemchung.ingest.ingest import ingest
from kiemchung.library.importer import import_files
from kiemchung.matching import rematch as rematching
from kiemchung.store import Store
from kiemchung.store.schema import claim_matches, claims

POTATO = {"@type": "ClaimReview", "url": "https://fc.example/khoai-tay", "inLanguage": "vi",
          "claimReviewed": "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ.",
          "reviewRating": {"alternateName": "Sai"}}
GOLD = {"@type": "ClaimReview", "url": "https://fc.example/vang", "inLanguage": "vi",
        "claimReviewed": "Giá vàng miếng SJC vượt 100 triệu đồng/lượng trong năm 2024.",
        "reviewRating": {"alternateName": "Sai"}}
POSTS = [
    "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ, bác sĩ nhi khuyên vậy.",
    "Đắp khoai tây sống lên trán giúp trẻ hạ sốt chỉ sau 30 phút.",
    "Ngân hàng Nhà nước công bố lãi suất điều hành giữ nguyên trong quý 3 năm 2024.",
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                    encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "home")
    import_files(store, [write_jsonl(tmp_path / "gold.jsonl", [GOLD])])
    posts = write_jsonl(tmp_path / "posts.jsonl", [{"text": text} for text in POSTS])
    ingest(store, [str(posts)])
    yield store
    store.close()


def matched_claims(store) -> int:
    with store.db.read() as connection:
        return connection.execute(select(func.count()).select_from(claim_matches)
                                  .where(claim_matches.c.matched == 1)).scalar_one()


def test_a_fact_check_imported_after_the_posts_matches_them_once_rematched(store, tmp_path):
    assert matched_claims(store) == 0
    assert rematching.stale_claims(store) == 0  # matched against the library of the time
    import_files(store, [write_jsonl(tmp_path / "potato.jsonl", [POTATO])])
    assert rematching.stale_claims(store) == 3
    report = rematching.rematch(store)
    assert report.checked == 3 and report.newly_matched == 2 and matched_claims(store) == 2
    assert rematching.stale_claims(store) == 0
    assert rematching.rematch(store).checked == 0  # nothing left to redo


def test_two_writers_of_one_claims_matches_at_once_take_turns_and_the_later_stays(store):
    # As a rematch beside the monitor's share, or a match task delivered twice, would.
    from kiemchung.store.queries.matching import Link, replace_matches

    with store.db.read() as connection:
        claim = connection.execute(select(claims.c.id).order_by(claims.c.id)).scalars().first()
        gold = connection.execute(text("SELECT id FROM factchecks")).scalar_one()
    first_holds_it = threading.Event()

    def second() -> None:
        first_holds_it.wait()
        with store.db.transaction() as connection:
            replace_matches(connection, claim, [Link(gold, 0.2, False)])

    with ThreadPoolExecutor(1) as pool:
        later = pool.submit(second)
        with store.db.transaction() as connection:
            replace_matches(connection, claim, [Link(gold, 0.9, True)])
            first_holds_it.set()
            time.sleep(0.3)  # the second writer reaches the claim before this one commits
        later.result(timeout=30)
    with store.db.read() as connection:
        rows = connection.execute(select(claim_matches.c.score, claim_matches.c.matched)
                                  .where(claim_matches.c.claim_id == claim)).all()
    assert [tuple(row) for row in rows] == [(0.2, 0)]


def test_importing_an_unchanged_library_again_leaves_claims_current(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "gold.jsonl", [GOLD])])
    import_files(store, [write_jsonl(tmp_path / "gold.jsonl",
                                     [{**GOLD, "reviewRating": {"alternateName": "Đúng"}}])])
    assert rematching.stale_claims(store) == 0


def test_an_interrupted_rematch_keeps_finished_batches_and_the_rerun_adds_no_duplicates(
        store, tmp_path, monkeypatch):
    import_files(store, [write_jsonl(tmp_path / "potato.jsonl", [POTATO])])
    monkeypatch.setattr(rematching, "BATCH", 1)

    def killed(_count):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rematching.rematch(store, advance=killed)
    assert rematching.stale_claims(store) == 2  # the first batch was committed
    rematching.rematch(store)
    rematching.rematch(store)
    with store.db.read() as connection:
        links = connection.execute(select(claim_matches.c.claim_id, claim_matches.c.factcheck_id)
                                   ).all()
        assert connection.execute(select(func.count()).select_from(claims)).scalar_one() == 3
    assert len(links) == len(set(links)) and matched_claims(store) == 2


def test_an_edited_fact_check_makes_claims_stale_and_a_removed_match_is_counted(store,
                                                                                tmp_path):
    import_files(store, [write_jsonl(tmp_path / "potato.jsonl", [POTATO])])
    rematching.rematch(store)
    reworded = {**POTATO, "claimReviewed": "Hà Nội cấm xe máy chạy xăng trong Vành đai 1 từ 2026."}
    import_files(store, [write_jsonl(tmp_path / "potato.jsonl", [reworded])])
    report = rematching.rematch(store)
    assert report.checked == 3 and report.no_longer_matched == 2 and matched_claims(store) == 0


def test_the_cli_says_when_stored_claims_are_stale_and_rematches_them(home, tmp_path, capsys):
    assert main(["ingest", str(write_jsonl(tmp_path / "posts.jsonl",
                                           [{"text": text} for text in POSTS]))]) == 0
    capsys.readouterr()
    assert main(["factchecks", "import", str(write_jsonl(tmp_path / "fc.jsonl", [POTATO]))]) == 0
    assert "run `kiemchung rematch`" in capsys.readouterr().err
    assert main(["rematch"]) == 0
    assert "2 newly matched" in capsys.readouterr().err
    assert main(["rematch"]) == 0
    assert "checked 0 claims" in capsys.readouterr().err


def test_the_monitor_matches_stored_claims_again_a_share_each_cycle(store, tmp_path, monkeypatch):
    from kiemchung.monitor import run

    import_files(store, [write_jsonl(tmp_path / "potato.jsonl", [POTATO])])
    monkeypatch.setattr(run, "REMATCH_PER_CYCLE", 1)
    monkeypatch.setattr(rematching, "BATCH", 1)
    monitor = run.Monitor(store, gap=0)
    assert monitor.cycle().newly_matched == 1 and rematching.stale_claims(store) == 2
    monitor.cycle(), monitor.cycle()
    assert rematching.stale_claims(store) == 0 and matched_claims(store) == 2


def test_a_narrative_takes_the_fact_check_its_claims_are_matched_to_later(store, tmp_path):
    from kiemchung.monitor import run
    from kiemchung.monitor.tables import narratives

    monitor = run.Monitor(store, gap=0)
    monitor.cycle()  # the claims are placed in narratives; none is answered yet
    with store.db.read() as connection:
        assert not connection.execute(select(narratives.c.factcheck_id)
                                      .where(narratives.c.factcheck_id.is_not(None))).all()
    import_files(store, [write_jsonl(tmp_path / "potato.jsonl", [POTATO])])
    assert monitor.cycle().newly_matched == 2
    with store.db.read() as connection:
        answered = connection.execute(select(narratives.c.factcheck_id)
                                      .where(narratives.c.factcheck_id.is_not(None))).all()
    assert len(answered) >= 1  # the potato narrative (or two) now shows the fact-check


@pytest.mark.sqlite_only  # a SQLite data directory of an earlier release
def test_a_data_directory_from_before_rematch_upgrades_and_its_claims_count_as_stale(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from kiemchung.store.database import MIGRATIONS

    path = tmp_path / "home"
    path.mkdir()
    engine = create_engine(f"sqlite:///{path / 'kiemchung.sqlite3'}")
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        for revision in ("0002", "0003", "0004"):  # every head of the release before
            command.upgrade(config, revision)
        connection.execute(text("INSERT INTO documents (text, content_hash, kind, ingested_at) "
                                "VALUES ('x', 'h', 'post', '2026-01-01')"))
        connection.execute(text('INSERT INTO claims (document_id, start, "end", text, score) '
                                "VALUES (1, 0, 1, 'Giá vàng vượt 100 triệu.', 0.9)"))
    engine.dispose()
    store = Store(path)
    assert rematching.stale_claims(store) == 1
    assert rematching.rematch(store).checked == 1 and rematching.stale_claims(store) == 0
    store.close()


def test_a_short_post_is_matched_again_whole_as_it_was_when_it_came_in(tmp_path):
    """Its claim alone does not say it is rice; the post does, when it comes in and again."""
    rice = {"@type": "ClaimReview", "url": "https://fc.example/gao", "inLanguage": "vi",
            "claimReviewed": "Việt Nam xuất khẩu hơn 8 triệu tấn gạo trong năm 2023.",
            "reviewRating": {"alternateName": "Sai"}}
    post = "Năm ngoái nước mình bán ra nước ngoài hơn 8 triệu tấn. Gạo Việt Nam đấy, tự hào quá!"
    store = Store(tmp_path / "home")
    try:
        import_files(store, [write_jsonl(tmp_path / "rice.jsonl", [rice])])
        ingest(store, [str(write_jsonl(tmp_path / "posts.jsonl", [{"text": post}]))])
        assert matched_claims(store) == 1
        with store.db.transaction() as connection:
            connection.execute(claims.update().values(matched_version=None))
        assert rematching.rematch(store).checked == 1 and matched_claims(store) == 1
    finally:
        store.close()


def test_a_claim_of_a_long_document_is_matched_again_alone_and_its_siblings_are_left(store,
                                                                                     tmp_path):
    from kiemchung.matching.matcher import Matcher

    class Recording(Matcher):
        asked: list[str] = []

        def match(self, texts, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.asked = self.asked + list(texts)
            return super().match(texts, *args, **kwargs)

    article = " ".join([POSTS[0], "Phóng viên sẽ tiếp tục theo dõi vụ việc này. " * 20, POSTS[2]])
    ingest(store, [str(write_jsonl(tmp_path / "article.jsonl", [{"text": article}]))])
    with store.db.read() as connection:
        rows = connection.execute(select(claims.c.id, claims.c.text, claims.c.document_id)
                                  .order_by(claims.c.id)).all()
    document = rows[-1].document_id
    mine = [row for row in rows if row.document_id == document]
    assert len(article) > 700 and len(mine) >= 2
    matcher = Recording(store)
    rematching.rematch_batch(store, [mine[0].id], matcher=matcher,
                             version=rematching.matching_version(store),
                             report=rematching.RematchReport())
    assert matcher.asked == [mine[0].text]
