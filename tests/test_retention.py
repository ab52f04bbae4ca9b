"""What nothing needs any more is deleted: images readers checked, archive leftovers, half
files; what a queue item or a fact-check needs stays."""

import os
import time

from sqlalchemy import select, update

from kiemchung.desk import archive, tips
from kiemchung.images import files, tipline
from kiemchung.images.library import attach, decode, keep
from kiemchung.images.tables import image_hashes, images
from kiemchung.retention import tidy
from screenshots import photo, png

FACTCHECK = "https://factcheck.example/vac-xin-vo-sinh"


def _kept(store, seed: int) -> str:
    _, kept = decode(store, png(photo(seed)))
    keep(store, kept)
    return kept.sha256


def _age(store, days: float) -> None:
    """Every kept image as if it had been sent ``days`` ago."""
    then = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - days * 86400))
    with store.db.transaction() as connection:
        connection.execute(update(images).values(created_at=then))


def _kept_images(store) -> set[str]:
    with store.db.read() as connection:
        return set(connection.execute(select(images.c.sha256)).scalars())


def _file(store, sha256: str):
    return files.path_of(store.home, sha256, "png")


def test_an_image_nothing_needs_is_deleted_after_the_retention_period(desk_store):
    checked = _kept(desk_store, 31)  # a reader checked it and was answered at once
    assert tidy(desk_store).images == 0  # not yet: it was sent just now
    _age(desk_store, 3)  # the default period is 2 days
    assert tidy(desk_store).images == 1
    assert checked not in _kept_images(desk_store) and not _file(desk_store, checked).exists()
    assert tidy(desk_store).images == 0  # a rerun finds nothing more


def test_images_of_a_queue_item_or_a_fact_check_are_kept(desk_store):
    queued = _kept(desk_store, 32)
    tips.submit(desk_store, "Ảnh này có thật không?", None, matched=False, matches=[],
                then=tipline.keep_with_tip(desk_store, queued))
    about = attach(desk_store, FACTCHECK, png(photo(33)))
    _age(desk_store, 400)
    assert tidy(desk_store).images == 0
    assert {queued, about} <= _kept_images(desk_store)
    assert _file(desk_store, queued).exists() and _file(desk_store, about).exists()
    with desk_store.db.read() as connection:  # their hashes too: copies still find them
        assert set(connection.execute(select(image_hashes.c.sha256)).scalars()) == {queued, about}


def test_an_image_sent_again_counts_its_period_from_then(desk_store):
    sha256 = _kept(desk_store, 34)
    _age(desk_store, 3)
    assert _kept(desk_store, 34) == sha256  # the same picture, sent again now
    assert tidy(desk_store).images == 0 and sha256 in _kept_images(desk_store)


def test_the_period_is_a_setting(tmp_path):
    from kiemchung.settings import Settings
    from kiemchung.store import Store

    store = Store(tmp_path, Settings({"KIEMCHUNG_IMAGE_RETENTION_DAYS": "7"}))
    try:
        _kept(store, 35)
        _age(store, 3)
        assert tidy(store).images == 0
        _age(store, 8)
        assert tidy(store).images == 1
    finally:
        store.close()


def _old(path, hours: float = 2) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_half_written_image_files_are_deleted_once_old(desk_store):
    folder = desk_store.home / files.FOLDER / "ab"
    folder.mkdir(parents=True)
    half, fresh = folder / "ab12.4242.part", folder / "ab34.4243.part"
    half.write_bytes(b"\x89PNG half")
    fresh.write_bytes(b"\x89PNG being written")
    _old(half)
    tidy(desk_store)
    assert not half.exists() and fresh.exists()


def test_archive_files_no_source_names_are_deleted_an_hour_after_they_were_written(desk_store):
    folder = archive.folder(desk_store)
    folder.mkdir(parents=True, exist_ok=True)
    orphan, recent = folder / ("a" * 64 + ".warc.gz"), folder / ("b" * 64 + ".png")
    half = folder / ".tmp123.part"
    for path in (orphan, recent, half):
        path.write_bytes(b"left by a killed evidence add")
    _old(orphan)
    _old(half)
    assert tidy(desk_store).archive_files == 2
    assert not orphan.exists() and not half.exists()
    assert recent.exists()  # its source may be on its way


def test_kiemchung_db_tidy_says_what_it_deleted(desk_store, capsys):
    from kiemchung.cli import main

    _kept(desk_store, 36)
    _age(desk_store, 3)
    assert main(["db", "tidy"]) == 0  # desk_store's home is KIEMCHUNG_HOME
    assert "1 image(s) and 0 archive file(s) deleted" in capsys.readouterr().err
    assert main(["db", "tidy"]) == 0
    assert "0 image(s)" in capsys.readouterr().err


def test_the_monitor_tidies_when_it_starts_and_then_once_an_hour(desk_store):
    from kiemchung.monitor.run import Monitor

    monitor = Monitor(desk_store)
    first = _kept(desk_store, 37)
    _age(desk_store, 3)
    monitor.cycle()
    assert first not in _kept_images(desk_store)
    second = _kept(desk_store, 38)
    _age(desk_store, 3)
    monitor.cycle()  # within the hour: the folders are not walked again
    assert second in _kept_images(desk_store)
