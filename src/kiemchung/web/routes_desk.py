"""The desk in the browser (login): queue, claim page, verdicts and review (corrections:
``routes_corrections``)."""

from __future__ import annotations

from datetime import date
from typing import Callable, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup

from ..desk import (
    drafts,
    publishing,
    queue,
    research,
    review,
    teamqueue,
    tips,
    users,
    verdicts,
    workflow,
)
from ..desk.common import REVIEWERS
from ..desk.users import User
from ..errors import (
    Conflict,
    CsrfFailed,
    Forbidden,
    InputError,
    KiemchungError,
    LoginRequired,
    NotFound,
)
from ..images import kept_file, of_item
from ..store import Store
from . import i18n
from .auth import require
from .pages import check_csrf, language, render
from .services import base_url, services

router = APIRouter(prefix="/desk", include_in_schema=False)

FORM = [Depends(check_csrf)]


def _back(item_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/desk/claims/{item_id}{anchor}", status_code=303)


QUEUE_FILTERS = ("status", "topic", "source", "since", "until", "assignee")


def _queue_page(
    request: Request,
    user: User,
    values: dict[str, str],
    page: int = 1,
    per_page: int = teamqueue.PER_PAGE,
    status_code: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    """The queue with its filters in the URL (each page link keeps them)."""
    store = services(request).store
    status = values.get("status", "")  # a bulk step's return link may carry an old one
    values = {**values, "status": status if status in queue.STATUSES else ""}
    filters = teamqueue.Filters(
        **{name: values.get(name) or None for name in QUEUE_FILTERS if name != "assignee"},
        assignee=values.get("assignee", ""),
    )
    found = teamqueue.page_of(store, filters, user, page, per_page)
    kept = {name: value for name, value in values.items() if value}
    if per_page != teamqueue.PER_PAGE:
        kept["per_page"] = str(found.per_page)
    people = users.all_users(store)
    return render(
        request,
        "desk/queue.html",
        status_code=status_code,
        found=found,
        statuses=queue.STATUSES,
        sources=queue.sources(store),
        weights=queue.WEIGHTS,
        people=people,
        names={person.id: person.name for person in people},
        filters={name: values.get(name, "") for name in QUEUE_FILTERS},
        query=urlencode(kept),
        page_link=lambda number: "/desk?" + urlencode({**kept, "page": number}),
        bulk_error=error,
    )


@router.get("", response_class=HTMLResponse)
def queue_page(
    request: Request,
    status: str = Query("", max_length=20),
    topic: str = Query("", max_length=80),
    source: str = Query("", max_length=200),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    assignee: str = Query("", max_length=20),
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(teamqueue.PER_PAGE, ge=1, le=teamqueue.MAX_PER_PAGE),
    user: User = Depends(require()),
) -> HTMLResponse:
    if status and status not in queue.STATUSES:  # a status no claim has would hide the queue
        raise InputError(
            f"status {status!r} is not one of the queue's: {', '.join(queue.STATUSES)}",
            field="status",
        )
    for name, value in (("since", since), ("until", until)):
        if value and not _is_date(value):  # a date the filter cannot read would empty the queue
            raise InputError(f"{name} {value!r} is not a date (YYYY-MM-DD)", field=name)
    values = {
        "status": status,
        "topic": topic,
        "source": source,
        "since": since,
        "until": until,
        "assignee": assignee,
    }
    return _queue_page(request, user, values, page, per_page)


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@router.post("/bulk", dependencies=FORM)
async def bulk(request: Request, user: User = Depends(require())) -> Response:
    """One step on the claims ticked in the queue; back to the same filtered page."""
    form = await request.form()
    ids = [int(v) for v in form.getlist("ids") if isinstance(v, str) and v.isdigit()][:500]
    action = str(form.get("action", ""))[:20]
    assignee = str(form.get("assignee", ""))[:20]
    target = str(form.get("duplicate_of", "")).strip()[:20]
    back = str(form.get("back", ""))[:2000]
    store = services(request).store
    try:
        teamqueue.bulk(
            store,
            user,
            ids,
            action,
            int(assignee) if assignee.isdigit() else None,
            int(target) if target.isdigit() else None,
        )
    except (InputError, Conflict, NotFound) as error:
        values = {k: v for k, v in parse_qsl(back) if k in QUEUE_FILTERS}
        message = i18n.error_message(error, language(request))
        return _queue_page(request, user, values, status_code=error.status, error=message)
    return RedirectResponse("/desk?" + urlencode(parse_qsl(back)), status_code=303)


NO_DRAFT = "new"  # the verdict form's ``opened`` where the claim had no saved draft
# A suggested library match scored below this is noise, not worth a reader's time.
SHOWN_MATCH = 0.01


def _claim_page(
    request: Request,
    item_id: int,
    status_code: int = 200,
    failed: tuple[str, KiemchungError] | None = None,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    """The claim page; after a refused form, that form again with the error beside its field
    and what was typed kept."""
    store = services(request).store
    item = queue.get(store, item_id)
    fc = publishing.of_item(store, item_id) if item.status == "published" else None
    draft = drafts.reopen(store, item_id)
    # When the stored draft the form's autosave may replace was saved ("new": none was; an
    # empty form field would read as absent)
    opened = draft.updated_at or NO_DRAFT
    if failed is not None and failed[0] == "verdict" and typed:
        draft = drafts.Draft(
            item_id,
            typed["claim_summary"],
            typed["rating"],
            typed["explanation"],
            typed["appearances"],
        )
    form_error = None
    if failed is not None:
        form, error = failed
        message = i18n.error_message(error, language(request))
        form_error = {"form": form, "field": error.field, "message": message}
    return render(
        request,
        "desk/claim.html",
        status_code=status_code,
        item=item,
        matches=[m for m in item.matches if m.get("matched") or m["score"] >= SHOWN_MATCH],
        appearances=queue.appearances(store, item_id),
        tips=tips.for_item(store, item_id),
        images=of_item(store, item_id),
        notes=research.notes_of(store, item_id),
        evidence=research.evidence_of(store, item_id),
        verdicts=review.verdicts_of(store, item_id),
        users=_assignable(store, item.assignee_id),
        ratings=verdicts.RATINGS,
        states=workflow.choices(item.status),
        draft=draft,
        opened=opened,
        draft_preview=Markup(drafts.explanation_html(draft.explanation)),
        form_error=form_error,
        typed=typed or {},
        fc=fc,
    )


def _assignable(store: Store, assignee_id: int | None) -> list[User]:
    """The users a claim can be given to, and its assignee though deactivated: the form shows
    who holds it, and saving the topic alone does not take it from them."""
    active = users.all_users(store)
    if assignee_id is None or any(user.id == assignee_id for user in active):
        return active
    gone = [user for user in users.deactivated_users(store) if user.id == assignee_id]
    return active + gone


def _attempt(
    request: Request,
    item_id: int,
    form: str,
    typed: dict[str, str],
    action: Callable[[], object],
    anchor: str = "",
) -> Response:
    """Do what a form asks; a refusal comes back on the same form instead of a dead end."""
    try:
        action()
    except (LoginRequired, CsrfFailed):
        raise
    except KiemchungError as error:
        if isinstance(error, NotFound) and error.field is None:
            raise
        return _claim_page(request, item_id, error.status, (form, error), typed)
    return _back(item_id, anchor)


@router.get("/claims/{item_id}", response_class=HTMLResponse)
def claim_page(request: Request, item_id: int, user: User = Depends(require())) -> HTMLResponse:
    return _claim_page(request, item_id)


@router.get("/images/{sha256}")
def image_file(
    request: Request,
    sha256: str = Path(pattern="^[0-9a-f]{64}$"),
    user: User = Depends(require()),
) -> Response:
    """A picture a reader sent, for the desk only (the public never sees readers' images)."""
    data, media_type = kept_file(services(request).store, sha256)
    return Response(data, media_type=media_type, headers={"cache-control": "private, max-age=3600"})


@router.post("/claims/{item_id}/status", dependencies=FORM)
def set_status(
    request: Request,
    item_id: int,
    status: str = Form(..., max_length=20),
    duplicate_of: str = Form("", max_length=20),
    user: User = Depends(require()),
) -> Response:
    store = services(request).store
    target = int(duplicate_of) if duplicate_of.strip().isdigit() else None
    return _attempt(
        request,
        item_id,
        "status",
        {"status": status, "duplicate_of": duplicate_of},
        lambda: research.set_status(store, item_id, status, user, target),
    )


@router.post("/claims/{item_id}/assign", dependencies=FORM)
def assign(
    request: Request,
    item_id: int,
    assignee: str = Form("", max_length=20),
    topic: str = Form("", max_length=80),
    user: User = Depends(require()),
) -> Response:
    store = services(request).store

    def save() -> None:
        research.assign(store, item_id, int(assignee) if assignee.isdigit() else None, user)
        research.set_topic(store, item_id, topic, user)

    return _attempt(request, item_id, "assign", {"assignee": assignee, "topic": topic}, save)


@router.post("/claims/{item_id}/notes", dependencies=FORM)
def add_note(
    request: Request,
    item_id: int,
    body: str = Form("", max_length=10_000),
    user: User = Depends(require()),
) -> Response:
    store = services(request).store
    return _attempt(
        request,
        item_id,
        "notes",
        {"body": body},
        lambda: research.add_note(store, item_id, body, user),
        "#notes",
    )


@router.post("/claims/{item_id}/evidence", dependencies=FORM)
def add_evidence(
    request: Request,
    item_id: int,
    url: str = Form("", max_length=2000),
    title: str = Form("", max_length=300),
    text: str = Form("", max_length=research.MAX_EVIDENCE_TEXT),
    user: User = Depends(require()),
) -> Response:
    store = services(request).store
    return _attempt(
        request,
        item_id,
        "evidence",
        {"url": url, "title": title, "text": text},
        lambda: research.add_evidence(store, item_id, url, text, user, title),
        "#evidence",
    )


@router.post("/claims/{item_id}/draft", dependencies=FORM)
def autosave(
    request: Request,
    item_id: int,
    claim_summary: str = Form("", max_length=verdicts.MAX_SUMMARY * 2),
    rating: str = Form("", max_length=32),
    explanation: str = Form("", max_length=verdicts.MAX_EXPLANATION),
    appearances: str = Form("", max_length=drafts.MAX_APPEARANCES),
    opened: str | None = Form(None, max_length=40),
    user: User = Depends(require()),
) -> JSONResponse:
    """The verdict form saved as it is typed; answers with the explanation's preview. Refused
    (409) when the draft was saved elsewhere since the form's copy (``opened``)."""
    lang = language(request)
    try:
        saved = drafts.save(
            services(request).store,
            item_id,
            user.id,
            claim_summary,
            rating,
            explanation,
            appearances,
            None if opened is None else "" if opened == NO_DRAFT else opened,
        )
    except (InputError, Conflict) as error:
        return JSONResponse(
            {"error": i18n.error_message(error, lang), "field": error.field, "code": error.code},
            status_code=error.status,
        )
    return JSONResponse(
        {
            "saved_at": saved.updated_at,
            "saved": f"{i18n.translate('draft.saved', lang)} {i18n.format_datetime(saved.updated_at, lang)}",
            "preview": drafts.explanation_html(explanation),
        }
    )


@router.post("/claims/{item_id}/verdict", dependencies=FORM)
def draft(
    request: Request,
    item_id: int,
    claim_summary: str = Form("", max_length=verdicts.MAX_SUMMARY * 2),
    rating: str = Form("", max_length=32),
    explanation: str = Form("", max_length=verdicts.MAX_EXPLANATION),
    appearances: str = Form("", max_length=drafts.MAX_APPEARANCES),
    opened: str | None = Form(None, max_length=40),
    user: User = Depends(require()),
) -> Response:
    store = services(request).store
    known = None if opened is None else "" if opened == NO_DRAFT else opened
    typed = {
        "claim_summary": claim_summary,
        "rating": rating,
        "explanation": explanation,
        "appearances": appearances,
    }

    def submit() -> None:
        drafts.save(store, item_id, user.id, claim_summary, rating, explanation, appearances, known)
        review.draft(store, item_id, user, claim_summary, rating, explanation, appearances.split())

    return _attempt(request, item_id, "verdict", typed, submit, "#verdicts")


@router.post("/verdicts/{verdict_id}/review", dependencies=FORM)
def review_verdict(
    request: Request,
    verdict_id: int,
    decision: Literal["approve", "return"] = Form(...),
    comment: str = Form("", max_length=10_000),
    user: User = Depends(require(*REVIEWERS)),
) -> Response:
    store = services(request).store
    verdict = review.get_verdict(store, verdict_id)
    if decision == "approve":
        try:
            slug = review.approve(store, verdict_id, user, base_url(request), comment)
        except (InputError, Conflict, Forbidden) as error:
            typed = {"comment": comment}
            return _claim_page(
                request, verdict.item_id, error.status, (f"review-{verdict_id}", error), typed
            )
        return RedirectResponse(publishing.PATH + slug, status_code=303)
    return _attempt(
        request,
        verdict.item_id,
        f"review-{verdict_id}",
        {"comment": comment},
        lambda: review.return_draft(store, verdict_id, user, comment),
        "#verdicts",
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, user: User = Depends(require())) -> HTMLResponse:
    return render(request, "desk/review.html", verdicts=review.pending(services(request).store))
