"""Correcting a published fact-check in the browser: the form, with the verdict's Markdown editor
and its live preview, and a refusal shown on the same form with everything typed kept."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup

from ..desk import drafts, publishing, verdicts
from ..desk.common import REVIEWERS
from ..desk.users import User
from ..errors import InputError
from . import i18n
from .auth import require
from .pages import check_csrf, language, render
from .services import services

router = APIRouter(prefix="/desk", include_in_schema=False)
FORM = [Depends(check_csrf)]


def _form(
    request: Request,
    fc: publishing.Published,
    typed: dict[str, str],
    status_code: int = 200,
    error: InputError | None = None,
) -> HTMLResponse:
    form_error = None
    if error is not None:
        message = i18n.error_message(error, language(request))
        form_error = {"form": "correct", "field": error.field, "message": message}
    return render(
        request,
        "desk/correct.html",
        status_code=status_code,
        fc=fc,
        ratings=verdicts.RATINGS,
        typed=typed,
        preview=Markup(drafts.explanation_html(typed["explanation"])),
        form_error=form_error,
    )


@router.get("/factchecks/{slug}/correct", response_class=HTMLResponse)
def correction_form(
    request: Request, slug: str, user: User = Depends(require(*REVIEWERS))
) -> HTMLResponse:
    store = services(request).store
    fc = publishing.by_slug(store, slug)
    typed = {
        "claim_summary": fc.claim_reviewed,
        "rating": fc.rating_label,
        "explanation": drafts.source_of(store, fc.item_id, fc.explanation),
        "note": "",
    }
    return _form(request, fc, typed)


@router.post("/factchecks/{slug}/correct", dependencies=FORM)
def correct(
    request: Request,
    slug: str,
    note: str = Form("", max_length=publishing.MAX_NOTE),
    claim_summary: str = Form("", max_length=verdicts.MAX_SUMMARY),
    rating: str = Form("", max_length=32),
    explanation: str = Form("", max_length=verdicts.MAX_EXPLANATION),
    user: User = Depends(require(*REVIEWERS)),
) -> Response:
    store = services(request).store
    try:
        fc = publishing.correct(
            store, slug, user, note, claim_summary or None, rating or None, explanation or None
        )
    except InputError as error:
        typed = {
            "claim_summary": claim_summary,
            "rating": rating,
            "explanation": explanation,
            "note": note,
        }
        return _form(request, publishing.by_slug(store, slug), typed, error.status, error)
    if fc.awaiting_review is not None:  # a change of verdict: another editor reviews it
        return RedirectResponse(f"/desk/claims/{fc.item_id}#verdicts", status_code=303)
    return RedirectResponse(publishing.PATH + slug, status_code=303)


@router.post("/preview", dependencies=FORM)
def preview(
    explanation: str = Form("", max_length=verdicts.MAX_EXPLANATION),
    user: User = Depends(require()),
) -> JSONResponse:
    """The editor's live preview where a form is not saved as it is typed (a correction): the
    HTML the explanation would be published as."""
    return JSONResponse({"preview": drafts.explanation_html(explanation)})
