"""A local web site for the fetch, ingest and monitor tests: 127.0.0.1 only, started by the test."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest


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
