"""``kiemchung serve``: the web app and API on the data directory."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .common import open_store, stderr


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
) -> None:
    """Start the web app: public fact-checks and tipline, the desk, and the API (/docs).

    Example: kiemchung serve --port 8000
    """
    import threading

    import uvicorn

    from ..web.app import create_app
    from ..web.proxy import exposure_notice

    _can_listen(host, port)
    store = open_store()
    application = create_app(store)
    # Readers should not wait for the model and word lists to load: do it while starting.
    threading.Thread(target=application.state.services.warm, daemon=True).start()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    stderr.print(
        f"Kiểm chứng đang chạy tại / running at [bold]http://{shown}:{port}/[/bold] "
        f"(data: {store.home}; Ctrl+C to stop)"
    )
    notice = exposure_notice(host, store.settings)
    if notice:
        stderr.print(notice, markup=False, highlight=False)
    try:
        uvicorn.run(
            application,
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=False,
            server_header=False,
        )
    finally:
        store.close()


def _can_listen(host: str, port: int) -> None:
    """``InputError`` now, before anything is said to be running, where ``host``:``port`` cannot
    be listened on (the port taken, a host that is not this machine's). Checked as asyncio's
    server binds: every address the host resolves to, IPv6 ones IPv6-only, an address family
    this machine lacks skipped; an empty host is every interface, left to the server."""
    import errno
    import socket

    from ..errors import InputError

    if not host:
        return
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"cannot listen on {shown}: {reason}") from None
    for family, kind, protocol, _, address in found:
        try:
            with socket.socket(family, kind, protocol) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRNOTAVAIL:
                continue  # asyncio skips it too
            raise InputError(f"cannot listen on {shown}: {error.strerror}") from None
