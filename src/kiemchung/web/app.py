"""The app factory: ``create_app(store)`` builds the FastAPI app the server and the tests use.

Middleware, outermost first: security headers, forwarded headers from trusted proxies and the
allowed hosts (``proxy.py``), rate limit, identity (who is asking, and anonymous writes refused
before their body is read), body cap. Errors a user can cause get their status and a clear
message, as JSON under /api and as a page elsewhere; nothing a user sends produces a 500.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from .. import __version__
from ..channels.platforms import check as check_channels
from ..desk import queue
from ..desk import schema as _desk_schema  # noqa: F401  (registers the desk tables)
from ..desk.publishing import outlet
from ..errors import KiemchungError, LoginRequired
from ..store import Store
from . import i18n
from .auth import OPEN_WRITES, SESSION_COOKIE, Identity, Sessions, secret_key
from .head import HeadAsGet
from .pages import language, render
from .proxy import Forwarded
from .security import BodyLimit, Limit, RateLimit, RateLimiter, SecurityHeaders
from .services import Services

STATIC = Path(__file__).parent / "static"


def create_app(
    store: Store,
    matcher: Any = None,
    limits: dict[str, Limit] | None = None,
    max_body: int = 1_000_000,
) -> FastAPI:
    app = FastAPI(
        title="Kiểm chứng API",
        version=__version__,
        description="Fact-checks as ClaimReview, claim matching, the public tipline and the "
        "editorial desk. Writes other than /match, /tips and /session need a "
        "session or an API token.",
        docs_url=None,  # /docs is served from the package: routes_site.api_explorer
        redoc_url=None,
    )
    app.state.services = Services(store, Sessions(secret_key(store)), matcher)
    queue.catch_up(store)  # once: claims an earlier version wrote without queueing them
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    check_channels(store.settings)  # a channel switched on without its key stops here
    outlet(store.settings)  # so does an outlet name no page could show
    from . import (
        routes_admin,
        routes_api,
        routes_channels,
        routes_corrections,
        routes_desk,
        routes_public,
        routes_site,
    )

    for module in (
        routes_api,
        routes_public,
        routes_site,
        routes_desk,
        routes_corrections,
        routes_admin,
        routes_channels,
    ):
        app.include_router(module.router)
    _errors(app)
    # Added innermost first. The identity check sits outside the body cap, so an anonymous
    # write is refused from its headers before a byte of its body is read.
    # The tipline form carries a reader's photo: it may be as large as an image is let be.
    photo = store.settings.integer("KIEMCHUNG_IMAGE_MAX_BYTES") + max_body
    app.add_middleware(BodyLimit, max_bytes=max_body, larger={"/gui-tin": photo})
    app.add_middleware(Identity, store=store, sessions=app.state.services.sessions)
    app.add_middleware(
        RateLimit,
        limiter=RateLimiter(limits),
        session_cookie=SESSION_COOKIE,
        open_writes=OPEN_WRITES,
    )
    app.add_middleware(Forwarded, settings=store.settings)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status_code=status, status=status, message=message)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(KiemchungError)
    async def domain_error(request: Request, error: KiemchungError) -> Response:
        if isinstance(error, LoginRequired) and not _wants_json(request):
            back = request.url.path
            if request.method == "GET" and request.url.query:
                back += "?" + request.url.query  # a shared link to a filtered queue stays one
            return RedirectResponse(f"/dang-nhap?next={quote(back, safe='/')}", status_code=303)
        if _wants_json(request):
            body = {"error": error.message, "status": error.status}
            if error.code:
                body["code"] = error.code
            return JSONResponse(body, status_code=error.status)
        return _page(request, error.status, i18n.error_message(error, language(request)))

    @app.exception_handler(DataError)
    async def out_of_range(request: Request, error: DataError) -> Response:
        # PostgreSQL's way of saying what SQLite's driver says with OverflowError, below.
        if "out of range" not in str(error.orig):
            raise error
        return await too_large(request, OverflowError(str(error.orig)))

    @app.exception_handler(OverflowError)
    async def too_large(request: Request, error: OverflowError) -> Response:
        # An id past what the database stores (/desk/claims/99999999999999999999): none such.
        if _wants_json(request):
            return JSONResponse({"error": "not found", "status": 404}, status_code=404)
        return _page(request, 404, i18n.translate("error.not_found", language(request)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = [{"where": _where(e), "problem": e.get("msg")} for e in error.errors()]
        if any((e.get("loc") or ("",))[0] == "path" for e in error.errors()):
            # /desk/claims/abc names nothing there is: not found, as /desk/claims/999999 is
            if _wants_json(request):
                return JSONResponse(
                    {"error": "not found", "status": 404, "problems": problems}, status_code=404
                )
            return _page(request, 404, i18n.translate("error.not_found", language(request)))
        if _wants_json(request):
            return JSONResponse(
                {"error": "invalid request", "status": 422, "problems": problems}, status_code=422
            )
        # A page names the fields in the reader's language, not the validator's English.
        fields = sorted({_field(e) for e in error.errors()})
        text = i18n.translate("error.invalid_request", language(request))
        return _page(request, 400, f"{text} {', '.join(fields)}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if _wants_json(request) or error.status_code == 405:
            return JSONResponse(
                {"error": str(error.detail), "status": error.status_code},
                status_code=error.status_code,
                headers=error.headers,
            )
        # A page speaks the reader's language: the framework's English detail ("Invalid
        # multipart data.") is added on English pages only, as for the desk's own errors.
        lang = language(request)
        key = i18n.BY_STATUS.get(error.status_code, "error.input")
        message = i18n.translate(key, lang)
        if lang == "en" and error.status_code != 404 and error.detail:
            message = f"{message} {error.detail}"
        return _page(request, error.status_code, message)


def _field(problem: Any) -> str:
    """A field a page names, with its limit where the value was too long: "q (≤ 500)"."""
    name = str((problem.get("loc") or ("",))[-1])
    most = (problem.get("ctx") or {}).get("max_length")
    return f"{name} (≤ {most})" if problem.get("type") == "string_too_long" and most else name


def _where(problem: Any) -> str:
    """Where a request's problem is: a field's path ("body.text"), or the character of a body
    that is not JSON ("body, character 8")."""
    place = [str(part) for part in problem.get("loc", ())]
    if problem.get("type") == "json_invalid" and len(place) == 2:
        return f"{place[0]}, character {place[1]}"
    return ".".join(place)
