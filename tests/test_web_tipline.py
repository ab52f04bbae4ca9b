import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from conftest import csrf_of

from kiemchung.web.app import create_app
from kiemchung.web.security import Limit


def test_match_answers_like_the_cli(client):
    body = client.post("/api/v1/match", json={"text": "vac xin covid gay vo sinh o phu nu"}).json()
    assert set(body) == {"id", "matched", "matches"}
    assert body["matched"] is True
    first = body["matches"][0]
    assert set(first) == {"url", "claim", "rating", "score"}
    assert first["url"] == "https://factcheck.example/vac-xin-vo-sinh" and first["rating"] == "Sai"


def test_unanswered_tip_is_queued_with_a_code_to_look_up(client):
    tip = client.post("/api/v1/tips", json={"text": "Ăn tỏi sống chữa khỏi COVID-19"})
    assert tip.status_code == 201
    body = tip.json()
    assert body["matched"] is False and body["status"] == "new" and len(body["code"]) == 8
    looked = client.get(f"/api/v1/tips/{body['code'].lower()}").json()
    assert looked["status"] == "new"
    page = client.get("/tra-cuu", params={"code": body["code"]}).text
    assert "Ăn tỏi sống chữa khỏi COVID-19" in page and "Mới" in page


def test_tipline_form_answers_a_known_claim_at_once(client):
    page = client.post("/gui-tin", data={"text": "Vắc xin covid gây vô sinh cho phụ nữ",
                                         "csrf_token": csrf_of(client)})
    assert page.status_code == 200
    assert "Đã có bài kiểm chứng" in page.text
    assert "https://factcheck.example/vac-xin-vo-sinh" in page.text


def test_tipline_form_queues_an_unknown_claim(client):
    page = client.post("/gui-tin", data={"text": "Cầu Rồng phun lửa bằng khí đốt nhập từ Nga",
                                         "contact": "", "csrf_token": csrf_of(client)})
    assert "Mã tra cứu" in page.text and 'id="tip-code"' in page.text


def test_tipline_stores_only_text_and_chosen_contact(client, desk_store):
    client.post("/api/v1/tips", json={"text": "Tin đồn mới", "contact": "zalo 0901"},
                headers={"x-forwarded-for": "203.0.113.9", "user-agent": "Secret/1.0"})
    columns = {c["name"] for c in inspect(desk_store.db.engine).get_columns("desk_tips")}
    assert columns == {"id", "code", "text", "contact", "item_id", "matched_url", "created_at"}
    raw = desk_store.db.path.read_bytes()
    assert b"203.0.113.9" not in raw and b"testclient" not in raw and b"Secret/1.0" not in raw


def test_form_without_csrf_token_is_refused(client):
    assert client.post("/gui-tin", data={"text": "x"}).status_code == 403
    client.get("/")
    assert client.post("/gui-tin", data={"text": "x", "csrf_token": "wrong"}).status_code == 403


@pytest.mark.parametrize("payload, status", [
    ({"text": ""}, 422), ({}, 422), ({"text": 5}, 422), ({"text": "x" * 6000}, 422),
    ({"text": "ok", "contact": "c" * 500}, 422),
])
def test_malformed_tips_get_a_clear_4xx(client, payload, status):
    response = client.post("/api/v1/tips", json=payload)
    assert response.status_code == status
    assert response.json()["problems"]


def test_broken_json_and_oversized_bodies_are_4xx_not_500(client):
    broken = client.post("/api/v1/match", content=b'{"text": ',
                         headers={"content-type": "application/json"})
    assert broken.status_code == 422
    huge = client.post("/api/v1/match", content=b"x" * 2_000_000,
                       headers={"content-type": "application/json"})
    assert huge.status_code == 413
    form = client.post("/gui-tin", data={"text": "y" * 1_500_000})
    assert form.status_code == 413
    long_form = client.post("/gui-tin", data={"text": "y" * 6000, "csrf_token": csrf_of(client)})
    assert long_form.status_code == 400 and "5000" in long_form.text


def test_public_endpoints_are_rate_limited_per_client(desk_store):
    app = create_app(desk_store, limits={"write": Limit(3, 60), "read": Limit(5, 60),
                                         "login": Limit(2, 60)})
    with TestClient(app) as client:
        codes = [client.post("/api/v1/match", json={"text": "vac xin"}).status_code
                 for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert [client.get("/").status_code for _ in range(6)][-1] == 429
        assert client.get("/api/v1/health").status_code == 200  # health is never limited
        logins = [client.post("/api/v1/session", json={"email": "a@b.c", "password": "x"})
                  .status_code for _ in range(3)]
        assert logins == [401, 401, 429]
