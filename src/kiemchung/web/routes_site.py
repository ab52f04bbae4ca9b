"""The public site around the fact-checks: share cards, the rating scale, the method, the
favicon and the API explorer (served from the package, so it works offline)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from ..desk import archive, publishing
from ..errors import NotFound
from ..library.ratings import LABELS
from . import cards, i18n
from .auth import current_user
from .pages import language, rating_name, render
from .services import services

router = APIRouter(include_in_schema=False)
ARCHIVE_PATH = "/luu-tru/"  # + a WARC or PNG file's name: a source's archived copy, screenshot

STATIC = Path(__file__).parent / "static"

CARD_PATH = "/the.png"  # after a fact-check's own path: /kiem-chung/{slug}/the.png
DESCRIPTION = 200  # characters of the explanation shown under a shared link
# The scale as readers meet it, worst to best, then the verdict that is not a degree of truth.
SCALE = ("false", "mostly-false", "misleading", "half-true", "mostly-true", "true", "unproven")


def plain(text: str) -> str:
    """Rich text as one line of plain text (tags dropped, entities read)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def description(fc: publishing.Published, limit: int = DESCRIPTION) -> str:
    """What a shared link says under its title: the verdict and the start of the explanation."""
    text = f"{LABELS[fc.rating_label].vi}. {plain(fc.explanation)}"
    return publishing.short_claim(text, limit)


def card_url(fc: publishing.Published) -> str:
    """The share card's absolute address, beside the fact-check's own."""
    return fc.url + CARD_PATH


@router.get("/kiem-chung/{slug}" + CARD_PATH)
def share_card(request: Request, slug: str) -> Response:
    fc = publishing.by_slug(services(request).store, slug)
    name, png = cards.card(
        services(request).store.home,
        fc.claim_reviewed,
        fc.rating_label,
        rating_name(fc.rating_label, "vi"),
        i18n.translate("card.kicker", "vi"),
        fc.publisher,
    )
    etag = f'"{name[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(png, media_type="image/png", headers=headers)


@router.get(ARCHIVE_PATH + "{name}")
def archived_copy(request: Request, name: str) -> Response:
    """A source's archived copy (a WARC file, as a download) or its screenshot (``.png``, shown
    in the browser): anyone's once the source backs a published fact-check, before that the
    desk's only (others get a 404, as for no copy)."""
    store = services(request).store
    path = archive.path_of(store, name)
    public = archive.is_public(store, name)
    if not public and current_user(request) is None:
        raise NotFound(f"no archived copy {name!r}", code="no_archive")
    cache = "public, max-age=31536000, immutable" if public else "private, no-store"
    picture = name.endswith(archive.PNG)
    return FileResponse(
        path,
        media_type="image/png" if picture else "application/warc",
        filename=name,
        content_disposition_type="inline" if picture else "attachment",
        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
    )


@router.get("/thang-danh-gia", response_class=HTMLResponse)
def rating_scale(request: Request) -> HTMLResponse:
    return render(request, "scale.html", scale=[LABELS[key] for key in SCALE])


@router.get("/phuong-phap", response_class=HTMLResponse)
def methodology(request: Request) -> HTMLResponse:
    return render(request, "method.html")


@router.get("/favicon.ico")
def favicon() -> Response:
    return FileResponse(STATIC / "favicon.ico", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/docs", response_class=HTMLResponse)
def api_explorer(request: Request) -> HTMLResponse:
    """Swagger UI from static/swagger/ (vendored from npm swagger-ui-dist), started by a static
    script rather than an inline one, so the page keeps the site's script policy."""
    return render(request, "api_docs.html", lang_name=language(request))
