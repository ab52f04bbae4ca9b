"""Every write refuses anonymous callers before reading its body; roles are enforced per route."""

import pytest
from starlette.routing import Mount

from fixtures_desk import DESK_PASSWORD, csrf_of, log_in
from kiemchung.cli import main
from kiemchung.desk import users
from kiemchung.web.app import create_app
from kiemchung.web.auth import OPEN_WRITES

DESK_PAGES = ["/desk", "/desk/claims/1", "/desk/review", "/desk/dashboard", "/desk/audit",
              "/desk/audit.csv", "/desk/users", "/desk/factchecks/x/correct"]
ADMIN_ONLY = ["/desk/audit", "/desk/audit.csv", "/api/v1/audit"]


def concrete(path: str) -> str:
    return (path.replace("{item_id}", "1").replace("{verdict_id}", "1")
            .replace("{slug}", "x").replace("{code}", "ABC"))


def all_routes(routes):
    """Every endpoint route, also inside included routers (FastAPI nests them)."""
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from all_routes(nested.routes)
        elif not isinstance(route, Mount) and getattr(route, "methods", None):
            yield route


def write_routes(app):
    for route in all_routes(app.routes):
        for method in sorted(route.methods):
            if method not in ("GET", "HEAD", "OPTIONS"):
                yield method, route.path


def test_every_write_but_the_open_ones_refuses_anonymous_callers(desk_store, client):
    app = create_app(desk_store)
    routes = list(write_routes(app))
    assert len(routes) > 15  # the enumeration really sees the app's routes
    for method, path in routes:
        if (method, path) in OPEN_WRITES:
            continue
        # A body that would fail validation: the refusal must come first.
        response = client.request(method, concrete(path), content=b"{not json",
                                  headers={"content-type": "application/json"})
        assert response.status_code == 401, (method, path, response.status_code)
        form = client.request(method, concrete(path), data={"csrf_token": csrf_of(client)})
        assert form.status_code == 401, (method, path)


def test_open_writes_are_exactly_the_tipline_matching_and_login(desk_store):
    from kiemchung.web.routes_channels import WEBHOOKS

    app = create_app(desk_store)
    routes = set()
    for method, path in write_routes(app):  # the one webhook route, as each platform calls it
        names = WEBHOOKS if path == "/channels/{name}" else (None,)
        routes |= {(method, path.replace("{name}", name or "")) for name in names}
    open_ones = {(m, p) for m, p in routes if (m, p) in OPEN_WRITES}
    assert open_ones == OPEN_WRITES
    assert {p for m, p in open_ones if p.startswith("/api/")} == {
        "/api/v1/match", "/api/v1/tips", "/api/v1/session"}


@pytest.mark.parametrize("path", DESK_PAGES + ["/api/v1/queue", "/api/v1/claims/1",
                                               "/api/v1/audit"])
def test_desk_pages_need_a_login(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code in (401, 303)
    if response.status_code == 303:
        assert response.headers["location"].startswith("/dang-nhap")


@pytest.mark.parametrize("path", ADMIN_ONLY)
def test_audit_log_is_for_admins_only(client, people, path):
    log_in(client, "bien.tap@toasoan.vn")
    assert client.get(path).status_code == 403
    log_in(client, "admin@toasoan.vn")
    assert client.get(path).status_code == 200


def test_reviewer_only_routes_refuse_fact_checkers(client, people):
    token = log_in(client, "kiem.chung@toasoan.vn")
    assert client.post("/desk/verdicts/1/review", data={"csrf_token": token,
                                                        "decision": "approve"}).status_code == 403
    assert client.post("/desk/factchecks/x/correct", data={"csrf_token": token, "note": "n"}
                       ).status_code == 403
    assert client.get("/desk/factchecks/x/correct").status_code == 403
    for path in ("/desk/users", "/desk/users/role"):
        assert client.post(path, data={"csrf_token": token, "email": "a@b.vn",
                                       "role": "admin"}).status_code == 403


def test_desk_forms_need_the_csrf_token(client, people):
    log_in(client, "kiem.chung@toasoan.vn")
    assert client.post("/desk/claims/1/notes", data={"body": "x"}).status_code == 403


def test_api_token_allows_scripted_writes_and_session_api_needs_csrf_header(client, desk_store,
                                                                            people):
    client.post("/api/v1/tips", json={"text": "Tin cần kiểm chứng về giá điện tăng 300%"})
    token = users.create_token(desk_store, "kiem.chung@toasoan.vn")
    client.cookies.clear()
    bearer = {"authorization": f"Bearer {token}"}
    item_id = client.get("/api/v1/queue", headers=bearer).json()["items"][0]["id"]
    assert client.post(f"/api/v1/claims/{item_id}/notes", json={"body": "ghi chú"},
                       headers=bearer).status_code == 201
    assert client.post(f"/api/v1/claims/{item_id}/notes", json={"body": "x"},
                       headers={"authorization": "Bearer kc_wrong"}).status_code == 401
    login = client.post("/api/v1/session", json={"email": "kiem.chung@toasoan.vn",
                                                 "password": DESK_PASSWORD})
    assert login.status_code == 200
    assert client.post(f"/api/v1/claims/{item_id}/notes", json={"body": "x"}).status_code == 403
    assert client.post(f"/api/v1/claims/{item_id}/notes", json={"body": "x"},
                       headers={"x-csrf-token": csrf_of(client)}).status_code == 201


def test_session_cookie_flags_and_password_reset_ends_sessions(client, desk_store, people):
    client.get("/dang-nhap")
    response = client.post("/dang-nhap", data={"email": "bien.tap@toasoan.vn",
                                               "password": DESK_PASSWORD, "next": "/desk",
                                               "csrf_token": csrf_of(client)},
                           follow_redirects=False)
    cookie = [v for k, v in response.headers.multi_items() if k == "set-cookie"
              and v.startswith("kc_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert client.get("/desk").status_code == 200
    users.reset_password(desk_store, "bien.tap@toasoan.vn", "mot-mat-khau-moi")
    assert client.get("/desk", follow_redirects=False).status_code == 303


def test_wrong_password_and_open_redirect(client, people):
    token = csrf_of(client)
    bad = client.post("/dang-nhap", data={"email": "bien.tap@toasoan.vn", "password": "sai",
                                          "csrf_token": token})
    assert bad.status_code == 401 and "không đúng" in bad.text
    ok = client.post("/dang-nhap", data={"email": "bien.tap@toasoan.vn",
                                         "password": DESK_PASSWORD, "csrf_token": token,
                                         "next": "//evil.example/"}, follow_redirects=False)
    assert ok.headers["location"] == "/desk"


def test_users_cli_adds_resets_and_makes_tokens(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIEMCHUNG_HOME", str(tmp_path))
    assert main(["users", "add", "lan@toasoan.vn", "--role", "editor", "--password",
                 "mat-khau-rat-dai"]) == 0
    assert main(["users", "add", "lan@toasoan.vn", "--role", "editor", "--password",
                 "mat-khau-rat-dai"]) == 1
    assert main(["users", "add", "x@toasoan.vn", "--role", "boss", "--password",
                 "mat-khau-rat-dai"]) == 1
    assert "unknown role" in capsys.readouterr().err
    assert main(["users", "reset-password", "lan@toasoan.vn", "--password", "ngan"]) == 1
    assert main(["users", "reset-password", "lan@toasoan.vn", "--password",
                 "mat-khau-moi-dai"]) == 0
    capsys.readouterr()
    assert main(["users", "token", "lan@toasoan.vn"]) == 0
    assert capsys.readouterr().out.startswith("kc_")


def _session_cookie(client):
    return client.cookies.get("kc_session")


def test_logging_out_ends_the_session_for_real(client, web_app, people):
    from fastapi.testclient import TestClient

    token = log_in(client, "bien.tap@toasoan.vn")
    old = _session_cookie(client)
    assert client.post("/dang-xuat", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    with TestClient(web_app) as replay:  # someone who kept a copy of the cookie
        replay.cookies.set("kc_session", old)
        assert replay.get("/desk", follow_redirects=False).status_code == 303
        assert replay.get("/api/v1/queue").status_code == 401


def test_logging_out_through_the_api_ends_the_session(client, web_app, people):
    from fastapi.testclient import TestClient

    login = client.post("/api/v1/session", json={"email": "bien.tap@toasoan.vn",
                                                 "password": DESK_PASSWORD})
    old, csrf = _session_cookie(client), login.json()["csrf_token"]
    assert csrf == csrf_of(client)
    assert client.delete("/api/v1/session", headers={"x-csrf-token": csrf}).status_code == 204
    with TestClient(web_app) as replay:
        replay.cookies.set("kc_session", old)
        assert replay.get("/api/v1/queue").status_code == 401


def test_logging_in_rotates_the_session_and_its_csrf_token(client, web_app, people):
    from fastapi.testclient import TestClient

    before = csrf_of(client)
    after = log_in(client, "kiem.chung@toasoan.vn")
    first = _session_cookie(client)
    assert after != before
    # The token known before logging in (a planted cookie, say) no longer passes.
    assert client.post("/desk/claims/1/notes", data={"body": "x", "csrf_token": before}
                       ).status_code == 403
    client.post("/dang-nhap", data={"email": "kiem.chung@toasoan.vn", "password": DESK_PASSWORD,
                                    "csrf_token": after, "next": "/desk"})
    assert _session_cookie(client) != first and csrf_of(client) != after
    with TestClient(web_app) as replay:  # logging in again ended the browser's old session
        replay.cookies.set("kc_session", first)
        assert replay.get("/api/v1/queue").status_code == 401


def test_the_csrf_token_is_bound_to_the_session_not_to_a_cookie(client, people):
    log_in(client, "kiem.chung@toasoan.vn")
    client.cookies.set("kc_csrf", "chosen-by-the-attacker")
    refused = client.post("/desk/claims/1/notes", data={"body": "x",
                                                         "csrf_token": "chosen-by-the-attacker"})
    assert refused.status_code == 403
    api = client.post("/api/v1/claims/1/notes", json={"body": "x"},
                      headers={"x-csrf-token": "chosen-by-the-attacker"})
    assert api.status_code == 403


def test_a_token_alone_cannot_make_a_token(client, desk_store, people):
    token = users.create_token(desk_store, "admin@toasoan.vn")
    client.cookies.clear()
    client.cookies.set("kc_csrf", "self-chosen")
    response = client.post("/desk/tokens", data={"csrf_token": "self-chosen", "name": "more"},
                           headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 401  # tokens count on /api/ only
    assert "kc_" not in response.text
    assert [t.name for t in users.tokens(desk_store, "admin@toasoan.vn")] == ["script"]
    for path, data in (("/desk/users", {"email": "x@toasoan.vn", "role": "admin",
                                        "password": "mat-khau-rat-dai"}),
                       ("/desk/users/role", {"email": "kiem.chung@toasoan.vn", "role": "admin"})):
        assert client.post(path, data={"csrf_token": "self-chosen", **data},
                           headers={"authorization": f"Bearer {token}"}).status_code == 401
    assert users.by_email(desk_store, "kiem.chung@toasoan.vn").role == "factchecker"


def test_removing_a_user_ends_their_open_session_and_token_at_once(client, desk_store, people):
    token = users.create_token(desk_store, "kiem.chung@toasoan.vn")
    log_in(client, "kiem.chung@toasoan.vn")
    assert client.get("/api/v1/queue").status_code == 200
    users.remove(desk_store, "kiem.chung@toasoan.vn", actor="admin@toasoan.vn")
    assert client.get("/api/v1/queue").status_code == 401
    assert client.get("/desk", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert client.get("/api/v1/queue", headers={"authorization": f"Bearer {token}"}
                      ).status_code == 401


def test_a_shared_queue_link_keeps_its_filters_through_the_login(client, people):
    response = client.get("/desk?status=researching&assignee=mine", follow_redirects=False)
    assert response.headers["location"] == (
        "/dang-nhap?next=/desk%3Fstatus%3Dresearching%26assignee%3Dmine")
    login = client.get(response.headers["location"])
    assert 'value="/desk?status=researching&amp;assignee=mine"' in login.text


def test_the_language_switch_after_a_refused_form_leads_back_to_its_page(client, desk_store,
                                                                        people):
    from fixtures_desk import log_in
    from kiemchung.desk import queue, tips

    tips.submit(desk_store, "Cầu Rồng phun lửa mỗi tối thứ Hai", None, False, [])
    item = queue.listing(desk_store)[0]
    token = log_in(client, "kiem.chung@toasoan.vn")
    page = client.post(f"/desk/claims/{item.id}/notes", data={"csrf_token": token, "body": " "},
                       headers={"referer": f"http://testserver/desk/claims/{item.id}"})
    assert page.status_code == 400
    assert f'/lang/en?next=/desk/claims/{item.id}"' in page.text
