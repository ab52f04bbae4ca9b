"""The tipline on Facebook Messenger over real HTTP: the hub.challenge set-up, webhooks signed
with X-Hub-Signature-256, replies through a stand-in Send API, and links read."""

import json

import httpx
import pytest
from sqlalchemy import func, select

from fixtures_channels import PAGE_TOKEN, VERIFY_TOKEN, messenger_event, messenger_signature, post
from kiemchung.desk.schema import tips

ARTICLE = """<!doctype html><html><head><title>Tin nóng: vắc-xin COVID-19 gây vô sinh ở phụ nữ
</title></head><body><nav>Trang chủ | Thời sự | Sức khỏe</nav><article><h1>Vắc-xin COVID-19 gây
vô sinh ở phụ nữ, chuyên gia cảnh báo</h1><p>Nhiều người chia sẻ rằng vắc-xin COVID-19 gây vô
sinh ở phụ nữ sau khi tiêm hai mũi. Bài đăng lan truyền trên mạng xã hội suốt tuần qua và được
chia sẻ hàng nghìn lần trong các nhóm phụ huynh.</p><p>Người đăng khẳng định đã có nhiều trường
hợp không thể mang thai sau khi tiêm chủng, và kêu gọi mọi người không đưa con đi tiêm.</p>
</article><footer>Bản quyền thuộc về trang tin</footer></body></html>"""


def send(base, event, signature=None):
    body = json.dumps(event, ensure_ascii=False).encode()
    headers = {"X-Hub-Signature-256": signature or messenger_signature(body)}
    return post(f"{base}/channels/messenger", body, headers)


def test_the_webhook_set_up_echoes_the_challenge_only_with_the_verify_token(served, platforms):
    ok = httpx.get(f"{served}/channels/messenger", params={
        "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = httpx.get(f"{served}/channels/messenger", params={
        "hub.mode": "subscribe", "hub.verify_token": "doan", "hub.challenge": "1158201444"})
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


def test_a_signed_message_is_answered_through_the_send_api(served, platforms):
    assert send(served, messenger_event("m_1", "vac xin covid gay vo sinh o phu nu")).status_code \
        == 200
    [sent] = platforms.messenger()
    assert sent["recipient"] == {"id": "6789012345678901"}
    assert sent["messaging_type"] == "RESPONSE"
    assert "https://factcheck.example/vac-xin-vo-sinh" in sent["message"]["text"]
    assert platforms.site.seen[-1].path.endswith(f"access_token={PAGE_TOKEN}")


@pytest.mark.parametrize("signature", ["sha256=" + "0" * 64, "sha1=abc", ""])
def test_a_forged_or_unsigned_webhook_is_refused_and_nothing_is_kept(served, platforms,
                                                                    channel_store, signature):
    event = messenger_event("m_2", "Cầu Rồng phun lửa bằng khí đốt nhập từ Nga")
    body = json.dumps(event).encode()
    headers = {"X-Hub-Signature-256": signature} if signature else {}
    response = post(f"{served}/channels/messenger", body, headers)
    assert response.status_code == 403
    assert platforms.messenger() == []
    with channel_store.db.read() as connection:
        assert connection.execute(select(func.count()).select_from(tips)).scalar_one() == 0


def test_a_body_changed_after_signing_is_refused(served, platforms):
    signed = json.dumps(messenger_event("m_3", "Tin thật")).encode()
    changed = json.dumps(messenger_event("m_3", "Tin đã bị sửa")).encode()
    response = post(f"{served}/channels/messenger", changed,
                    {"X-Hub-Signature-256": messenger_signature(signed)})
    assert response.status_code == 403 and platforms.messenger() == []


def test_a_link_is_read_through_the_guarded_fetch_and_matched(served, platforms, site):
    site.route("/bai-viet/vac-xin", ARTICLE)
    send(served, messenger_event("m_4", f"Cái này có thật không? {site.base}/bai-viet/vac-xin"))
    [sent] = platforms.messenger()
    assert "https://factcheck.example/vac-xin-vo-sinh" in sent["message"]["text"]
    assert site.requests("/bai-viet/vac-xin")  # fetched, robots.txt asked first
    assert site.requests("/robots.txt")


def test_a_link_that_cannot_be_read_gets_a_polite_answer(served, platforms, site):
    send(served, messenger_event("m_5", f"{site.base}/khong-co"))
    [sent] = platforms.messenger()
    assert "không mở được" in sent["message"]["text"]


def test_echoes_of_the_pages_own_messages_are_not_answered(served, platforms, channel_store):
    event = messenger_event("m_6", "Tin nhắn của trang")
    event["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    assert send(served, event).json()["answered"] == 0
    assert platforms.messenger() == []


def test_a_copy_of_a_debunked_photo_is_recognised_without_any_text(served, platforms, site,
                                                                  channel_store):
    from kiemchung.images import attach
    from screenshots import jpeg, photo, png, require_tesseract

    require_tesseract()
    attach(channel_store, "https://factcheck.example/vac-xin-vo-sinh", png(photo(7)))
    site.route("/cdn/anh.jpg", jpeg(photo(7).resize((640, 480)), 55), content_type="image/jpeg")
    send(served, messenger_event("m_7", attachments=[
        {"type": "image", "payload": {"url": f"{site.base}/cdn/anh.jpg"}}]))
    [sent] = platforms.messenger()
    assert "https://factcheck.example/vac-xin-vo-sinh" in sent["message"]["text"]
