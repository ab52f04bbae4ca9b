"""The tipline on a Zalo Official Account over real HTTP: OA API v3 webhooks checked by
X-ZEvent-Signature (mac = sha256 of app id, body, timestamp and the OA secret key), replies
through a stand-in customer-service message API."""

import json

import pytest
from sqlalchemy import func, select

from fixtures_channels import ZALO_TOKEN, post, zalo_event, zalo_mac
from kiemchung.channels.tables import replies
from kiemchung.desk.schema import tips


def send(base, event, mac=None):
    body = json.dumps(event, ensure_ascii=False).encode()
    return post(f"{base}/channels/zalo", body, {"X-ZEvent-Signature": mac or zalo_mac(body)})


def count(store, table):
    with store.db.read() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_signed_text_is_answered_from_the_library(served, platforms):
    assert send(served, zalo_event("z1", "Cầu Long Biên khánh thành năm 1902 phải không"))\
        .status_code == 200
    [sent] = platforms.zalo()
    assert sent["recipient"] == {"user_id": "2468135790123456789"}
    assert "https://factcheck.example/cau-long-bien" in sent["message"]["text"]
    [call] = [seen for seen in platforms.site.seen if seen.path.endswith("/oa/message/cs")]
    assert call.headers.get("access_token") == ZALO_TOKEN


@pytest.mark.parametrize("mac", ["mac=" + "f" * 64, "deadbeef"])
def test_a_webhook_with_a_wrong_mac_is_refused_and_nothing_is_kept(served, platforms,
                                                                  channel_store, mac):
    assert send(served, zalo_event("z2", "Tin đồn mới về giá xăng"), mac=mac).status_code == 403
    assert platforms.zalo() == [] and count(channel_store, tips) == 0


def test_a_mac_made_with_the_app_secret_instead_of_the_oa_secret_is_refused(served, platforms):
    body = json.dumps(zalo_event("z3", "Tin đồn")).encode()
    response = post(f"{served}/channels/zalo", body,
                    {"X-ZEvent-Signature": zalo_mac(body, secret="app-secret-not-oa")})
    assert response.status_code == 403 and platforms.zalo() == []


@pytest.mark.sqlite_only  # the plaintext is looked for in the SQLite file itself
def test_a_new_claim_is_queued_with_a_code_and_its_address_sealed(served, platforms,
                                                                 channel_store):
    send(served, zalo_event("z4", "Hà Nội sẽ cấm hoàn toàn xe máy từ tháng sau"))
    [sent] = platforms.zalo()
    assert "Mã tra cứu" in sent["message"]["text"]
    assert count(channel_store, replies) == 1
    assert b"2468135790123456789" not in channel_store.db.path.read_bytes()


def test_other_events_are_acknowledged_and_ignored(served, platforms, channel_store):
    event = {"app_id": "4318412342389472", "event_name": "follow", "timestamp": "1733400000123",
             "follower": {"id": "2468135790123456789"}}
    assert send(served, event).json() == {"ok": True, "answered": 0}
    assert platforms.zalo() == [] and count(channel_store, tips) == 0
