"""The one guard every network fetch goes through (ingest and the monitor).

A ``Fetcher``, built from a ``Settings``, refuses what a server-side fetcher must not touch and fails cleanly on the rest:

* only ``http`` and ``https``;
* every address a host resolves to must be public (not private, loopback, link-local, multicast,
  reserved or unspecified, also when written as IPv4-mapped IPv6), unless
  ``KIEMCHUNG_ALLOW_PRIVATE_HOSTS`` is set;
* the connection is made to the very address that was checked (the check sits in the network
  backend that opens the socket), so a DNS answer that changes between check and connect
  ("DNS rebinding") cannot slip through; TLS still verifies the certificate for the host name;
* redirects are followed by hand, each hop checked again, at most ``KIEMCHUNG_FETCH_MAX_REDIRECTS``;
* robots.txt is honoured for ``KIEMCHUNG_USER_AGENT``, cached per origin by the fetcher for
  ``ROBOTS_TTL`` seconds (a long-running monitor sees a changed robots.txt the next day);
* the body is streamed and cut off beyond ``KIEMCHUNG_FETCH_MAX_BYTES``, counted after
  decompression: gzip and deflate are inflated here, a bounded step at a time, so a compression
  bomb is refused while no more than about the limit is held;
* one deadline, ``KIEMCHUNG_FETCH_TIMEOUT`` seconds, covers the whole fetch: robots.txt, every
  redirect, connecting, TLS, headers and body. It is enforced on each read from the socket, so
  a server that trickles its headers a byte at a time is cut off on time too.

Environment proxies are ignored on purpose: through a proxy the address check would be moot.
``fetch(url)`` and ``post_json(url, payload)`` are one-off shortcuts through a fresh fetcher.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence
from urllib.parse import urlsplit

import httpcore
import httpx
from protego import Protego

from .errors import FetchFailed, FetchRefused
from .settings import Settings

Resolver = Callable[[str, int], Sequence[str]]
"""host, port → the IP addresses to check and connect to (the hook tests use)."""

ROBOTS_MAX_BYTES = 500_000
ROBOTS_TTL = 24 * 3600  # seconds a robots.txt is trusted; RFC 9309 asks for no more than 24 h
_REDIRECTS = {301, 302, 303, 307, 308}
_ALLOW_HINT = "(set KIEMCHUNG_ALLOW_PRIVATE_HOSTS=1 to allow)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str
    content_type: str
    not_modified: bool


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (A and AAAA), in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(
            f"cannot resolve {host}: {getattr(error, 'strerror', None) or error}"
        ) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_problem(address: str) -> str | None:
    """Why ``address`` must not be fetched (e.g. "a loopback address"), or None when public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            inner = address_problem(str(embedded))
            return inner
    for attribute, label in (
        ("is_unspecified", "an unspecified"),
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_private", "a private"),
        ("is_reserved", "a reserved"),
    ):
        if getattr(ip, attribute):
            return f"{label} address"
    if not ip.is_global:
        return "not a public address"
    return None


def _refusal(url: str, host: str, addresses: list[str]) -> str | None:
    """Why ``url`` is refused when its ``host`` resolves to ``addresses``, or None. Every address
    is checked: a mixed answer could be rotated onto a private one later."""
    for address in addresses:
        problem = address_problem(address)
        if problem:
            why = (
                f"{address} is {problem}"
                if address == host
                else f"{host} resolves to {address}, {problem}"
            )
            return f"refused {url}: {why} {_ALLOW_HINT}"
    return None


class _Deadline(httpcore.NetworkStream):
    """A connection whose every read, write and handshake ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, backend: "_GuardedBackend") -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._backend.left(timeout, httpcore.ConnectTimeout)
        return _Deadline(self._stream.start_tls(ssl_context, server_hostname, left), self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Opens sockets only to checked addresses: the check and the connect see the same IP.
    Every socket operation ends by ``deadline`` (a ``time.monotonic()`` value) when it is set."""

    def __init__(self, resolver: Resolver, allow_private: bool) -> None:
        self.resolver = resolver
        self.allow_private = allow_private
        self.url = ""
        self.deadline: float | None = None

    def left(self, timeout: float | None, late: type[Exception]) -> float | None:
        """Seconds the next socket operation may take: its own timeout, cut to the deadline."""
        if self.deadline is None:
            return timeout
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise late("the fetch's deadline has passed")
        return remaining if timeout is None else min(timeout, remaining)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = list(self.resolver(host, port))
        if not addresses:
            raise FetchFailed(f"cannot resolve {host}: no addresses")
        refusal = None if self.allow_private else _refusal(self.url, host, addresses)
        if refusal:
            raise FetchRefused(refusal)
        error: Exception | None = None
        for address in addresses:
            try:
                left = self.left(timeout, httpcore.ConnectTimeout)
                stream = super().connect_tcp(address, port, left, local_address, socket_options)
                return _Deadline(stream, self)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failure:
                error = failure
        assert error is not None
        raise error


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context(trust_env=False)


def _client(backend: _GuardedBackend, timeout: float) -> httpx.Client:
    transport = httpx.HTTPTransport(verify=_ssl_context(), trust_env=False)
    # httpx has no public knob for the network backend; swapping the pool is the seam httpcore
    # offers for it (same arguments as the one HTTPTransport builds, plus our backend).
    transport._pool = httpcore.ConnectionPool(ssl_context=_ssl_context(), network_backend=backend)
    return httpx.Client(
        transport=transport, timeout=timeout, trust_env=False, follow_redirects=False
    )


def _charset(content_type: str, content: bytes) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    found = match.group(1) if match else None
    if found is None and ("html" in content_type or not content_type):
        sniffed = _META_CHARSET.search(content[:4096])
        found = sniffed.group(1).decode("ascii") if sniffed else None
    try:
        return codecs.lookup(found).name if found else "utf-8"
    except LookupError:
        return "utf-8"


def _read_body(
    response: httpx.Response, url: str, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchRefused(
            f"refused {url}: body of {declared} bytes is larger than the limit "
            f"of {max_bytes} (KIEMCHUNG_FETCH_MAX_BYTES)"
        )
    inflate = _Inflate(response.headers.get("content-encoding", ""), url)
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw():
        for chunk in inflate(raw, max_bytes - size):
            size += len(chunk)
            if size > max_bytes:
                raise FetchRefused(
                    f"refused {url}: body is larger than the limit of {max_bytes} "
                    "bytes (KIEMCHUNG_FETCH_MAX_BYTES)"
                )
            chunks.append(chunk)
        if time.monotonic() > deadline:
            raise FetchFailed(f"fetch of {url} timed out after {timeout:g} s")
    chunks.append(inflate.rest())
    if size + len(chunks[-1]) > max_bytes:
        raise FetchRefused(
            f"refused {url}: body is larger than the limit of {max_bytes} "
            "bytes (KIEMCHUNG_FETCH_MAX_BYTES)"
        )
    return b"".join(chunks)


class _Inflate:
    """The body's content-encoding (none, gzip or deflate) undone a bounded step at a time:
    one call never returns more than ``room + 1`` bytes however much the input expands."""

    def __init__(self, encoding: str, url: str) -> None:
        names = [name.strip().lower() for name in encoding.split(",") if name.strip()]
        names = [name for name in names if name != "identity"]
        if len(names) > 1 or (names and names[0] not in {"gzip", "x-gzip", "deflate"}):
            raise FetchFailed(f"fetch of {url} failed: content encoding {encoding!r} not read")
        self.kind = names[0] if names else None
        self.url = url
        wbits = zlib.MAX_WBITS | 16 if self.kind in {"gzip", "x-gzip"} else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._started = False

    def __call__(self, data: bytes, room: int) -> Iterator[bytes]:
        if self.kind is None:
            yield data
            return
        try:
            yield from self._inflate(data, room)
        except zlib.error as error:
            raise FetchFailed(
                f"fetch of {self.url} failed: body cannot be inflated ({error})"
            ) from None

    def _inflate(self, data: bytes, room: int) -> Iterator[bytes]:
        if not self._started and self.kind == "deflate" and data:
            self._started = True
            try:  # "deflate" is zlib-wrapped by the standard, raw by some servers
                zlib.decompressobj().decompress(data[:2])
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        while data:
            out = self._zlib.decompress(data, max(room, 0) + 1)
            yield out
            room -= len(out)
            if room < 0:
                return  # over the limit: the caller refuses
            data = self._zlib.unconsumed_tail

    def rest(self) -> bytes:
        return self._zlib.flush() if self.kind is not None else b""


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        host = httpx.URL(url).host
    except (ValueError, httpx.InvalidURL) as error:
        raise FetchRefused(f"refused {url}: not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        what = f"the {scheme}: scheme is" if scheme else "a URL without a scheme is"
        raise FetchRefused(f"refused {url}: {what} not fetched (only http and https)")
    if not host:
        raise FetchRefused(f"refused {url}: not a valid URL (no host)")


class Fetcher:
    """Fetches through the guard with one instance's settings; it keeps the robots.txt it read.

    ``resolver`` replaces DNS, for tests. Safe to share between threads.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        resolver: Resolver | None = None,
        robots_ttl: float = ROBOTS_TTL,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.resolver = resolver or system_resolver
        self.robots_ttl = robots_ttl
        self._robots: dict[str, tuple[float, Protego | None]] = {}
        self._robots_lock = threading.Lock()

    def check(self, url: str) -> None:
        """Raise ``FetchRefused`` now where ``url`` names a host the guard will refuse (an IP
        address that is not public, or ``localhost``), so that what is fetched later, a source,
        is refused when it is given. Told without DNS: a name that resolves to a private
        address is refused when it is fetched."""
        if self.settings.get("KIEMCHUNG_ALLOW_PRIVATE_HOSTS"):
            return
        try:
            host = httpx.URL(url).host.strip("[]").lower().rstrip(".")
        except httpx.InvalidURL:
            return  # the caller's own check says what is wrong with it
        try:  # the spellings resolvers read as IPv4: 127.1, 2130706433, 0x7f000001, 0
            host = socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            pass
        if host == "localhost" or host.endswith(".localhost"):
            raise FetchRefused(f"refused {url}: {host} is this machine {_ALLOW_HINT}")
        if address_problem(host) not in (None, "not an IP address"):
            raise FetchRefused(_refusal(url, host, [host]) or f"refused {url}")

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
    ) -> FetchResult:
        """GET ``url`` through the guard; see the module docstring for what is refused.

        ``etag``/``last_modified`` make a conditional GET (a 304 gives ``not_modified=True`` and
        an empty body). Raises ``FetchRefused`` for what is not fetched on purpose and
        ``FetchFailed`` for network errors, timeouts and HTTP statuses ≥ 400.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        max_bytes = self.settings.integer("KIEMCHUNG_FETCH_MAX_BYTES")
        deadline = time.monotonic() + self._timeout()
        result = self._get(url, headers, check_robots, max_bytes, deadline)
        if result.status >= 400:
            reason = httpx.codes.get_reason_phrase(result.status)
            raise FetchFailed(
                f"fetch of {result.final_url} failed: HTTP {result.status} {reason}".rstrip()
            )
        return result

    def post_json(
        self, url: str, payload: object, headers: Mapping[str, str] | None = None
    ) -> httpx.Response:
        """POST ``payload`` as JSON to ``url`` through the same address guard (webhooks and
        messaging platforms' send APIs, which may need ``headers`` such as an access token).

        Redirects are not followed. Raises ``FetchRefused`` for a refused URL or address and
        lets ``httpx.HTTPError`` through for the caller's retry policy.
        """
        _check_url(url)
        backend = self._backend()
        backend.url = url
        backend.deadline = time.monotonic() + self._timeout()
        with _client(backend, self._timeout()) as client:
            return client.post(
                url, json=payload, headers={"User-Agent": self._agent(), **(headers or {})}
            )

    def _timeout(self) -> float:
        return self.settings.number("KIEMCHUNG_FETCH_TIMEOUT")

    def _agent(self) -> str:
        return str(self.settings.get("KIEMCHUNG_USER_AGENT"))

    def _backend(self) -> _GuardedBackend:
        return _GuardedBackend(
            self.resolver, bool(self.settings.get("KIEMCHUNG_ALLOW_PRIVATE_HOSTS"))
        )

    def _get(
        self,
        url: str,
        headers: dict[str, str],
        check_robots: bool,
        max_bytes: int,
        deadline: float,
        shown: str | None = None,
    ) -> FetchResult:
        """The fetch loop, over by ``deadline``; ``shown`` is the URL named in refusals (the page
        a robots.txt is for)."""
        timeout = self._timeout()
        max_redirects = self.settings.integer("KIEMCHUNG_FETCH_MAX_REDIRECTS")
        backend = self._backend()
        backend.deadline = deadline
        # Only what _Inflate reads, so that the size limit counts what is held in memory.
        headers = {"User-Agent": self._agent(), "Accept-Encoding": "gzip, deflate", **headers}
        current = url
        with _client(backend, timeout) as client:
            for _ in range(max_redirects + 1):
                _check_url(current)
                if check_robots:
                    self._check_robots(current, deadline)
                backend.url = shown or current
                try:
                    with client.stream("GET", current, headers=headers) as response:
                        location = response.headers.get("location")
                        if response.status_code in _REDIRECTS and location:
                            current = str(response.url.join(location))
                            continue
                        content = _read_body(response, current, max_bytes, deadline, timeout)
                except httpx.TimeoutException:
                    raise FetchFailed(f"fetch of {current} timed out after {timeout:g} s") from None
                except (httpx.HTTPError, httpx.InvalidURL) as error:
                    raise FetchFailed(
                        f"fetch of {current} failed: {error or type(error).__name__}"
                    ) from None
                content_type = response.headers.get("content-type", "")
                return FetchResult(
                    url=url,
                    final_url=current,
                    status=response.status_code,
                    headers=dict(response.headers),
                    content=content,
                    text=content.decode(_charset(content_type, content), errors="replace"),
                    content_type=content_type.split(";")[0].strip().lower(),
                    not_modified=response.status_code == 304,
                )
        raise FetchRefused(
            f"refused {url}: more than {max_redirects} redirects (KIEMCHUNG_FETCH_MAX_REDIRECTS)"
        )

    def _check_robots(self, url: str, deadline: float) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._robots_lock:
            cached = self._robots.get(origin)
        if cached is not None and time.monotonic() - cached[0] < self.robots_ttl:
            rules = cached[1]
        else:
            rules = self._read_robots(origin, url, deadline)
            with self._robots_lock:
                self._robots[origin] = (time.monotonic(), rules)
        if rules is not None and not rules.can_fetch(url, self._agent()):
            raise FetchRefused(f"refused {url}: disallowed by robots.txt")

    def _read_robots(self, origin: str, url: str, deadline: float) -> Protego | None:
        try:
            result = self._get(f"{origin}/robots.txt", {}, False, ROBOTS_MAX_BYTES, deadline, url)
        except FetchFailed as error:
            if error.message.startswith("cannot resolve "):  # the host itself, not its robots.txt
                raise FetchFailed(f"{url} not fetched: {error.message}") from None
            raise FetchFailed(
                f"{url} not fetched: its robots.txt could not be read ({error.message})"
            ) from None
        if result.status >= 500:
            raise FetchFailed(
                f"robots.txt of {origin} answered HTTP {result.status}, so {url} "
                "is not fetched (try again later)"
            )
        # A missing robots.txt (any 4xx) allows everything, as RFC 9309 says.
        return Protego.parse(result.text) if result.status < 400 else None


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    check_robots: bool = True,
    resolver: Resolver | None = None,
    settings: Settings | None = None,
) -> FetchResult:
    """One GET through a fresh ``Fetcher`` (no robots.txt kept); see ``Fetcher.fetch``."""
    return Fetcher(settings, resolver=resolver).fetch(
        url, etag=etag, last_modified=last_modified, check_robots=check_robots
    )


def post_json(
    url: str, payload: object, *, resolver: Resolver | None = None, settings: Settings | None = None
) -> httpx.Response:
    """One POST through a fresh ``Fetcher``; see ``Fetcher.post_json``."""
    return Fetcher(settings, resolver=resolver).post_json(url, payload)
