"""Who may call what: every route of the app × every kind of caller, against one table.

The callers: nobody logged in, each role with a live session, an admin's API token, a removed
user's old session and token, and a revoked token. ``ACCESS`` says who each route is for; a
route added to the app without a line here fails ``test_every_route_has_an_entry``.

- ``open``: the same answer whoever asks (the caller's identity changes nothing), never a 5xx.
- ``desk``, ``reviewers``, ``admin``: a caller without a live session or token is refused (401,
  or a page redirecting to the login), a role not listed gets 403, the others get through.

API tokens count on ``/api/`` only: on the desk's pages and forms a token is nobody.
"""

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount

from fixtures_desk import DESK_LIBRARY, DESK_PASSWORD

OPEN, DESK, REVIEWERS, ADMIN = "open", "desk", "reviewers", "admin"
ALLOWED = {DESK: {"factchecker", "editor", "admin"}, REVIEWERS: {"editor", "admin"},
           ADMIN: {"admin"}}

ACCESS = {
    # the public site, the tipline, logging in, feeds, the API's open part
    ("GET", "/"): OPEN,
    ("GET", "/tim-kiem"): OPEN,
    ("GET", "/kiem-chung/{slug}"): OPEN,
    ("GET", "/kiem-chung/{slug}/the.png"): OPEN,
    ("GET", "/thang-danh-gia"): OPEN,
    ("GET", "/phuong-phap"): OPEN,
    ("GET", "/feed.rss"): OPEN,
    ("GET", "/feed.atom"): OPEN,
    ("GET", "/favicon.ico"): OPEN,
    # a source's archived copy: anyone's once published, the desk's before (test_web_public.py)
    ("GET", "/luu-tru/{name}"): OPEN,
    ("GET", "/gui-tin"): OPEN,
    ("POST", "/gui-tin"): OPEN,
    ("GET", "/tra-cuu"): OPEN,
    ("GET", "/dang-nhap"): OPEN,
    ("POST", "/dang-nhap"): OPEN,
    ("GET", "/lang/{code}"): OPEN,
    ("GET", "/docs"): OPEN,
    ("GET", "/openapi.json"): OPEN,
    ("GET", "/api/v1/health"): OPEN,
    ("GET", "/api/v1/factchecks"): OPEN,
    ("POST", "/api/v1/match"): OPEN,
    ("POST", "/api/v1/tips"): OPEN,
    ("GET", "/api/v1/tips/{code}"): OPEN,
    ("POST", "/api/v1/session"): OPEN,
    # messaging platforms' webhooks: checked against the platform's own secret, not a login
    ("GET", "/channels/messenger"): OPEN,
    ("POST", "/channels/{name}"): OPEN,
    # everyone on the desk
    ("POST", "/dang-xuat"): DESK,
    ("DELETE", "/api/v1/session"): DESK,
    ("GET", "/api/v1/queue"): DESK,
    ("GET", "/api/v1/claims/{item_id}"): DESK,
    ("POST", "/api/v1/claims/{item_id}/notes"): DESK,
    ("POST", "/api/v1/claims/{item_id}/evidence"): DESK,
    ("POST", "/api/v1/claims/{item_id}/verdicts"): DESK,
    ("GET", "/desk"): DESK,
    ("POST", "/desk/bulk"): DESK,
    ("GET", "/desk/claims/{item_id}"): DESK,
    ("GET", "/desk/images/{sha256}"): DESK,
    ("POST", "/desk/claims/{item_id}/status"): DESK,
    ("POST", "/desk/claims/{item_id}/assign"): DESK,
    ("POST", "/desk/claims/{item_id}/notes"): DESK,
    ("POST", "/desk/claims/{item_id}/evidence"): DESK,
    ("POST", "/desk/claims/{item_id}/draft"): DESK,
    ("POST", "/desk/claims/{item_id}/verdict"): DESK,
    ("POST", "/desk/preview"): DESK,
    ("GET", "/desk/review"): DESK,
    ("GET", "/desk/dashboard"): DESK,
    ("GET", "/desk/users"): DESK,
    ("POST", "/desk/tokens"): DESK,
    ("POST", "/desk/tokens/revoke"): DESK,
    # editors and admins: review and corrections
    ("POST", "/api/v1/verdicts/{verdict_id}/review"): REVIEWERS,
    ("POST", "/api/v1/factchecks/{slug}/corrections"): REVIEWERS,
    ("POST", "/desk/verdicts/{verdict_id}/review"): REVIEWERS,
    ("GET", "/desk/factchecks/{slug}/correct"): REVIEWERS,
    ("POST", "/desk/factchecks/{slug}/correct"): REVIEWERS,
    ("POST", "/desk/factchecks/{slug}/correct/draft"): REVIEWERS,
    # admins: the audit log and the people on the desk
    ("GET", "/api/v1/audit"): ADMIN,
    ("GET", "/desk/audit"): ADMIN,
    ("GET", "/desk/audit.csv"): ADMIN,
    ("POST", "/desk/users"): ADMIN,
    ("POST", "/desk/users/role"): ADMIN,
    ("POST", "/desk/users/deactivate"): ADMIN,
    ("POST", "/desk/users/activate"): ADMIN,
    ("POST", "/desk/users/remove"): ADMIN,
}


def app_routes(app):
    """(method, path) of every endpoint, also inside included routers; HEAD mirrors GET."""
    def walk(routes):
        for route in routes:
            nested = getattr(route, "original_router", None)
            if nested is not None:
                yield from walk(nested.routes)
            elif not isinstance(route, Mount) and getattr(route, "methods", None):
                for method in sorted(route.methods - {"HEAD"}):
                    yield method, route.path

    return set(walk(app.routes))


@dataclass
class Caller:
    name: str
    role: str | None  # what the desk should see: a role, or nobody
    session_of: object = None  # a user to open a fresh session for, per request
    cookie: str | None = None  # a session cookie kept from before (the removed user's)
    token: str | None = None


@dataclass
class World:
    app: object
    store: object
    callers: list
    values: dict


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from kiemchung.desk import research, review, tips, users
    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks
    from kiemchung.store import Store
    from kiemchung.web.app import create_app
    from kiemchung.web.security import Limit

    home = tmp_path_factory.mktemp("authorization")
    store = Store(home)
    add_factchecks(store, [
        FactCheck(url=url, claim_reviewed=claim, rating_text=text, rating_label=label,
                  language="vi", publisher="Báo Kiểm Chứng Mẫu", date_published="2024-05-01")
        for url, claim, text, label in DESK_LIBRARY])
    app = create_app(store, limits={name: Limit(100_000, 60.0)
                                    for name in ("write", "login", "read")})
    people = {role: users.add(store, f"{role}@toasoan.vn", DESK_PASSWORD, role, role)
              for role in ("admin", "editor", "factchecker")}
    gone = users.add(store, "da.nghi@toasoan.vn", DESK_PASSWORD, "admin", "Đã nghỉ")
    gone_cookie = _session_cookie(app, store, gone)
    gone_token = users.create_token(store, gone.email)
    users.remove(store, gone.email)
    revoked = users.create_token(store, people["admin"].email, "old")
    users.revoke_tokens(store, people["admin"].email)
    admin_token = users.create_token(store, people["admin"].email, "ci")

    # One published fact-check and one draft waiting for review, for the routes' ids.
    for text in ("Uống nước chanh nóng chữa khỏi ung thư", "Hà Nội cấm xe máy từ năm sau"):
        tips.submit(store, text, None, False, [])
    from kiemchung.desk import queue
    first, second = sorted(queue.listing(store), key=lambda item: item.id)
    for item in (first, second):
        research.add_evidence(store, item.id, "https://www.who.int/x", "Đã đọc.",
                              people["factchecker"])
    done = review.draft(store, first.id, people["factchecker"], first.text, "false", "Sai.")
    slug = review.approve(store, done.id, people["editor"], "http://testserver")
    waiting = review.draft(store, second.id, people["factchecker"], second.text, "false", "Sai.")

    callers = [
        Caller("anonymous", None),
        *[Caller(role, role, session_of=people[role]) for role in people],
        Caller("admin's API token", "admin", token=admin_token),
        Caller("removed user's session", None, cookie=gone_cookie),
        Caller("removed user's token", None, token=gone_token),
        Caller("revoked token", None, token=revoked),
    ]
    values = {"{slug}": slug, "{item_id}": str(second.id), "{verdict_id}": str(waiting.id),
              "{code}": "ABC", "{name}": "telegram", "{sha256}": "0" * 64}
    yield World(app, store, callers, values)
    store.close()


def _session_cookie(app, store, user) -> str:
    value, _ = app.state.services.sessions.start(store, user)
    return value


def concrete(path: str, values: dict) -> str:
    for name, value in values.items():
        path = path.replace(name, value)
    return path


def call(world: World, client: TestClient, method: str, path: str, caller: Caller):
    """One request as ``caller``, with what a well-behaved client of that kind sends: the
    session's CSRF token on writes, an empty body (refused before use, or a 4xx)."""
    client.cookies.clear()
    headers, csrf = {}, "anonymous-csrf-token-1234"
    if caller.session_of is not None:
        from kiemchung.desk import sessions

        session = sessions.start(world.store, caller.session_of)
        cookie = world.app.state.services.sessions.serializer.dumps({"s": session.token})
        client.cookies.set("kc_session", cookie)
        csrf = session.csrf
    elif caller.cookie is not None:
        client.cookies.set("kc_session", caller.cookie)
    if caller.token is not None:
        headers["authorization"] = f"Bearer {caller.token}"
    client.cookies.set("kc_csrf", csrf)
    url = concrete(path, world.values)
    if method == "GET":
        return client.request(method, url, headers=headers, follow_redirects=False)
    if path.startswith("/api/"):
        headers["x-csrf-token"] = csrf
        return client.request(method, url, json={}, headers=headers, follow_redirects=False)
    return client.request(method, url, data={"csrf_token": csrf}, headers=headers,
                          follow_redirects=False)


def refused_as_nobody(response, path: str) -> bool:
    if response.status_code == 401:
        return True
    return (response.status_code == 303 and not path.startswith("/api/")
            and response.headers["location"].startswith("/dang-nhap"))


def test_every_route_has_an_entry(world):
    routes = app_routes(world.app)
    assert len(routes) > 40  # the walk really sees the app's routes
    missing = sorted(routes - set(ACCESS))
    assert not missing, f"add these routes to ACCESS in {__file__}: {missing}"
    assert not sorted(set(ACCESS) - routes), "ACCESS lists routes the app no longer has"


@pytest.mark.parametrize("method, path", sorted(ACCESS))
def test_each_caller_gets_what_the_table_says(world, method, path):
    who = ACCESS[(method, path)]
    if (method, path) not in app_routes(world.app):
        pytest.skip("not a route of this app (test_every_route_has_an_entry says so)")
    answers = {}
    with TestClient(world.app) as client:
        for caller in world.callers:
            response = call(world, client, method, path, caller)
            answers[caller.name] = response.status_code
            assert response.status_code < 500, (caller.name, response.status_code)
            # A token is an API credential: on pages and forms it is nobody.
            role = caller.role if caller.token is None or path.startswith("/api/") else None
            if who == OPEN:
                continue
            if role is None:
                assert refused_as_nobody(response, path), (caller.name, response.status_code)
            elif role not in ALLOWED[who]:
                assert response.status_code == 403, (caller.name, response.status_code)
            else:
                assert not refused_as_nobody(response, path), (caller.name, response.status_code)
                assert response.status_code != 403, (caller.name, response.text[:300])
    if who == OPEN:
        assert len(set(answers.values())) == 1, answers  # whoever asks, the same answer
