"""Rendering pages: the Jinja2 environment (autoescaped), the catalogue in every template, and
the CSRF check every form goes through."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ..desk.common import REVIEWERS, sanitize_html
from ..desk.publishing import outlet
from ..desk.tips import MAX_TEXT
from ..errors import CsrfFailed
from ..library.ratings import LABELS
from . import i18n
from .security import CSRF_FIELD, csrf_ok

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.autoescape = True
templates.env.globals["REVIEWERS"] = REVIEWERS
templates.env.globals["TIP_MAX_TEXT"] = MAX_TEXT


def page_path(referer: str) -> str:
    """The page a form was sent from (its Referer), as a same-site path: where the language
    switch leads after the form came back refused, since the form's own address takes no GET."""
    parts = urlsplit(referer)
    path = parts.path if parts.path.startswith("/") and not parts.path.startswith("//") else "/"
    return path + (f"?{parts.query}" if parts.query else "")


templates.env.filters["page_path"] = page_path


def language(request: Request) -> str:
    lang = request.cookies.get(i18n.COOKIE, i18n.DEFAULT)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT


def rating_name(key: str | None, lang: str) -> str:
    label = LABELS.get(key or "")
    if label is None:
        return key or ""
    return label.vi if lang == "vi" else label.en


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    context.update(
        request=request,
        lang=lang,
        user=getattr(request.state, "user", None),
        csrf_token=getattr(request.state, "csrf", ""),
        csrf_field=CSRF_FIELD,
        outlet=outlet(request.app.state.services.store.settings),
        t=lambda key: i18n.translate(key, lang),
        date=lambda value: i18n.format_date(value, lang),
        datetime=lambda value: i18n.format_datetime(value, lang),
        iso=i18n.iso_local,
        number=lambda value, digits=2: i18n.format_number(value, lang, digits),
        rating=lambda key: rating_name(key, lang),
        safe_html=lambda html: Markup(sanitize_html(html)),
    )
    return templates.TemplateResponse(request, name, context, status_code=status_code)


async def check_csrf(request: Request) -> None:
    """A dependency for form routes: the form's token must be the logged-in session's own (or,
    before logging in, the CSRF cookie's; a cookie an attacker planted is no use after it)."""
    how = getattr(request.state, "auth", "none")
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    expected = request.state.csrf if how == "session" else request.cookies.get("kc_csrf")
    if not csrf_ok(expected, submitted if isinstance(submitted, str) else None):
        raise CsrfFailed(i18n.translate("error.csrf", language(request)), code="csrf")
