"""Webhooks of the messaging channels: ``/channels/telegram``, ``/channels/messenger``,
``/channels/zalo``. Thin: the platform checks the signature, the tipline answers.

A webhook that is not signed by its platform gets 403 before its body is read as messages, and
nothing is stored or sent; a channel that is switched off is 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from ..channels.base import Platform
from ..channels.messenger import Messenger
from ..channels.platforms import platforms
from ..channels.tipline import Tipline
from ..errors import Forbidden, NotFound
from .services import services

router = APIRouter(prefix="/channels", include_in_schema=False)
WEBHOOKS = ("telegram", "messenger", "zalo")  # email only sends


def _channels(request: Request) -> tuple[dict[str, Platform], Tipline | None]:
    state = request.app.state
    if getattr(state, "channels", None) is None:
        service = services(request)
        found = platforms(service.store.settings)
        state.channels = (found, Tipline(service.store, service.match) if found else None)
    return state.channels


def _platform(request: Request, name: str) -> tuple[Platform, Tipline]:
    found, tipline = _channels(request)
    if name not in WEBHOOKS or name not in found or tipline is None:
        raise NotFound(f"the {name} channel is not switched on")
    return found[name], tipline


def _refused(error: Forbidden) -> Response:
    return JSONResponse({"error": error.message, "status": 403}, status_code=403)


@router.get("/messenger")
def messenger_challenge(request: Request) -> Response:
    platform, _ = _platform(request, "messenger")
    assert isinstance(platform, Messenger)
    try:
        return PlainTextResponse(platform.challenge(dict(request.query_params)))
    except Forbidden as error:
        return _refused(error)


@router.post("/{name}")
async def webhook(request: Request, name: str) -> Response:
    platform, tipline = _platform(request, name)
    body = await request.body()
    headers = {key.lower(): value for key, value in request.headers.items()}
    try:
        platform.verify(headers, body)
        messages = platform.messages(body)
    except Forbidden as error:
        return _refused(error)
    answered = 0
    for message in messages:  # the platform waits: answered in turn, off the event loop
        if await run_in_threadpool(tipline.receive, message, platform) is not None:
            answered += 1
    return JSONResponse({"ok": True, "answered": answered})
