import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import sqlalchemy

from kiemchung.library.record import FactCheck
from kiemchung.matching.library_index import add_factchecks
from kiemchung.store import Store


@pytest.mark.sqlite_only
def test_database_is_in_wal_mode_and_fully_migrated(tmp_path):
    store = Store(tmp_path)
    connection = sqlite3.connect(tmp_path / "kiemchung.sqlite3")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"documents", "claims", "factchecks", "factchecks_fts", "claim_matches"} <= tables
    store.close()


def test_reopening_a_store_keeps_data_and_the_vector_index(tmp_path):
    store = Store(tmp_path)
    add_factchecks(store, [FactCheck(url="https://fc.example/a",
                                     claim_reviewed="Uống cà phê gây loãng xương.")])
    store.close()
    again = Store(tmp_path)
    assert len(again.vectors) == 1
    assert again.search_lexical("ca phe loang xuong", 5)[0][0] >= 1
    again.close()


def test_a_stale_vector_index_is_rebuilt_from_the_database(tmp_path):
    store = Store(tmp_path)
    add_factchecks(store, [FactCheck(url=f"https://fc.example/{i}", claim_reviewed=text)
                           for i, text in enumerate(["Cầu Long Biên khánh thành năm 1902.",
                                                     "Fansipan cao 3.143 mét."])])
    store.close()
    (tmp_path / "factchecks.usearch").write_bytes(b"broken by a crash")
    (tmp_path / "factchecks.json").write_text('{"version": "old"}')
    again = Store(tmp_path)
    assert len(again.vectors) == 2
    found = again.vectors.search(np.zeros((1, 384), dtype=np.float32) + 0.05, 2)
    assert len(found[0]) == 2
    again.close()


def test_two_writers_of_one_meta_key_at_once_both_land_and_the_later_one_stays(tmp_path):
    # As two web workers starting together after an upgrade both record the version they read.
    store = Store(tmp_path)
    first_holds_it = threading.Event()

    def second() -> None:
        first_holds_it.wait()
        with store.writing() as connection:
            store.set_meta(connection, "claim_terms_version", "second")

    with ThreadPoolExecutor(1) as pool:
        later = pool.submit(second)
        with store.writing() as connection:
            store.set_meta(connection, "claim_terms_version", "first")
            first_holds_it.set()
            time.sleep(0.3)  # the second writer reaches the key before this one commits
        later.result(timeout=30)
    assert store.meta_value("claim_terms_version") == "second"
    store.close()


def test_updating_a_fact_check_by_url_never_duplicates_it(tmp_path):
    store = Store(tmp_path)
    item = FactCheck(url="https://fc.example/a", claim_reviewed="Uống cà phê gây loãng xương.")
    assert add_factchecks(store, [item]) == (1, 0)
    item.rating_text = "Sai"
    assert add_factchecks(store, [item]) == (0, 1)
    with store.db.read() as connection:
        count = connection.execute(sqlalchemy.text("SELECT count(*) FROM factchecks")).scalar()
    assert count == 1 and len(store.vectors) == 1
    store.close()


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path):
    from kiemchung.errors import StoreError

    (tmp_path / "kiemchung.sqlite3").write_text("not a database " * 40)
    with pytest.raises(StoreError, match="cannot be opened: file is not a database"):
        Store(tmp_path)
