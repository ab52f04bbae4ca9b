"""The ledger: work is recorded once by its key, and dead letters once per message."""

from pathlib import Path

from kiemchung.store import Store
from kiemchung.store.queries import work as ledger


def test_a_key_is_claimed_once_and_a_second_claim_says_the_work_is_done(home: Path) -> None:
    store = Store()
    with store.db.transaction() as connection:
        assert ledger.claim_key(connection, "match:1:v1", "match_claims") is True
        assert ledger.claim_key(connection, "match:1:v1", "match_claims") is False
    with store.db.read() as connection:
        assert ledger.is_done(connection, "match:1:v1")
        assert not ledger.is_done(connection, "match:1:v2")


def test_a_key_claimed_in_a_transaction_that_rolls_back_is_not_done(home: Path) -> None:
    store = Store()
    try:
        with store.db.transaction() as connection:
            ledger.claim_key(connection, "alert:7", "deliver_alert")
            raise RuntimeError("the work failed before it committed")
    except RuntimeError:
        pass
    with store.db.read() as connection:
        assert not ledger.is_done(connection, "alert:7")


def test_claiming_many_keys_records_only_those_not_done_before(home: Path) -> None:
    store = Store()
    with store.db.transaction() as connection:
        ledger.claim_keys(connection, ["match:1:v", "match:2:v"], "match_claims")
    with store.db.transaction() as connection:
        fresh = ledger.claim_keys(connection, ["match:2:v", "match:3:v", "match:3:v"], "match_claims")
    assert fresh == {"match:3:v"}


def test_a_dead_letter_is_kept_once_per_message_with_its_reason(home: Path) -> None:
    store = Store()
    for _ in range(2):  # told twice (a redelivered failure): one row
        with store.db.transaction() as connection:
            ledger.dead_letter(connection, message_id="m-1", task="deliver_alert", queue="alerts",
                               arguments=[3], tries=5, reason="FetchFailed: webhook answered HTTP 410")
    with store.db.transaction() as connection:
        ledger.dead_letter(connection, message_id="m-2", task="poll_source", queue="poll",
                           arguments=[1, "2026-12-05T00:00:00+00:00"], tries=5, reason="boom")
    with store.db.read() as connection:
        found = ledger.failures(connection)
    assert [(f.message_id, f.task, f.tries) for f in found] == [
        ("m-2", "poll_source", 5), ("m-1", "deliver_alert", 5)]
    assert found[1].reason == "FetchFailed: webhook answered HTTP 410"
    assert found[0].arguments == [1, "2026-12-05T00:00:00+00:00"]
