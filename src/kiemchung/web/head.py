"""HEAD answered wherever GET is: link checkers, feed readers and the apps that draw a card for a
pasted link ask with HEAD first, and FastAPI's routes only answer the methods they name.

A HEAD request runs as the GET it stands for; its status and headers (Content-Length included)
go back, its body does not.
"""

from __future__ import annotations

from typing import Any

from .security import ASGIApp, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def without_body(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
