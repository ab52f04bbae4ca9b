"""The desk in the browser (login): queue, claim page, verdicts and review, corrections."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..desk import publishing, queue, research, review, tips, users, verdicts
from ..desk.common import REVIEWERS
from ..desk.users import User
from .auth import require
from .pages import check_csrf, render
from .services import base_url, services

router = APIRouter(prefix="/desk", include_in_schema=False)

FORM = [Depends(check_csrf)]


def _back(item_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/desk/claims/{item_id}{anchor}", status_code=303)


@router.get("", response_class=HTMLResponse)
def queue_page(
    request: Request,
    status: str = Query("", max_length=20),
    topic: str = Query("", max_length=80),
    source: str = Query("", max_length=200),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    user: User = Depends(require()),
) -> HTMLResponse:
    store = services(request).store
    status = status if status in queue.STATUSES else ""
    found = queue.listing(
        store,
        status=status or None,
        topic=topic or None,
        source=source or None,
        since=since or None,
        until=until or None,
    )
    return render(
        request,
        "desk/queue.html",
        items=found,
        statuses=queue.STATUSES,
        sources=queue.sources(store),
        weights=queue.WEIGHTS,
        filters={
            "status": status,
            "topic": topic,
            "source": source,
            "since": since,
            "until": until,
        },
    )


@router.get("/claims/{item_id}", response_class=HTMLResponse)
def claim_page(request: Request, item_id: int, user: User = Depends(require())) -> HTMLResponse:
    store = services(request).store
    item = queue.get(store, item_id)
    fc = publishing.of_item(store, item_id) if item.status == "published" else None
    return render(
        request,
        "desk/claim.html",
        item=item,
        appearances=queue.appearances(store, item_id),
        tips=tips.for_item(store, item_id),
        notes=research.notes_of(store, item_id),
        evidence=research.evidence_of(store, item_id),
        verdicts=review.verdicts_of(store, item_id),
        users=users.all_users(store),
        ratings=verdicts.RATINGS,
        manual=research.MANUAL,
        fc=fc,
    )


@router.post("/claims/{item_id}/status", dependencies=FORM)
def set_status(
    request: Request,
    item_id: int,
    status: str = Form(..., max_length=20),
    duplicate_of: Optional[int] = Form(None),
    user: User = Depends(require()),
) -> Response:
    research.set_status(services(request).store, item_id, status, user, duplicate_of)
    return _back(item_id)


@router.post("/claims/{item_id}/assign", dependencies=FORM)
def assign(
    request: Request,
    item_id: int,
    assignee: str = Form("", max_length=20),
    topic: str = Form("", max_length=80),
    user: User = Depends(require()),
) -> Response:
    store = services(request).store
    research.assign(store, item_id, int(assignee) if assignee.isdigit() else None, user)
    research.set_topic(store, item_id, topic, user)
    return _back(item_id)


@router.post("/claims/{item_id}/notes", dependencies=FORM)
def add_note(
    request: Request,
    item_id: int,
    body: str = Form("", max_length=10_000),
    user: User = Depends(require()),
) -> Response:
    research.add_note(services(request).store, item_id, body, user)
    return _back(item_id, "#notes")


@router.post("/claims/{item_id}/evidence", dependencies=FORM)
def add_evidence(
    request: Request,
    item_id: int,
    url: str = Form("", max_length=2000),
    title: str = Form("", max_length=300),
    text: str = Form("", max_length=research.MAX_EVIDENCE_TEXT),
    user: User = Depends(require()),
) -> Response:
    research.add_evidence(services(request).store, item_id, url, text, user, title)
    return _back(item_id, "#evidence")


@router.post("/claims/{item_id}/verdict", dependencies=FORM)
def draft(
    request: Request,
    item_id: int,
    claim_summary: str = Form("", max_length=verdicts.MAX_SUMMARY),
    rating: str = Form("", max_length=32),
    explanation: str = Form("", max_length=verdicts.MAX_EXPLANATION),
    appearances: str = Form("", max_length=20_000),
    user: User = Depends(require()),
) -> Response:
    review.draft(
        services(request).store,
        item_id,
        user,
        claim_summary,
        rating,
        explanation,
        appearances.split(),
    )
    return _back(item_id, "#verdicts")


@router.post("/verdicts/{verdict_id}/review", dependencies=FORM)
def review_verdict(
    request: Request,
    verdict_id: int,
    decision: str = Form(..., max_length=10),
    comment: str = Form("", max_length=10_000),
    user: User = Depends(require(*REVIEWERS)),
) -> Response:
    store = services(request).store
    if decision == "approve":
        slug = review.approve(store, verdict_id, user, base_url(request), comment)
        return RedirectResponse(publishing.PATH + slug, status_code=303)
    verdict = review.return_draft(store, verdict_id, user, comment)
    return _back(verdict.item_id, "#verdicts")


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, user: User = Depends(require())) -> HTMLResponse:
    return render(request, "desk/review.html", verdicts=review.pending(services(request).store))


@router.get("/factchecks/{slug}/correct", response_class=HTMLResponse)
def correction_form(
    request: Request, slug: str, user: User = Depends(require(*REVIEWERS))
) -> HTMLResponse:
    fc = publishing.by_slug(services(request).store, slug)
    return render(request, "desk/correct.html", fc=fc, ratings=verdicts.RATINGS)


@router.post("/factchecks/{slug}/correct", dependencies=FORM)
def correct(
    request: Request,
    slug: str,
    note: str = Form("", max_length=5000),
    claim_summary: str = Form("", max_length=verdicts.MAX_SUMMARY),
    rating: str = Form("", max_length=32),
    explanation: str = Form("", max_length=verdicts.MAX_EXPLANATION),
    user: User = Depends(require(*REVIEWERS)),
) -> Response:
    publishing.correct(
        services(request).store,
        slug,
        user,
        note,
        claim_summary or None,
        rating or None,
        explanation or None,
    )
    return RedirectResponse(publishing.PATH + slug, status_code=303)
