"""The fetch guard against a real HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler
from typing import Any, Iterator

import pytest

from fixtures_site import QuietHTTPServer
from kiemchung.errors import FetchFailed, FetchRefused
from kiemchung.fetch import Fetcher, fetch
from kiemchung.settings import Settings

PAGE = "<html><head><title>Trang</title></head><body><p>Xin chào Việt Nam</p></body></html>"
ROBOTS = "User-agent: KiemChungBot\nDisallow: /private\n\nUser-agent: *\nDisallow: /\n"
PUBLIC_IP = "93.184.215.14"  # stands for a public host; the test maps connections to it locally
LOOPBACK = {"KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1"}
BOMB = gzip.compress(b"\0" * 20_000_000)  # 20 MB of zeros in about 20 KB


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              length: bool = True) -> None:
        self.send_response(status)
        for name, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, body: bytes) -> None:
        """Headers sent one byte every 0.1 s: each read is quick, the whole is not."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + b"z" * 40 + b"\r\n"
        try:
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
            self.wfile.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        except OSError:
            pass  # the client gave up, as it should
        self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self.server.seen.append((self.path, dict(self.headers)))
        path = self.path
        if path == "/robots.txt" and self.server.robots == "trickle":
            self._trickle(b"User-agent: *\nAllow: /\n")
        elif path == "/trickle":
            self._trickle(b"late")
        elif path == "/bomb":
            self._send(200, BOMB, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif path == "/gzip":
            self._send(200, gzip.compress(PAGE.encode()),
                       {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})
        elif path == "/deflate-raw":  # "deflate" without its zlib wrapper, as some servers send
            packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            body = packer.compress(PAGE.encode()) + packer.flush()
            self._send(200, body,
                       {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "deflate"})
        elif path == "/robots.txt":
            if self.server.robots is None:
                self._send(404, b"not here")
            else:
                self._send(self.server.robots_status, self.server.robots.encode(),
                           {"Content-Type": "text/plain"})
        elif path in {"/page", "/private/page"}:
            self._send(200, PAGE.encode())
        elif path == "/redirect":
            self._send(302, headers={"Location": "/page"})
        elif path.startswith("/chain/"):
            self._send(301, headers={"Location": f"/chain/{int(path.rsplit('/', 1)[1]) + 1}"})
        elif path == "/to-loopback":
            port = self.server.server_address[1]
            self._send(302, headers={"Location": f"http://127.0.0.1:{port}/page"})
        elif path == "/big":
            self._send(200, b"x" * 5000)
        elif path == "/big-stream":  # no Content-Length: only the streamed count can stop it
            self._send(200, b"y" * 5000, length=False)
            self.close_connection = True
        elif path == "/slow":
            time.sleep(2)
            self._send(200, b"late")
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, headers={"ETag": '"v1"'}, length=False)
            else:
                self._send(200, b"fresh", {"ETag": '"v1"', "Content-Type": "text/plain"})
        elif path == "/since":
            if self.headers.get("If-Modified-Since"):
                self._send(304, length=False)
            else:
                self._send(200, b"fresh", {"Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
        elif path == "/latin1":
            self._send(200, "Tiếng Việt".encode("utf-8"), {"Content-Type": "text/plain"})
        else:
            self._send(404, b"missing")


@pytest.fixture
def server() -> Iterator[Any]:
    httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.robots, httpd.robots_status, httpd.seen = ROBOTS, 200, []  # type: ignore[attr-defined]
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_private(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", "1")


@pytest.fixture
def public_host(monkeypatch: pytest.MonkeyPatch, server: Any) -> Any:
    """``public.test`` resolves to a public address whose connections reach the local server."""
    real = socket.create_connection

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] == PUBLIC_IP:
            address = ("127.0.0.1", address[1])
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return lambda host, port: [PUBLIC_IP] if host == "public.test" else [host]


def test_loopback_url_is_refused_by_default(server: Any) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(f"{server.base}/page")
    assert "127.0.0.1 is a loopback address" in str(caught.value)
    assert "KIEMCHUNG_ALLOW_PRIVATE_HOSTS=1" in str(caught.value)
    assert f"{server.base}/page" in str(caught.value)
    assert server.seen == []  # refused before any connection


def test_loopback_url_is_fetched_when_private_hosts_are_allowed(server: Any,
                                                                  allow_private: None) -> None:
    result = fetch(f"{server.base}/page")
    assert result.status == 200
    assert result.text == PAGE
    assert result.content_type == "text/html"
    assert not result.not_modified
    assert server.seen[-1][1]["User-Agent"].startswith("KiemChungBot/")


@pytest.mark.parametrize("url, reason", [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "a loopback address"),
    ("http://10.1.2.3/", "10.1.2.3 is a private address"),
    ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://localhost:9/", "localhost resolves to"),
    ("file:///etc/passwd", "the file: scheme is not fetched"),
    ("ftp://example.org/x", "the ftp: scheme is not fetched"),
    ("http:///x", "not a valid URL (no host)"),
    ("https://[::1/", "not a valid URL"),
])
def test_unsafe_urls_are_refused_with_the_reason(url: str, reason: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(url)
    message = str(caught.value)
    assert reason in message and message.startswith(f"refused {url}")
    assert "\n" not in message


def test_host_with_any_private_address_is_refused(public_host: Any) -> None:
    mixed = lambda host, port: [PUBLIC_IP, "192.168.1.10"]  # noqa: E731
    with pytest.raises(FetchRefused, match="resolves to 192.168.1.10, a private address"):
        fetch("http://mixed.test/page", resolver=mixed)


def test_public_host_is_fetched_through_the_checked_address(server: Any, public_host: Any) -> None:
    port = server.server_address[1]
    result = fetch(f"http://public.test:{port}/page", resolver=public_host)
    assert result.text == PAGE
    assert server.seen[-1][1]["Host"] == f"public.test:{port}"


def test_redirect_from_public_host_to_loopback_is_refused(server: Any, public_host: Any) -> None:
    port = server.server_address[1]
    with pytest.raises(FetchRefused, match=r"refused http://127\.0\.0\.1:\d+/page: 127\.0\.0\.1 "
                                           "is a loopback address"):
        fetch(f"http://public.test:{port}/to-loopback", resolver=public_host)
    assert [path for path, _ in server.seen] == ["/robots.txt", "/to-loopback"]


def test_address_is_checked_again_on_every_connection(server: Any, public_host: Any) -> None:
    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])  # DNS rebinding: public, then loopback
    port = server.server_address[1]
    with pytest.raises(FetchRefused, match="public.test resolves to 127.0.0.1"):
        fetch(f"http://public.test:{port}/page", resolver=lambda host, port: next(answers))
    assert [path for path, _ in server.seen] == ["/robots.txt"]


def test_redirect_is_followed_and_reported(server: Any, allow_private: None) -> None:
    result = fetch(f"{server.base}/redirect")
    assert result.url == f"{server.base}/redirect"
    assert result.final_url == f"{server.base}/page"
    assert result.text == PAGE


def test_redirect_chain_longer_than_the_cap_is_refused(server: Any) -> None:
    fetcher = Fetcher(Settings({**LOOPBACK, "KIEMCHUNG_FETCH_MAX_REDIRECTS": "3"}))
    with pytest.raises(FetchRefused, match="more than 3 redirects"):
        fetcher.fetch(f"{server.base}/chain/0")
    assert [p for p, _ in server.seen if p.startswith("/chain/")] == [f"/chain/{i}" for i in range(4)]


def test_robots_txt_disallowed_path_is_refused(server: Any) -> None:
    fetcher = Fetcher(Settings(LOOPBACK))
    with pytest.raises(FetchRefused, match="disallowed by robots.txt"):
        fetcher.fetch(f"{server.base}/private/page")
    assert [path for path, _ in server.seen] == ["/robots.txt"]
    fetcher.fetch(f"{server.base}/page")
    fetcher.fetch(f"{server.base}/page")
    assert [path for path, _ in server.seen].count("/robots.txt") == 1  # kept by the fetcher


def test_robots_txt_is_read_again_once_it_expires(server: Any) -> None:
    fetcher = Fetcher(Settings(LOOPBACK), robots_ttl=1.0)  # long enough for a loaded machine
    fetcher.fetch(f"{server.base}/page")
    server.robots = "User-agent: *\nDisallow: /page\n"  # the site changes its mind
    fetcher.fetch(f"{server.base}/page")  # the old robots.txt still holds
    time.sleep(1.1)
    with pytest.raises(FetchRefused, match="disallowed by robots.txt"):
        fetcher.fetch(f"{server.base}/page")
    assert [path for path, _ in server.seen].count("/robots.txt") == 2


def test_robots_txt_can_be_skipped_by_the_caller(server: Any, allow_private: None) -> None:
    assert fetch(f"{server.base}/private/page", check_robots=False).text == PAGE


def test_missing_robots_txt_allows_everything(server: Any, allow_private: None) -> None:
    server.robots = None
    assert fetch(f"{server.base}/private/page").text == PAGE


def test_robots_txt_server_error_fails_the_fetch(server: Any, allow_private: None) -> None:
    server.robots_status = 503
    with pytest.raises(FetchFailed, match="robots.txt .* answered HTTP 503"):
        fetch(f"{server.base}/page")


def test_body_over_the_limit_is_refused(server: Any) -> None:
    fetcher = Fetcher(Settings({**LOOPBACK, "KIEMCHUNG_FETCH_MAX_BYTES": "1000"}))
    with pytest.raises(FetchRefused, match="larger than the limit"):
        fetcher.fetch(f"{server.base}/big")
    with pytest.raises(FetchRefused, match="larger than the limit of 1000 bytes"):
        fetcher.fetch(f"{server.base}/big-stream")


def test_slow_server_times_out(server: Any) -> None:
    fetcher = Fetcher(Settings({**LOOPBACK, "KIEMCHUNG_FETCH_TIMEOUT": "0.3"}))
    fetcher.fetch(f"{server.base}/page")  # robots.txt read before the clock starts
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"timed out after 0\.3 s"):
        fetcher.fetch(f"{server.base}/slow")
    assert time.monotonic() - started < 1.5


def test_headers_trickled_a_byte_at_a_time_are_cut_off_at_the_deadline(server: Any) -> None:
    fetcher = Fetcher(Settings({**LOOPBACK, "KIEMCHUNG_FETCH_TIMEOUT": "1"}))
    fetcher.fetch(f"{server.base}/page")  # robots.txt read and kept
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"timed out after 1 s"):
        fetcher.fetch(f"{server.base}/trickle")  # 4 s of headers, none of them 1 s apart
    assert time.monotonic() - started < 2.5


def test_a_trickled_robots_txt_counts_against_the_same_deadline(server: Any) -> None:
    server.robots = "trickle"
    fetcher = Fetcher(Settings({**LOOPBACK, "KIEMCHUNG_FETCH_TIMEOUT": "1"}))
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="robots.txt could not be read"):
        fetcher.fetch(f"{server.base}/page")
    assert time.monotonic() - started < 2.5


def test_a_gzip_bomb_is_refused_without_being_inflated_in_memory(server: Any) -> None:
    fetcher = Fetcher(Settings({**LOOPBACK, "KIEMCHUNG_FETCH_MAX_BYTES": "1000000"}))
    fetcher.fetch(f"{server.base}/page")
    tracemalloc.start()
    try:
        with pytest.raises(FetchRefused, match="larger than the limit of 1000000 bytes"):
            fetcher.fetch(f"{server.base}/bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000  # about the limit, not the 20 MB the body inflates to


@pytest.mark.parametrize("path", ["/gzip", "/deflate-raw"])
def test_compressed_pages_are_read_inflated(server: Any, allow_private: None, path: str) -> None:
    result = fetch(f"{server.base}{path}", check_robots=False)
    assert result.text == PAGE


def test_http_error_status_fails(server: Any, allow_private: None) -> None:
    with pytest.raises(FetchFailed, match=r"HTTP 404 Not Found"):
        fetch(f"{server.base}/missing")


def test_connection_refused_fails_in_one_line(allow_private: None) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchFailed) as caught:
        fetch(f"http://127.0.0.1:{port}/x", check_robots=False)
    assert str(caught.value).startswith(f"fetch of http://127.0.0.1:{port}/x failed")


def test_conditional_get_with_etag(server: Any, allow_private: None) -> None:
    first = fetch(f"{server.base}/etag")
    assert first.text == "fresh" and first.headers["etag"] == '"v1"'
    again = fetch(f"{server.base}/etag", etag=first.headers["etag"])
    assert again.not_modified and again.status == 304 and again.content == b""


def test_conditional_get_with_last_modified(server: Any, allow_private: None) -> None:
    first = fetch(f"{server.base}/since")
    again = fetch(f"{server.base}/since", last_modified=first.headers["last-modified"])
    assert again.not_modified
    assert server.seen[-1][1]["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_text_without_charset_is_read_as_utf8(server: Any, allow_private: None) -> None:
    assert fetch(f"{server.base}/latin1").text == "Tiếng Việt"


def test_a_host_that_does_not_resolve_is_named_not_its_robots_txt() -> None:
    def nowhere(host: str, port: int) -> list[str]:
        raise FetchFailed(f"cannot resolve {host}: Name or service not known")

    fetcher = Fetcher(Settings({}), resolver=nowhere)
    with pytest.raises(FetchFailed) as raised:
        fetcher.fetch("https://khong-co-that.example/bai")
    assert raised.value.message == (
        "https://khong-co-that.example/bai not fetched: cannot resolve khong-co-that.example: "
        "Name or service not known")
