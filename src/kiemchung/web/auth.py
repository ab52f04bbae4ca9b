"""Who is asking: server-side sessions and API tokens, resolved once per request.

``Identity`` (ASGI middleware) puts the user (or None), how they came (``session``, ``token`` or
``none``) and the CSRF token on the request state, and refuses every write by an anonymous
caller with 401 before the route reads its body; only the tipline, matching and logging in are
open. A logged-in session carries its own CSRF token (``desk/sessions.py``): forms and the
session's API calls must send that one, whatever cookie they bring. Roles are checked by
``require`` in the routes.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, Callable

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..desk import sessions, users
from ..errors import Forbidden, LoginRequired
from ..store import Store
from .security import CSRF_COOKIE, CSRF_HEADER, ASGIApp, Receive, Scope, Send, new_csrf_token

SESSION_COOKIE = "kc_session"
SESSION_AGE = sessions.AGE
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# The only writes open to anonymous callers: the tipline, matching and logging in.
OPEN_WRITES = {
    ("POST", "/api/v1/match"),
    ("POST", "/api/v1/tips"),
    ("POST", "/api/v1/session"),
    ("POST", "/gui-tin"),
    ("POST", "/dang-nhap"),
    # Messaging platforms' webhooks, each checked against its platform's signature.
    ("POST", "/channels/telegram"),
    ("POST", "/channels/messenger"),
    ("POST", "/channels/zalo"),
}


def secret_key(store: Store) -> str:
    """KIEMCHUNG_SECRET_KEY, or a random key generated once and kept in the data directory."""
    configured = str(store.settings.get("KIEMCHUNG_SECRET_KEY"))
    if configured:
        return configured
    path: Path = store.home / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Sessions:
    """The session cookie: a server-side session's token, signed so that a forged or stale
    cookie is turned away before the database is asked."""

    def __init__(self, secret: str) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="kiemchung-session")

    def start(self, store: Store, user: users.User) -> tuple[str, str]:
        """A new session: the cookie's value and the session's CSRF token."""
        session = sessions.start(store, user)
        return self.serializer.dumps({"s": session.token}), session.csrf

    def _token(self, value: str) -> str | None:
        try:
            token = self.serializer.loads(value, max_age=SESSION_AGE)["s"]
        except (BadSignature, KeyError, TypeError, ValueError):
            return None
        return token if isinstance(token, str) else None

    def resolve(self, store: Store, value: str) -> sessions.Session | None:
        token = self._token(value) if value else None
        return sessions.resolve(store, token) if token else None

    def end(self, store: Store, value: str) -> None:
        token = self._token(value) if value else None
        if token:
            sessions.end(store, token)


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is the same as none
                pass
    return {key: morsel.value for key, morsel in jar.items()}


def cookie_header(
    name: str, value: str, secure: bool, max_age: int | None = None, http_only: bool = True
) -> bytes:
    parts = [f"{name}={value}", "Path=/", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if http_only:
        parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode()


class Identity:
    def __init__(self, app: ASGIApp, store: Store, sessions: Sessions) -> None:
        self.app = app
        self.store = store
        self.sessions = sessions

    def _who(
        self, scope: Scope, cookies: dict[str, str]
    ) -> tuple[users.User | None, str, str | None]:
        """The user, how they came, and the CSRF token of their session (if a session). API
        tokens count only on /api/: the desk's pages and forms need a logged-in session, so a
        token alone can never make a token or manage users."""
        for name, value in scope.get("headers", []):
            if name == b"authorization" and scope["path"].startswith("/api/"):
                scheme, _, token = value.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer":
                    return users.user_for_token(self.store, token.strip()), "token", None
        session = self.sessions.resolve(self.store, cookies.get(SESSION_COOKIE, ""))
        if session is None:
            return None, "none", None
        return session.user, "session", session.csrf

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        cookies = _cookies(scope)
        user, how, bound = self._who(scope, cookies)
        csrf = bound or cookies.get(CSRF_COOKIE) or ""
        fresh_csrf = not csrf or len(csrf) > 64
        if fresh_csrf:
            csrf = new_csrf_token()
        state = scope.setdefault("state", {})
        state.update(user=user, auth=how, csrf=csrf)
        method, path = scope["method"], scope["path"]
        if method not in SAFE_METHODS and (method, path) not in OPEN_WRITES:
            if user is None:
                return await _refuse(send, path, 401, "login required")
            if how == "session" and path.startswith("/api/"):
                header = dict(scope.get("headers", [])).get(CSRF_HEADER.encode(), b"").decode()
                if not secrets.compare_digest(header.encode(), csrf.encode()):
                    return await _refuse(send, path, 403, "missing or wrong X-CSRF-Token header")
        # The cookie follows the session's token, so API clients can read it from there.
        set_csrf = fresh_csrf or cookies.get(CSRF_COOKIE) != csrf
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and set_csrf:
                headers = message.get("headers", [])
                setting = CSRF_COOKIE.encode() + b"="
                if not any(n == b"set-cookie" and v.startswith(setting) for n, v in headers):
                    message["headers"] = [
                        *headers,
                        (b"set-cookie", cookie_header(CSRF_COOKIE, csrf, secure)),
                    ]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


async def _refuse(send: Send, path: str, status: int, message: str) -> None:
    import json

    if path.startswith("/api/"):
        body = json.dumps({"error": message, "status": status}).encode()
        kind = b"application/json"
    else:
        body = (
            f'<!doctype html><meta charset="utf-8"><title>{status}</title>'
            f'<p>{message}. <a href="/dang-nhap">Đăng nhập / Log in</a></p>'
        ).encode()
        kind = b"text/html; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    if status == 401 and path.startswith("/api/"):
        headers.append((b"www-authenticate", b'Bearer realm="kiemchung"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def log_in(request: Request, response: Response, user: users.User) -> None:
    """Start a new session for ``user`` (ending the one this browser had): a fresh session
    cookie and a fresh CSRF token, so nothing known before the login works after it."""
    service = request.app.state.services
    service.sessions.end(service.store, request.cookies.get(SESSION_COOKIE, ""))
    value, csrf = service.sessions.start(service.store, user)
    secure = request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=SESSION_AGE,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="lax", secure=secure, path="/")
    request.state.csrf = csrf


def log_out(request: Request, response: Response) -> None:
    """End this browser's session on the server (the old cookie stops working) and drop it."""
    service = request.app.state.services
    service.sessions.end(service.store, request.cookies.get(SESSION_COOKIE, ""))
    response.delete_cookie(SESSION_COOKIE, path="/")


def current_user(request: Request) -> users.User | None:
    return getattr(request.state, "user", None)


def require(*roles: str) -> Callable[[Request], users.User]:
    """A dependency: the logged-in user, who must hold one of ``roles`` (any role if none)."""

    def dependency(request: Request) -> users.User:
        user = current_user(request)
        if user is None:
            raise LoginRequired("login required")
        if roles and user.role not in roles:
            raise Forbidden(
                f"this needs one of the roles: {', '.join(roles)}", code="needs_role", roles=roles
            )
        return user

    return dependency
