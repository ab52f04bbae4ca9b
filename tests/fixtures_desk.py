"""The desk and the web app: a migrated store with a small library, a user per role, an in-process
client and the form helpers (tests/test_web_*.py, tests/test_desk_*.py, tests/browser/)."""

import re

import pytest

DESK_PASSWORD = "mat-khau-du-dai"
DESK_LIBRARY = [
    ("https://factcheck.example/vac-xin-vo-sinh", "Vắc-xin COVID-19 gây vô sinh ở phụ nữ", "Sai",
     "false"),
    ("https://factcheck.example/sau-rieng-bia", "Ăn sầu riêng rồi uống bia chắc chắn gây tử vong",
     "Gây hiểu lầm", "misleading"),
    ("https://factcheck.example/cau-long-bien", "Cầu Long Biên được khánh thành năm 1902",
     "Đúng", "true"),
]


@pytest.fixture
def desk_store(tmp_path, monkeypatch):
    """A migrated store in a temporary data directory, with a three-entry library."""
    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks
    from kiemchung.store import Store

    monkeypatch.setenv("KIEMCHUNG_HOME", str(tmp_path))
    store = Store(tmp_path)
    add_factchecks(store, [
        FactCheck(url=url, claim_reviewed=claim, rating_text=text, rating_label=label,
                  language="vi", publisher="Báo Kiểm Chứng Mẫu", date_published="2024-05-01")
        for url, claim, text, label in DESK_LIBRARY])
    yield store
    store.close()


@pytest.fixture
def people(desk_store):
    """One desk user per role (and a second editor), by role name."""
    from kiemchung.desk import users

    return {
        "admin": users.add(desk_store, "admin@toasoan.vn", DESK_PASSWORD, "admin", "Quản Trị"),
        "editor": users.add(desk_store, "bien.tap@toasoan.vn", DESK_PASSWORD, "editor", "Minh"),
        "editor2": users.add(desk_store, "bien.tap2@toasoan.vn", DESK_PASSWORD, "editor", "Hà"),
        "factchecker": users.add(desk_store, "kiem.chung@toasoan.vn", DESK_PASSWORD,
                                 "factchecker", "Lan"),
    }


@pytest.fixture
def web_app(desk_store):
    from kiemchung.web.app import create_app
    from kiemchung.web.security import Limit

    unlimited = {name: Limit(100_000, 60.0) for name in ("write", "login", "read")}
    return create_app(desk_store, limits=unlimited)


@pytest.fixture
def client(web_app):
    from fastapi.testclient import TestClient

    with TestClient(web_app) as test_client:
        yield test_client


def csrf_of(client) -> str:
    """The CSRF token a page gave this client (fetching one page if none yet)."""
    if not client.cookies.get("kc_csrf"):
        client.get("/dang-nhap")
    return client.cookies.get("kc_csrf")


def log_in(client, email: str) -> str:
    """Log in through the form; returns the CSRF token of the new session for later forms."""
    client.cookies.clear()
    token = csrf_of(client)
    response = client.post("/dang-nhap", data={"email": email, "password": DESK_PASSWORD,
                                               "csrf_token": token, "next": "/desk"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client.cookies.get("kc_csrf")  # a login starts a new session with a new token


def links(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)
