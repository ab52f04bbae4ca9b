"""Public pages (no login): home, search, fact-check pages, feeds, the tipline and login."""

from __future__ import annotations

import json
from functools import partial
from typing import Any, Optional

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ..desk import publishing, search, tips, users
from ..errors import InputError, NotFound
from ..store import Store
from . import cards, feeds, i18n, routes_site
from .auth import log_in, log_out
from .pages import check_csrf, language, render
from .services import base_url, services

router = APIRouter(include_in_schema=False)


def json_ld(data: object) -> Markup:
    """JSON for a <script> block: '<', '>' and '&' escaped so no text can close the tag."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    store = services(request).store
    return render(
        request,
        "home.html",
        latest=publishing.latest(store, 10),
        library=search.library_latest(store, 8),
        q="",
    )


@router.get("/tim-kiem", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=500)) -> HTMLResponse:
    service = services(request)
    match = partial(service.match, top=10)
    hits = search.search(service.store, q, match=match) if q.strip() else []
    return render(request, "search.html", q=q, hits=hits)


@router.get("/kiem-chung/{slug}", response_class=HTMLResponse)
def factcheck_page(request: Request, slug: str) -> HTMLResponse:
    from ..images.mediareview import json_ld as with_images

    store = services(request).store
    fc = publishing.by_slug(store, slug, base_url(request))
    return render(
        request,
        "factcheck.html",
        fc=fc,
        json_ld=json_ld(with_images(store, publishing.claimreview(fc), fc.key)),
        description=routes_site.description(fc),
        card_url=routes_site.card_url(fc),
        card_size=(cards.WIDTH, cards.HEIGHT),
    )


@router.get("/feed.rss")
def feed_rss(request: Request) -> Response:
    store = services(request).store
    items = publishing.latest(store, 50, base=base_url(request))
    body = feeds.rss(
        items,
        base_url(request),
        publishing.outlet(store.settings),
        i18n.translate("site.tagline", language(request)),
    )
    return Response(body, media_type="application/rss+xml; charset=utf-8")


@router.get("/feed.atom")
def feed_atom(request: Request) -> Response:
    store = services(request).store
    items = publishing.latest(store, 50, base=base_url(request))
    body = feeds.atom(items, base_url(request), publishing.outlet(store.settings))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/gui-tin", response_class=HTMLResponse)
def tip_form(request: Request) -> HTMLResponse:
    return render(request, "tip.html", text="", contact="", error=None)


@router.post("/gui-tin", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def tip_submit(
    request: Request,
    text: str = Form(""),
    contact: str = Form(""),
    image: Optional[UploadFile] = File(None),
) -> HTMLResponse:
    service = services(request)
    data = image.file.read() if image is not None and image.filename else b""
    try:
        if data:
            return _tip_with_image(request, text, contact, data)
        tips.clean(text, contact)
    except InputError as error:
        return render(
            request,
            "tip.html",
            status_code=400,
            text=text,  # all of it, however long: the reader shortens it, nothing is lost
            contact=contact[: tips.MAX_CONTACT],
            error=i18n.error_message(error, language(request)),
        )
    result = service.match(text)
    found = result.as_json()["matches"]
    tip = tips.submit(service.store, text, contact, result.answers_alone, found)
    local = publishing.urls(service.store)
    return render(
        request,
        "tip_result.html",
        tip=tip,
        matched=result.answers_alone,
        matches=_shown(found[:3], result.answers_alone),
        local=local,
        labels=_labels(service.store, found[:3]),
    )


def _shown(found: list[dict[str, Any]], matched: bool) -> list[dict[str, Any]]:
    """The answer, or the similar fact-checks worth a reader's time (none scored about 0)."""
    return [
        m for rank, m in enumerate(found) if m["score"] >= search.RELEVANT or matched and not rank
    ]


def _labels(store: Store, found: list[dict[str, Any]]) -> dict[str, str | None]:
    """url → the rating on the shared scale, so each verdict reads in the reader's language."""
    return {hit.url: hit.rating_label for hit in search.by_urls(store, [m["url"] for m in found])}


def _tip_with_image(request: Request, text: str, contact: str, data: bytes) -> HTMLResponse:
    """A tip with a screenshot or photo: its text read and matched with the reader's words, and
    the fact-checks about a copy of the picture first."""
    from ..images import image_matches, read_image, tipline

    service = services(request)
    reading = read_image(service.store, data, name="the image")
    matches = image_matches(service.store, reading)
    matched = bool(matches)
    words = tipline.said(text, reading)
    if words:
        result = service.match(words)
        seen = {match["url"] for match in matches}
        matches += [m for m in result.as_json()["matches"] if m["url"] not in seen]
        matched = matched or result.answers_alone
    tip = tips.submit(
        service.store,
        tipline.tip_text(text, reading, tips.MAX_TEXT),
        contact,
        matched,
        matches,
        then=tipline.keep_with_tip(service.store, reading.sha256),
    )
    return render(
        request,
        "tip_result.html",
        tip=tip,
        matched=matched,
        matches=_shown(matches[:3], matched),
        local=publishing.urls(service.store),
        labels=_labels(service.store, matches[:3]),
    )


@router.get("/tra-cuu", response_class=HTMLResponse)
def tip_lookup(request: Request, code: str = Query("", max_length=32)) -> HTMLResponse:
    tip, missing = None, False
    if code.strip():
        try:
            tip = tips.lookup(services(request).store, code)
        except NotFound:
            missing = True
    return render(
        request,
        "lookup.html",
        code=code,
        tip=tip,
        answer=_answer(services(request).store, tip) if tip else None,
        missing=missing,
        status_code=404 if missing else 200,
    )


def _answer(store: Store, tip: tips.Tip) -> search.Hit | None:
    """The fact-check that answers a tip: the one it matched, or the one the desk published."""
    if tip.factcheck_slug:
        fc = publishing.by_slug(store, tip.factcheck_slug)
        return search.Hit(fc.url, fc.claim_reviewed, fc.rating_label, None, None, None, fc.slug)
    hits = search.by_urls(store, [tip.matched_url]) if tip.matched_url else []
    return hits[0] if hits else None


@router.get("/dang-nhap", response_class=HTMLResponse)
def login_form(request: Request, next: str = Query("/desk", max_length=300)) -> HTMLResponse:
    return render(request, "login.html", next=_local(next), failed=False)


def _local(target: str) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/desk"


@router.post("/dang-nhap", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login_submit(
    request: Request,
    email: str = Form("", max_length=254),
    password: str = Form("", max_length=1000),
    next: str = Form("/desk", max_length=300),
) -> Response:
    service = services(request)
    user = users.authenticate(service.store, email, password)
    if user is None:
        return render(request, "login.html", status_code=401, next=_local(next), failed=True)
    response = RedirectResponse(_local(next), status_code=303)
    log_in(request, response, user)
    return response


@router.post("/dang-xuat", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    response = RedirectResponse("/", status_code=303)
    log_out(request, response)
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: Optional[str] = None) -> Response:
    if code not in i18n.LANGUAGES:
        raise NotFound(f"no language {code}")
    response = RedirectResponse(_local(next or "/"), status_code=303)
    response.set_cookie(i18n.COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response
