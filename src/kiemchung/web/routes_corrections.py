"""Correcting a published fact-check in the browser: the form, with the verdict's Markdown editor
and its live preview, saved as it is typed (reopened as left), and a refusal shown on the same
form with everything typed kept."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup

from ..desk import corrections, drafts, publishing, verdicts
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
    saved_at: str | None = None,
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
        saved_at=saved_at,
    )


@router.get("/factchecks/{slug}/correct", response_class=HTMLResponse)
def correction_form(
    request: Request, slug: str, user: User = Depends(require(*REVIEWERS))
) -> HTMLResponse:
    store = services(request).store
    fc = publishing.by_slug(store, slug)
    saved = corrections.draft_of(store, fc)
    if saved is not None:  # the correction someone was writing, as they left it
        typed = {
            "claim_summary": saved.claim_summary,
            "rating": saved.rating_label,
            "explanation": saved.explanation,
            "note": saved.note,
        }
        return _form(request, fc, typed, saved_at=saved.updated_at)
    typed = {
        "claim_summary": fc.claim_reviewed,
        "rating": fc.rating_label,
        "explanation": drafts.source_of(store, fc.item_id, fc.explanation),
        "note": "",
    }
    return _form(request, fc, typed)


@router.post("/factchecks/{slug}/correct/draft", dependencies=FORM)
def autosave_correction(
    request: Request,
    slug: str,
    note: str = Form("", max_length=publishing.MAX_NOTE),
    claim_summary: str = Form("", max_length=verdicts.MAX_SUMMARY * 2),
    rating: str = Form("", max_length=32),
    explanation: str = Form("", max_length=verdicts.MAX_EXPLANATION),
    user: User = Depends(require(*REVIEWERS)),
) -> JSONResponse:
    """The correction form saved as it is typed; answers with the explanation's preview."""
    lang = language(request)
    store = services(request).store
    try:
        saved = corrections.save_draft(
            store, publishing.by_slug(store, slug), user, claim_summary, rating, explanation, note
        )
    except InputError as error:
        return JSONResponse(
            {"error": i18n.error_message(error, lang), "field": error.field},
            status_code=error.status,
        )
    stamp = i18n.format_datetime(saved.updated_at or "", lang)
    return JSONResponse(
        {
            "saved_at": saved.updated_at,
            "saved": f"{i18n.translate('draft.saved', lang)} {stamp}",
            "preview": drafts.explanation_html(explanation),
        }
    )


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
    """The editor's live preview for a form that is not saved as it is typed: the HTML the
    explanation would be published as."""
    return JSONResponse({"preview": drafts.explanation_html(explanation)})
