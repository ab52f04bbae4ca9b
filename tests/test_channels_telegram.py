"""The tipline on Telegram, driven over real HTTP: webhooks into the served app, replies out to
a stand-in Bot API on loopback."""

import time

import pytest
from sqlalchemy import func, select

from fixtures_channels import TELEGRAM_SECRET, TELEGRAM_TOKEN, send_telegram, telegram_update
from kiemchung.channels.tables import outbox, replies
from kiemchung.desk import publishing, queue, research, review
from kiemchung.desk.schema import tips
from kiemchung.errors import SettingError

NEW_CLAIM = "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"


def count(store, table):
    with store.db.read() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def eventually(check, timeout=10.0):
    """True once ``check()`` is (the follow-up is forgotten just after the platform took it)."""
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.05)
    return check()


def publish_verdict(store, people, text, rating="false"):
    item = next(i for i in queue.listing(store) if i.text == text)
    research.add_evidence(store, item.id, "https://www.who.int/news-room/fact-sheets/cancer",
                          "Không có thực phẩm nào chữa khỏi ung thư.", people["factchecker"])
    verdict = review.draft(store, item.id, people["factchecker"], text, rating,
                           "Không có bằng chứng nào cho thấy nước chanh chữa được ung thư.")
    return review.approve(store, verdict.id, people["editor"], "https://kiemchung.example")


def test_a_known_claim_is_answered_at_once_with_the_verdict_and_link(served, platforms,
                                                                    channel_store):
    response = send_telegram(served, telegram_update(1, "Vắc xin covid gây vô sinh cho phụ nữ"))
    assert response.status_code == 200
    [sent] = platforms.telegram()
    assert sent["chat_id"] == 987654321123
    assert "Đã có bài kiểm chứng" in sent["text"] and "Sai" in sent["text"]
    assert "https://factcheck.example/vac-xin-vo-sinh" in sent["text"]
    # Answered by another publisher's fact-check: nothing is owed, so no address is kept.
    assert count(channel_store, replies) == 0 and count(channel_store, tips) == 1


def test_a_reader_writing_in_english_is_answered_in_english(served, platforms):
    send_telegram(served, telegram_update(2, "Do COVID-19 vaccines make women infertile?",
                                          language="en"))
    [sent] = platforms.telegram()
    assert "fact-checked" in sent["text"] or "Reference" in sent["text"]


@pytest.mark.parametrize("secret", [None, "doan-bua"])
def test_a_webhook_without_the_secret_token_is_refused_and_nothing_is_kept(
        served, platforms, channel_store, secret):
    response = send_telegram(served, telegram_update(3, NEW_CLAIM), secret=secret)
    assert response.status_code == 403
    assert platforms.telegram() == []
    assert count(channel_store, tips) == 0 and count(channel_store, replies) == 0


@pytest.mark.sqlite_only  # the plaintext is looked for in the SQLite file itself
def test_a_new_claim_gets_a_code_and_the_verdict_when_it_is_published(
        served, platforms, channel_store, people):
    send_telegram(served, telegram_update(4, NEW_CLAIM))
    [ack] = platforms.telegram()
    code = ack["text"].split("Mã tra cứu: ")[1].split()[0]
    assert len(code) == 8 and "HỦY" in ack["text"]
    assert count(channel_store, replies) == 1
    assert b"987654321123" not in channel_store.db.path.read_bytes()  # sealed at rest

    slug = publish_verdict(channel_store, people, NEW_CLAIM)
    ack, told = platforms.wait(platforms.telegram, 2)
    assert told["chat_id"] == 987654321123
    assert code in told["text"] and "Sai" in told["text"]
    assert publishing.PATH + slug in told["text"]
    # Told once, then forgotten: the address and its follow-up are gone.
    assert eventually(lambda: count(channel_store, replies) + count(channel_store, outbox) == 0)


def test_a_reader_sent_the_desks_fact_check_is_told_of_its_correction(
        served, platforms, channel_store, people):
    send_telegram(served, telegram_update(5, NEW_CLAIM, chat_id=111))
    slug = publish_verdict(channel_store, people, NEW_CLAIM)
    platforms.wait(platforms.telegram, 2)

    send_telegram(served, telegram_update(6, NEW_CLAIM, chat_id=222))
    answered = [m for m in platforms.telegram() if m["chat_id"] == 222]
    assert len(answered) == 1 and "Đã có bài kiểm chứng" in answered[0]["text"]
    assert eventually(lambda: count(channel_store, replies) == 1)  # kept for a correction

    publishing.correct(channel_store, slug, people["editor2"], "Thêm nguồn của Bộ Y tế.",
                       explanation="Bộ Y tế và WHO: không có thực phẩm nào chữa khỏi ung thư.")
    told = platforms.wait(lambda: [m for m in platforms.telegram() if m["chat_id"] == 222], 2)
    assert "đính chính" in told[1]["text"] and "Sai" in told[1]["text"]
    assert publishing.PATH + slug in told[1]["text"]
    assert eventually(lambda: count(channel_store, replies) == 0)


def test_stop_forgets_the_reader_and_nothing_more_is_sent(served, platforms, channel_store,
                                                          people):
    send_telegram(served, telegram_update(7, NEW_CLAIM))
    assert count(channel_store, replies) == 1
    send_telegram(served, telegram_update(8, "HỦY"))
    ack, stopped = platforms.telegram()
    assert "Đã dừng" in stopped["text"]
    assert count(channel_store, replies) == 0

    publish_verdict(channel_store, people, NEW_CLAIM)
    from kiemchung.channels import followups

    assert followups.deliver(channel_store) == 0
    assert len(platforms.telegram()) == 2


def test_a_webhook_sent_again_is_answered_once(served, platforms, channel_store):
    update = telegram_update(9, NEW_CLAIM)
    send_telegram(served, update)
    send_telegram(served, update)
    assert len(platforms.telegram()) == 1 and count(channel_store, tips) == 1


PHOTO_SIZES = [{"file_id": "small", "file_unique_id": "s", "file_size": 900, "width": 90,
                "height": 60},
               {"file_id": "AgAD", "file_unique_id": "b", "file_size": 90000, "width": 1280,
                "height": 853}]


def serve_photo(site, data):
    site.route(f"/bot{TELEGRAM_TOKEN}/getFile",
               '{"ok": true, "result": {"file_id": "AgAD", "file_path": "photos/file_1.png"}}',
               content_type="application/json")
    site.route(f"/file/bot{TELEGRAM_TOKEN}/photos/file_1.png", data, content_type="image/png")


def test_a_screenshot_is_fetched_with_getfile_read_and_answered(served, platforms, site):
    from screenshots import png, render, require_tesseract

    require_tesseract()
    serve_photo(site, png(render("Vắc-xin COVID-19 gây vô sinh ở phụ nữ", theme="dark",
                                 width=720)))
    assert send_telegram(served, telegram_update(10, photo=PHOTO_SIZES)).status_code == 200
    [sent] = platforms.telegram()
    assert "https://factcheck.example/vac-xin-vo-sinh" in sent["text"]
    [asked] = platforms.sent("/getFile")
    assert asked == {"file_id": "AgAD"}  # the largest size


def test_a_photo_that_is_not_an_image_gets_a_polite_answer(served, platforms, site,
                                                           channel_store):
    serve_photo(site, b"\xff\xd8\xff\xe0 not really a picture")
    send_telegram(served, telegram_update(11, photo=PHOTO_SIZES))
    [sent] = platforms.telegram()
    assert "không đọc được chữ trong ảnh" in sent["text"]
    assert count(channel_store, tips) == 0 and count(channel_store, replies) == 0


def test_without_ocr_a_photo_is_answered_that_only_text_is_read(platforms, monkeypatch, request,
                                                                site):
    from screenshots import png, render

    monkeypatch.setenv("KIEMCHUNG_TESSERACT", "/nonexistent/tesseract")
    served = request.getfixturevalue("served")
    serve_photo(site, png(render("Vắc-xin COVID-19 gây vô sinh ở phụ nữ", width=720)))
    send_telegram(served, telegram_update(12, photo=PHOTO_SIZES))
    [sent] = platforms.telegram()
    assert "chỉ đọc được chữ" in sent["text"]


def test_set_webhook_points_telegram_at_the_public_address(platforms, channel_store):
    from kiemchung.cli import main

    assert main(["channels", "telegram", "set-webhook",
                 "https://kiemchung.example/channels/telegram"]) == 0
    [call] = platforms.sent("/setWebhook")
    assert call["url"] == "https://kiemchung.example/channels/telegram"
    assert call["secret_token"] == TELEGRAM_SECRET


def test_channels_refuse_to_start_without_a_key(platforms, channel_store, monkeypatch):
    from kiemchung.settings import Settings
    from kiemchung.web.app import create_app

    channel_store.settings = Settings.from_env().replace(KIEMCHUNG_CHANNEL_KEY="")
    with pytest.raises(SettingError, match="KIEMCHUNG_CHANNEL_KEY"):
        create_app(channel_store)
