"""Narratives: claims saying the same thing grouped across documents; editors merge and split;
volume series and rising narratives."""

from datetime import timedelta
from pathlib import Path

import pytest

from kiemchung.cli import main
from kiemchung.clock import iso, now
from kiemchung.errors import InputError
from kiemchung.ingest.items import Item
from kiemchung.monitor import editing, narratives, tables
from kiemchung.monitor.intake import Intake
from kiemchung.monitor.trends import rising, sparkline, trends
from kiemchung.pipeline import Pipeline
from kiemchung.store import Store
from kiemchung.store.schema import claims

LEMON = "Uống nước chanh nóng mỗi sáng giúp tiêu diệt tế bào ung thư, hiệu quả gấp 10.000 lần hóa trị."
LEMON_AGAIN = ("Chuyên gia Nhật Bản xác nhận nước chanh nóng tiêu diệt tế bào ung thư hiệu quả "
               "hơn hóa trị 10.000 lần.")
LEMON_BARE = "uong nuoc chanh nong moi sang giup tieu diet te bao ung thu, hieu qua gap 10.000 lan hoa tri"
GARLIC = "Ăn tỏi sống mỗi sáng giúp tiêu diệt tế bào ung thư, hiệu quả gấp 100 lần hóa trị."
FUEL = "Giá xăng RON95 sẽ tăng 2.000 đồng mỗi lít từ 15 giờ chiều mai theo quyết định của liên Bộ."
FUEL_AGAIN = ("Từ 15 giờ ngày mai giá xăng RON95 tăng thêm 2.000 đồng/lít, liên Bộ Công Thương - "
              "Tài chính quyết định.")


@pytest.fixture
def store(home: Path) -> Store:
    return Store()


def collect(store: Store, texts: list[str], hours_ago: list[float] | None = None,
            sites: list[str] | None = None) -> None:
    """Store one document per text (claims found, no matching), seen ``hours_ago``."""
    moment = now()
    items = [Item(text=text, kind="post", ref=str(n),
                  url=f"https://{(sites or ['a.example'])[n % len(sites or ['a'])]}/bai-{n}-"
                      f"{abs(hash(text)) % 10**8}",
                  published=iso(moment - timedelta(hours=(hours_ago or [1] * len(texts))[n])))
             for n, text in enumerate(texts)]
    Intake(store, Pipeline(store, stages=("text", "claims"))).write(items)


def groups(store: Store) -> list[list[str]]:
    with store.db.read() as connection:
        rows = connection.execute(tables.narrative_claims.join(
            claims, claims.c.id == tables.narrative_claims.c.claim_id).select()
            .order_by(tables.narrative_claims.c.narrative_id, claims.c.id)).all()
    found: dict[int, list[str]] = {}
    for row in rows:
        found.setdefault(row.narrative_id, []).append(row.text)
    return list(found.values())


def test_paraphrases_group_and_different_claims_stay_apart(store: Store) -> None:
    collect(store, [LEMON, LEMON_AGAIN, GARLIC, FUEL, FUEL_AGAIN])
    assert narratives.assign(store) == 5
    assert groups(store) == [[LEMON, LEMON_AGAIN], [GARLIC], [FUEL, FUEL_AGAIN]]


def test_clustering_is_incremental_and_each_claim_is_placed_once(store: Store) -> None:
    collect(store, [LEMON, FUEL])
    narratives.assign(store)
    collect(store, [LEMON_AGAIN, FUEL_AGAIN])
    assert narratives.assign(store) == 2
    assert narratives.assign(store) == 0
    assert groups(store) == [[LEMON, LEMON_AGAIN], [FUEL, FUEL_AGAIN]]


def test_narratives_embedded_by_another_encoder_are_embedded_again_and_still_grow(
        store: Store) -> None:
    import numpy as np
    from sqlalchemy import select

    collect(store, [LEMON, FUEL])
    narratives.assign(store)
    with store.db.transaction() as connection:  # as an older release's encoder left them
        old = np.ones(narratives.DIM, np.float32) / np.sqrt(narratives.DIM)
        connection.execute(tables.narratives.update().values(centroid=old.tobytes()))
        connection.execute(tables.narrative_claims.update().values(embedding=old.tobytes()))
        store.set_meta(connection, narratives.ENCODER_KEY, "multilingual-e5-small-untuned")
    collect(store, [LEMON_AGAIN, FUEL_AGAIN])
    assert narratives.assign(store) == 2
    assert groups(store) == [[LEMON, LEMON_AGAIN], [FUEL, FUEL_AGAIN]]
    with store.db.read() as connection:
        centres = connection.execute(select(tables.narratives.c.centroid)).scalars().all()
    assert all(not np.allclose(np.frombuffer(c, np.float32), old) for c in centres)
    assert narratives.refresh_vectors(store) == 0


def test_text_without_tone_marks_counts_as_a_sighting_of_the_same_narrative(store: Store) -> None:
    collect(store, [LEMON], hours_ago=[3])
    collect(store, [LEMON_BARE], hours_ago=[1])  # stored as a copy of the first
    narratives.assign(store)
    [trend] = trends(store, timedelta(hours=6))
    assert trend.documents == 2


def test_same_fact_check_puts_claims_in_one_narrative(store: Store) -> None:
    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks
    from kiemchung.store.schema import claim_matches

    add_factchecks(store, [FactCheck(url="https://fc.example/chanh", claim_reviewed=LEMON,
                                     rating_text="Sai", rating_value=1, rating_label="false")])
    collect(store, [LEMON, "Hot lemon water kills cancer cells 10,000 times better than chemo."])
    with store.db.transaction() as connection:
        for claim_id in connection.execute(claims.select().with_only_columns(claims.c.id)).scalars():
            connection.execute(claim_matches.insert().values(claim_id=claim_id, factcheck_id=1,
                                                             score=0.9, matched=1))
    narratives.assign(store)
    [group] = groups(store)
    assert len(group) == 2
    [trend] = trends(store, timedelta(days=1))
    assert trend.factcheck is not None and trend.factcheck.url == "https://fc.example/chanh"


def test_editor_merges_and_splits(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    collect(store, [LEMON, GARLIC, FUEL])
    narratives.assign(store)
    lemon, garlic, fuel = 1, 2, 3
    assert main(["narratives", "merge", str(lemon), str(garlic)]) == 0
    assert groups(store) == [[LEMON, GARLIC], [FUEL]]
    assert editing.resolve_id(store, garlic) == lemon  # the old id leads to the merged one
    garlic_claim = [c["id"] for c in editing.claims_of(store, lemon) if c["text"] == GARLIC]
    assert main(["narratives", "split", str(lemon), *map(str, garlic_claim)]) == 0
    assert "new narrative 4" in capsys.readouterr().out
    assert groups(store) == [[LEMON], [FUEL], [GARLIC]]
    assert [c["assigned_by"] for c in editing.claims_of(store, 4)] == ["editor"]
    with pytest.raises(InputError, match="every claim"):
        editing.split(store, fuel, [c["id"] for c in editing.claims_of(store, fuel)])


def test_rising_narratives_with_series_sites_and_sightings(store: Store) -> None:
    collect(store, [FUEL, LEMON, LEMON_AGAIN, LEMON], hours_ago=[30, 20, 2, 1],
            sites=["a.example", "b.example", "c.example", "d.example"])
    narratives.assign(store)
    found = rising(store, timedelta(hours=24))
    assert [trend.label for trend in found] == [LEMON]
    [lemon] = found
    assert (lemon.documents, lemon.previous, lemon.growth) == (3, 0, 3)
    assert len(lemon.series) == 25 and sum(lemon.series) == 3 and lemon.step == "hour"
    assert {site for site, _ in lemon.sites} == {"b.example", "c.example", "d.example"}
    assert lemon.first_seen < lemon.last_seen
    assert rising(store, timedelta(hours=24), at=now() - timedelta(hours=25)) != found


def test_sparkline_fits_long_series() -> None:
    assert sparkline([0, 1, 2, 4]) == " ▂▄█"
    assert len(sparkline(list(range(24 * 30)))) <= 48


def test_trends_command_prints_rising_narratives(store: Store,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    collect(store, [FUEL, FUEL_AGAIN], hours_ago=[2, 1])
    narratives.assign(store)
    assert main(["trends", "--since", "7d"]) == 0
    out = capsys.readouterr().out
    assert "+2 (0 → 2 documents)" in out and "Giá xăng RON95" in out and "a.example" in out
