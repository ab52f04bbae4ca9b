"""Follow-ups: queued with the publication, sent once, kept through failures, and reply
addresses sealed, forgotten on STOP and purged after the retention period."""

from datetime import timedelta

from sqlalchemy import func, select, update

from fixtures_channels import CHANNEL_KEY, TELEGRAM_TOKEN
from kiemchung.channels import followups
from kiemchung.channels.sealing import Sealer, new_key
from kiemchung.channels.tables import outbox, replies
from kiemchung.clock import iso, now
from kiemchung.desk import queue, research, review, tips
from kiemchung.settings import Settings

CLAIM = "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"


def count(store, table):
    with store.db.read() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def waiting_tip(store, address="555000111", channel="telegram", language="vi"):
    sealer = Sealer(store.settings)

    def keep(connection, tip_id):
        followups.remember(connection, sealer, tip_id, channel, address, language, "verdict")

    return tips.submit(store, CLAIM, None, False, [], then=keep)


def publish(store, people):
    item = next(i for i in queue.listing(store) if i.text == CLAIM)
    research.add_evidence(store, item.id, "https://www.who.int/x", "Không có bằng chứng.",
                          people["factchecker"])
    verdict = review.draft(store, item.id, people["factchecker"], CLAIM, "false", "Sai.")
    return review.approve(store, verdict.id, people["editor"], "https://kiemchung.example")


def test_the_same_address_is_sealed_differently_each_time_and_opens_with_the_key():
    sealer = Sealer(Settings({"KIEMCHUNG_CHANNEL_KEY": CHANNEL_KEY}))
    first, second = sealer.seal("555000111"), sealer.seal("555000111")
    assert first != second and "555000111" not in first
    assert sealer.open(first) == sealer.open(second) == "555000111"
    assert Sealer(Settings({"KIEMCHUNG_CHANNEL_KEY": new_key()})).open(first) is None


def test_a_rotated_key_still_opens_addresses_sealed_with_the_old_one():
    old = Sealer(Settings({"KIEMCHUNG_CHANNEL_KEY": CHANNEL_KEY})).seal("42")
    rotated = Sealer(Settings({"KIEMCHUNG_CHANNEL_KEY": f"{new_key()},{CHANNEL_KEY}"}))
    assert rotated.open(old) == "42"


def test_a_failed_follow_up_is_kept_and_sent_once_when_the_platform_is_back(
        platforms, channel_store, people, site, monkeypatch):
    monkeypatch.setattr(followups, "deliver_soon", lambda store: None)
    waiting_tip(channel_store)
    site.route(f"/bot{TELEGRAM_TOKEN}/sendMessage", '{"ok": false}', status=502,
               content_type="application/json")
    publish(channel_store, people)  # queued in the publication's transaction
    assert count(channel_store, outbox) == 1
    assert followups.deliver(channel_store) == 0  # the platform is down: kept, tried later
    with channel_store.db.read() as connection:
        row = connection.execute(select(outbox)).one()
    assert row.attempts >= 1 and "502" in row.last_error and TELEGRAM_TOKEN not in row.last_error

    site.route(f"/bot{TELEGRAM_TOKEN}/sendMessage", '{"ok": true}',
               content_type="application/json")
    with channel_store.db.transaction() as connection:
        connection.execute(update(outbox).values(next_attempt_at=iso(now())))
    assert followups.deliver(channel_store) == 1
    assert followups.deliver(channel_store) == 0  # a rerun sends nothing twice
    assert "Kết luận" in platforms.telegram()[-1]["text"]
    assert count(channel_store, replies) == 0 and count(channel_store, outbox) == 0


def test_a_second_event_before_delivery_tells_the_reader_once(platforms, channel_store, people,
                                                             monkeypatch):
    monkeypatch.setattr(followups, "deliver_soon", lambda store: None)
    waiting_tip(channel_store)
    publish(channel_store, people)
    from kiemchung.desk.schema import items

    with channel_store.db.transaction() as connection:
        item_id = connection.execute(select(items.c.id)).scalar_one()
        assert followups.on_publish(connection, item_id) == 0
    assert count(channel_store, outbox) == 1


def test_stop_forgets_only_that_reader(platforms, channel_store):
    waiting_tip(channel_store, "111")
    waiting_tip(channel_store, "222")
    assert followups.forget(channel_store, Sealer(channel_store.settings), "telegram", "111") == 1
    assert count(channel_store, replies) == 1


def test_addresses_older_than_the_retention_period_are_purged(platforms, channel_store):
    waiting_tip(channel_store, "111")
    waiting_tip(channel_store, "222")
    with channel_store.db.transaction() as connection:
        first = connection.execute(select(replies.c.id).order_by(replies.c.id)).scalars().first()
        connection.execute(update(replies).where(replies.c.id == first)
                           .values(created_at=iso(now() - timedelta(days=31))))
    assert followups.purge(channel_store) == 1
    assert count(channel_store, replies) == 1


def test_the_monitor_cycle_sends_due_follow_ups_and_purges(platforms, channel_store, people,
                                                          monkeypatch):
    monkeypatch.setattr(followups, "deliver_soon", lambda store: None)
    waiting_tip(channel_store)
    publish(channel_store, people)
    assert followups.tend(channel_store) == (1, 0)
    assert platforms.telegram()[-1]["chat_id"] == 555000111


def test_the_commands_make_a_key_and_purge(home, capsys, monkeypatch):
    from cryptography.fernet import Fernet

    from kiemchung.cli import main

    assert main(["channels", "key"]) == 0
    key = capsys.readouterr().out.strip()
    Fernet(key)  # a usable key
    monkeypatch.setenv("KIEMCHUNG_CHANNEL_KEY", key)
    assert main(["channels", "purge"]) == 0
    assert "0 reply address(es) deleted" in capsys.readouterr().err


def test_a_channel_without_its_key_stops_the_command_with_one_line(home, capsys, monkeypatch):
    from kiemchung.cli import main

    monkeypatch.setenv("KIEMCHUNG_ZALO_ACCESS_TOKEN", "t")
    monkeypatch.setenv("KIEMCHUNG_ZALO_APP_ID", "1")
    monkeypatch.setenv("KIEMCHUNG_ZALO_OA_SECRET", "s")
    assert main(["channels", "deliver"]) == 1
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("error: ") and "KIEMCHUNG_CHANNEL_KEY" in error
