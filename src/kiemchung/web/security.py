"""Protections around every request: security headers, a body size cap, per-client rate limits
(in memory only: client addresses are never written anywhere) and CSRF tokens for forms.
"""

from __future__ import annotations

import hmac
import json
import math
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Collection

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
CSRF_COOKIE = "kc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


async def _send(
    send: Send, status: int, body: bytes, kind: bytes, extra: list[tuple[bytes, bytes]] | None
) -> None:
    """An answer made here, before the app sees the request."""
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*headers, *HEADERS, *(extra or [])],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _reply(
    send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"error": message, "status": status}, ensure_ascii=False).encode()
    await _send(send, status, body, b"application/json; charset=utf-8", extra)


async def _too_large(scope: Scope, send: Send, most: int) -> None:
    if scope["path"].startswith("/api/"):
        return await _reply(send, 413, f"request body over {most} bytes")
    megabytes = f"{most / 1_000_000:g}"
    await _words(
        send,
        413,
        f"Nội dung gửi lên quá lớn (tối đa {megabytes.replace('.', ',')} MB): hãy quay lại và "
        "gửi ảnh nhỏ hơn hoặc ít chữ hơn.",
        f"What was sent is too large (at most {megabytes} MB): go back and send a smaller "
        "picture or less text.",
    )


async def _words(
    send: Send,
    status: int,
    vietnamese: str,
    english: str,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """A page answered before the app sees the request (no language cookie read yet): both
    languages, Vietnamese first."""
    text = (
        f"<!doctype html><meta charset=utf-8><title>{status}</title>"
        f'<p lang="vi">{vietnamese}</p><p lang="en">{english}</p>'
    ).encode()
    await _send(send, status, text, b"text/html; charset=utf-8", extra)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = CSP  # the API explorer too: Swagger UI is served from static/swagger/

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in HEADERS if n not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", csp.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether announced or streamed;
    ``larger`` gives some paths a limit of their own (the tipline form, which carries a photo).
    A page is told in words, in both languages; the API in JSON."""

    def __init__(
        self, app: ASGIApp, max_bytes: int = 1_000_000, larger: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        most = self.larger.get(scope["path"], self.max_bytes)
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > most
            except ValueError:
                return await _reply(send, 400, "invalid Content-Length")
            if too_big:
                return await _too_large(scope, send, most)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > most:
                return await _too_large(scope, send, most)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: float


# Writes readers can make are tight; reading pages is generous. Desk users log in and are
# limited only at the login form. Writes to the desk without any credential are refused (401)
# and also counted, per client, as "anonymous", so a flood of them is cut off early.
DEFAULT_LIMITS: dict[str, Limit] = {
    "write": Limit(30, 60.0),
    "login": Limit(10, 60.0),
    "read": Limit(600, 60.0),
    "anonymous": Limit(30, 60.0),
}
_WRITE_PATHS = {"/api/v1/match", "/api/v1/tips", "/gui-tin"}
_LOGIN_PATHS = {"/api/v1/session", "/dang-nhap"}


class RateLimiter:
    """Sliding-window counts per (client, bucket), kept in memory and forgotten as they age."""

    def __init__(self, limits: dict[str, Limit] | None = None) -> None:
        self.limits = limits if limits is not None else DEFAULT_LIMITS
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = time.monotonic()

    def bucket(self, method: str, path: str) -> str | None:
        if method == "POST" and path in _WRITE_PATHS:
            return "write"
        if method == "POST" and path in _LOGIN_PATHS:
            return "login"
        if method == "GET" and not path.startswith(("/static/", "/desk", "/api/v1/health")):
            return "read"
        return None

    def wait(self, client: str, bucket: str) -> int:
        """Whole seconds until ``client`` may be answered again in ``bucket`` (Retry-After)."""
        limit = self.limits.get(bucket)
        with self._lock:
            hits = self._hits.get((client, bucket))
            if limit is None or not hits:
                return 1
            return max(1, math.ceil(hits[0] + limit.seconds - time.monotonic()))

    def allow(self, client: str, bucket: str) -> bool:
        limit = self.limits.get(bucket)
        if limit is None:
            return True
        moment = time.monotonic()
        with self._lock:
            if moment - self._last_sweep > 60:
                self._sweep(moment)
            hits = self._hits.setdefault((client, bucket), deque())
            while hits and hits[0] <= moment - limit.seconds:
                hits.popleft()
            if len(hits) >= limit.requests:
                return False
            hits.append(moment)
            return True

    def _sweep(self, moment: float) -> None:
        longest = max((limit.seconds for limit in self.limits.values()), default=0)
        for key in [
            key for key, hits in self._hits.items() if not hits or hits[-1] <= moment - longest
        ]:
            del self._hits[key]
        self._last_sweep = moment


class RateLimit:
    """Counts per client address (the reader's own when a trusted proxy says so, see
    ``proxy.Forwarded``), so one reader's flood never locks out another reader or the staff."""

    def __init__(
        self,
        app: ASGIApp,
        limiter: RateLimiter,
        session_cookie: str = "kc_session",
        open_writes: Collection[tuple[str, str]] = (),
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.session_cookie = f"{session_cookie}=".encode()
        self.open_writes = open_writes  # (method, path) anyone may send: not "anonymous"

    def _anonymous_write(self, scope: Scope) -> bool:
        """A write outside the open ones that carries no credential at all (headers only)."""
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return False
        if scope["path"] in _WRITE_PATHS or scope["path"] in _LOGIN_PATHS:
            return False
        if (scope["method"], scope["path"]) in self.open_writes:
            return False
        for name, value in scope.get("headers", []):
            if name == b"authorization" or (name == b"cookie" and self.session_cookie in value):
                return False
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            bucket = self.limiter.bucket(scope["method"], scope["path"])
            if bucket is None and self._anonymous_write(scope):
                bucket = "anonymous"
            client = (scope.get("client") or ("unknown", 0))[0]
            if bucket and not self.limiter.allow(client, bucket):
                wait = self.limiter.wait(client, bucket)
                retry = [(b"retry-after", str(wait).encode())]
                if not scope["path"].startswith("/api/"):
                    return await _words(
                        send,
                        429,
                        f"Quá nhiều yêu cầu: hãy thử lại sau {wait} giây.",
                        f"Too many requests: try again in {wait} seconds.",
                        retry,
                    )
                return await _reply(send, 429, "too many requests; try again in a minute", retry)
        await self.app(scope, receive, send)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, submitted: str | None) -> bool:
    return bool(cookie and submitted and hmac.compare_digest(cookie, submitted))
