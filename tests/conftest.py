from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, used as KIEMCHUNG_HOME for the test."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("KIEMCHUNG_HOME", str(path))
    return path


# -- a local web site for the monitor's tests (127.0.0.1 only, started by the test) -------------
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402
from typing import Any, Iterator  # noqa: E402


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Site:
    """Routes a test fills in (path → response or function), and every request received."""

    base: str = ""
    routes: dict[str, Any] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def route(self, path: str, body: str | bytes = b"", *, status: int = 200,
              content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None,
              delay: float = 0.0, etag: str | None = None) -> None:
        """Serve ``body`` at ``path``; with ``etag``, a matching If-None-Match gets a 304."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, content_type, dict(headers or {}), data, delay, etag)

    def requests(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]


class _Handler(BaseHTTPRequestHandler):
    server: Any
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _handle(self) -> None:
        site: Site = self.server.site
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        site.seen.append(Seen(self.command, self.path, dict(self.headers), body, time.monotonic()))
        route = site.routes.get(self.path)
        if callable(route):
            route = route(self)
        if route is None:
            status, content_type, headers, data, delay, etag = 404, "text/plain", {}, b"", 0, None
        else:
            status, content_type, headers, data, delay, etag = route
        if delay:
            time.sleep(delay)
        if etag is not None and self.headers.get("If-None-Match") == etag:
            status, data = 304, b""
        self.send_response(status)
        if etag is not None:
            self.send_header("ETag", etag)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_HEAD = _handle  # noqa: N815 (the http.server API)


class QuietHTTPServer(ThreadingHTTPServer):
    """A loopback test server that does not print a traceback when a client hangs up early
    (the fetch guard's size cap does so on purpose); such output would leak into other tests'
    captured stderr."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[Site]:
    """A threaded web server on 127.0.0.1 serving the routes the test adds."""
    httpd = QuietHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.site = Site(base=f"http://127.0.0.1:{httpd.server_address[1]}")  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.site  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the fetch guard reach the test's own servers on 127.0.0.1."""
    monkeypatch.setenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", "1")


# --- the desk and web app (tests/test_web_*.py, tests/test_desk_*.py, tests/browser/) ---------
import re as _re

import pytest as _pytest

DESK_PASSWORD = "mat-khau-du-dai"
DESK_LIBRARY = [
    ("https://factcheck.example/vac-xin-vo-sinh", "Vắc-xin COVID-19 gây vô sinh ở phụ nữ", "Sai",
     "false"),
    ("https://factcheck.example/sau-rieng-bia", "Ăn sầu riêng rồi uống bia chắc chắn gây tử vong",
     "Gây hiểu lầm", "misleading"),
    ("https://factcheck.example/cau-long-bien", "Cầu Long Biên được khánh thành năm 1902",
     "Đúng", "true"),
]


@_pytest.fixture
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


@_pytest.fixture
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


@_pytest.fixture
def web_app(desk_store):
    from kiemchung.web.app import create_app
    from kiemchung.web.security import Limit

    unlimited = {name: Limit(100_000, 60.0) for name in ("write", "login", "read")}
    return create_app(desk_store, limits=unlimited)


@_pytest.fixture
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
    """Log in through the form; returns the CSRF token for later forms."""
    client.cookies.clear()
    token = csrf_of(client)
    response = client.post("/dang-nhap", data={"email": email, "password": DESK_PASSWORD,
                                               "csrf_token": token, "next": "/desk"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return token


def links(html: str, pattern: str) -> list[str]:
    return _re.findall(pattern, html)


# --- browser tests (tests/browser/): a real server on loopback, Debian's Chromium via Playwright
import os as _os
import socket
import threading
import time
from pathlib import Path as _Path

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = _Path(__file__).resolve().parents[1] / "docs" / "screenshots"


@_pytest.fixture(scope="session")
def chromium():
    if not _Path(CHROMIUM).exists():
        if _os.environ.get("KIEMCHUNG_REQUIRE_BROWSER") == "1":
            _pytest.fail(f"{CHROMIUM} is missing and KIEMCHUNG_REQUIRE_BROWSER=1")
        _pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"])
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@_pytest.fixture
def server(web_app):
    """The app served by uvicorn on 127.0.0.1:<free port>; yields its base URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started:
        if time.time() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(10)


@_pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    yield context.new_page()
    context.close()


@_pytest.fixture
def shot():
    """Save a full-page screenshot to docs/screenshots/NAME.png."""
    def take(page, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    return take
