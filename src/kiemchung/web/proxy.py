"""Where a request really came from, and which site it asked for, when a reverse proxy is in front.

``Forwarded`` (ASGI middleware, outside the rate limit and the identity check) believes the
``X-Forwarded-For``, ``-Proto`` and ``-Host`` headers only when the connection comes from an
address in ``KIEMCHUNG_TRUSTED_PROXIES``; it then puts the reader's address, the scheme and the
host into the request, so the rate limit counts each reader apart, cookies get ``Secure`` and
links use the public host. A Host outside ``KIEMCHUNG_ALLOWED_HOSTS`` gets 400, and every answer
over HTTPS carries ``Strict-Transport-Security``.
"""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any
from urllib.parse import urlsplit

from ..settings import Settings
from .security import ASGIApp, Receive, Scope, Send, _reply

Network = IPv4Network | IPv6Network
HSTS = (b"strict-transport-security", b"max-age=31536000")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def allowed_hosts(settings: Settings) -> tuple[str, ...] | None:
    """The Host names answered: the setting, else the public URL's host and loopback names,
    else None (any host: a local install that set neither)."""
    configured: tuple[str, ...] = settings.get("KIEMCHUNG_ALLOWED_HOSTS")  # type: ignore[assignment]
    if configured:
        return configured
    public = str(settings.get("KIEMCHUNG_PUBLIC_URL"))
    if public:
        return (_name(urlsplit(public).netloc), *LOOPBACK_NAMES)
    return None


def exposure_notice(listen: str, settings: Settings) -> str | None:
    """A line for ``kiemchung serve`` when it listens beyond loopback with neither a public URL
    nor allowed hosts set (every Host is then answered and links follow it)."""
    if listen in ("127.0.0.1", "localhost", "::1") or allowed_hosts(settings) is not None:
        return None
    return (
        f"notice: listening on {listen} without KIEMCHUNG_PUBLIC_URL or KIEMCHUNG_ALLOWED_HOSTS: "
        "any Host is answered and links follow it (see docs/deploy.md, "
        "https://github.com/kiemchung/kiemchung/blob/main/docs/deploy.md)"
    )


def _name(host: str) -> str:
    """``Host`` without its port, lower case: ``Example.vn:8443`` → ``example.vn``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".")


def host_allowed(host: str, allowed: tuple[str, ...] | None) -> bool:
    if allowed is None:
        return True
    name = _name(host)
    if not name:
        return False
    return any(
        name == pattern or (pattern.startswith("*.") and name.endswith(pattern[1:]))
        for pattern in allowed
    )


def _trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in proxies)


def client_address(peer: str, forwarded_for: str, proxies: tuple[Network, ...]) -> str:
    """The reader's address: the right-most ``X-Forwarded-For`` entry that is not a trusted
    proxy (entries further left were written by the client and may be forged)."""
    address = peer
    for entry in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        try:
            address = str(ip_address(entry.strip("[]")))
        except ValueError:
            break  # garbage from outside: the last trusted hop is the best we know
        if not _trusted(address, proxies):
            break
    return address


def _last(value: str) -> str:
    """The last of a comma-separated header value (the one the nearest proxy added)."""
    return value.rsplit(",", 1)[-1].strip()


class Forwarded:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.proxies: tuple[Network, ...] = settings.get("KIEMCHUNG_TRUSTED_PROXIES")  # type: ignore[assignment]
        self.allowed = allowed_hosts(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {name: value.decode("latin-1") for name, value in scope.get("headers", [])}
        peer = (scope.get("client") or ("", 0))[0]
        if self.proxies and _trusted(peer, self.proxies):
            self._believe(scope, headers, peer)
        host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
        if not host_allowed(host, self.allowed):
            shown = host[:100] or "(none)"
            return await _reply(
                send, 400, f"host {shown} is not served here (see KIEMCHUNG_ALLOWED_HOSTS)"
            )
        if scope.get("scheme") != "https":
            return await self.app(scope, receive, send)

        async def with_hsts(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), HSTS]
            await send(message)

        await self.app(scope, receive, with_hsts)

    def _believe(self, scope: Scope, headers: dict[bytes, str], peer: str) -> None:
        port = (scope.get("client") or ("", 0))[1]
        if b"x-forwarded-for" in headers:
            scope["client"] = (
                client_address(peer, headers[b"x-forwarded-for"], self.proxies),
                port,
            )
        proto = _last(headers.get(b"x-forwarded-proto", "")).lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto
        forwarded_host = _last(headers.get(b"x-forwarded-host", ""))
        if forwarded_host:
            scope["headers"] = [
                (name, value) for name, value in scope.get("headers", []) if name != b"host"
            ] + [(b"host", forwarded_host.encode("latin-1"))]
