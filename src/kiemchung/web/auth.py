"""Who is asking: signed session cookies and API tokens, resolved once per request.

``Identity`` (ASGI middleware) puts the user (or None) and the CSRF token on the request state
and refuses every write by an anonymous caller with 401 before the route reads its body; only
the tipline, matching and logging in are open. Roles are checked by ``require`` in the routes.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, Callable

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..desk import users
from ..errors import Forbidden, LoginRequired, NotFound
from ..store import Store
from .security import CSRF_COOKIE, CSRF_HEADER, ASGIApp, Receive, Scope, Send, new_csrf_token

SESSION_COOKIE = "kc_session"
SESSION_AGE = 12 * 3600
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# The only writes open to anonymous callers: the tipline, matching and logging in.
OPEN_WRITES = {
    ("POST", "/api/v1/match"),
    ("POST", "/api/v1/tips"),
    ("POST", "/api/v1/session"),
    ("POST", "/gui-tin"),
    ("POST", "/dang-nhap"),
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
    def __init__(self, secret: str) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="kiemchung-session")

    def dumps(self, user: users.User) -> str:
        return self.serializer.dumps({"u": user.id, "v": user.session_version})

    def loads(self, value: str) -> tuple[int, int] | None:
        try:
            data = self.serializer.loads(value, max_age=SESSION_AGE)
            return int(data["u"]), int(data["v"])
        except (BadSignature, KeyError, TypeError, ValueError):
            return None


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

    def _user(self, scope: Scope, cookies: dict[str, str]) -> tuple[users.User | None, str]:
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer":
                    return users.user_for_token(self.store, token.strip()), "token"
        found = self.sessions.loads(cookies.get(SESSION_COOKIE, ""))
        if found is None:
            return None, "none"
        try:
            user = users.get(self.store, found[0])
        except NotFound:
            return None, "none"
        return (user if user.session_version == found[1] else None), "session"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        cookies = _cookies(scope)
        user, how = self._user(scope, cookies)
        csrf = cookies.get(CSRF_COOKIE) or ""
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
                if not secrets.compare_digest(header, cookies.get(CSRF_COOKIE, "") or "-"):
                    return await _refuse(send, path, 403, "missing or wrong X-CSRF-Token header")
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and fresh_csrf:
                message["headers"] = [
                    *message.get("headers", []),
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


def current_user(request: Request) -> users.User | None:
    return getattr(request.state, "user", None)


def require(*roles: str) -> Callable[[Request], users.User]:
    """A dependency: the logged-in user, who must hold one of ``roles`` (any role if none)."""

    def dependency(request: Request) -> users.User:
        user = current_user(request)
        if user is None:
            raise LoginRequired("login required")
        if roles and user.role not in roles:
            raise Forbidden(f"this needs one of the roles: {', '.join(roles)}")
        return user

    return dependency
