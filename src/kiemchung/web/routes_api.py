"""The JSON API, /api/v1. Open: health, fact-checks, match, tips, session. Everything else needs
a session (with the X-CSRF-Token header) or an API token (``Authorization: Bearer kc_…``)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field, field_validator

from ..desk import (
    archive,
    audit,
    publishing,
    queue,
    research,
    review,
    teamqueue,
    tips,
    users,
    verdicts,
)
from ..desk.common import REVIEWERS
from ..desk.users import User
from ..errors import LoginRequired
from ..matching import MAX_TEXT, unmatchable
from .auth import log_in, log_out, require
from .routes_site import ARCHIVE_PATH
from .services import base_url, services

router = APIRouter(prefix="/api/v1")
_RATING_HELP = (
    f"One of {', '.join(verdicts.RATINGS)}, or the rating's name in Vietnamese or English "
    '("Sai", "False").'
)


class Health(BaseModel):
    status: str


class MatchIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    top: int = Field(5, ge=1, le=20)
    explain: bool = False  # add "why": the confidence, the threshold, what the decision read

    @field_validator("text")
    @classmethod
    def _matchable(cls, text: str) -> str:
        problem = unmatchable(text)
        if problem:
            raise ValueError(problem)
        return text


class MatchItem(BaseModel):
    url: str
    claim: str
    rating: Optional[str]
    score: float = Field(
        description="The ranker's score (0–1), which orders the list (where the first three "
        "are close, the reranker may order them again); "
        '"matched" is the decision on the first.'
    )


class MatchWhy(BaseModel):
    confidence: float
    threshold: float
    read: list[str]


class MatchOut(BaseModel):
    id: Any = None
    matched: bool
    matches: list[MatchItem]
    why: Optional[MatchWhy] = None


class TipIn(BaseModel):
    text: str = Field(min_length=1, max_length=tips.MAX_TEXT)
    contact: Optional[str] = Field(None, max_length=tips.MAX_CONTACT)


class TipOut(BaseModel):
    code: str
    status: str
    matched: bool
    factcheck_url: Optional[str] = None
    matches: list[MatchItem] = []


class SessionIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=research.MAX_NOTE)


class EvidenceIn(BaseModel):
    """A source: its URL alone (fetched, read and archived), or with the text that was read."""

    url: str = Field(max_length=2000)
    text: str = Field("", max_length=research.MAX_EVIDENCE_TEXT)
    title: Optional[str] = Field(None, max_length=300)


class VerdictIn(BaseModel):
    claim_summary: str = Field(min_length=1, max_length=verdicts.MAX_SUMMARY)
    rating: str = Field(max_length=32, description=_RATING_HELP)
    explanation: str = Field(min_length=1, max_length=verdicts.MAX_EXPLANATION)
    appearances: list[str] = Field(default_factory=list, max_length=20)


class ReviewIn(BaseModel):
    decision: Literal["approve", "return"]
    comment: str = Field("", max_length=10_000)


class CorrectionIn(BaseModel):
    note: str = Field(min_length=1, max_length=5000)
    claim_summary: Optional[str] = Field(None, max_length=verdicts.MAX_SUMMARY)
    rating: Optional[str] = Field(None, max_length=32, description=_RATING_HELP)
    explanation: Optional[str] = Field(None, max_length=verdicts.MAX_EXPLANATION)


@router.get("/health", response_model=Health)
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/factchecks")
def list_factchecks(
    request: Request,
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(20, ge=1, le=100),
) -> dict[str, Any]:
    """The desk's published fact-checks as schema.org ClaimReview objects, newest first."""
    store = services(request).store
    found = publishing.latest(store, per_page, (page - 1) * per_page, base_url(request))
    return {
        "page": page,
        "per_page": per_page,
        "total": publishing.count(store),
        "items": [publishing.claimreview(fc) for fc in found],
    }


@router.post("/match", response_model=MatchOut, response_model_exclude_unset=True)
def match(request: Request, body: MatchIn) -> dict[str, Any]:
    """Fact-checks answering a text: the same shape as ``kiemchung match`` prints."""
    return services(request).match(body.text, top=body.top, explain=body.explain).as_json()


@router.post("/tips", response_model=TipOut, status_code=201)
def submit_tip(request: Request, body: TipIn) -> dict[str, Any]:
    """Send a text to check. Answered at once when the library has it; otherwise queued, and
    the reference ``code`` looks it up later (GET /api/v1/tips/{code})."""
    service = services(request)
    tips.clean(body.text, body.contact)
    result = service.match(body.text)
    found = result.as_json()["matches"]
    tip = tips.submit(service.store, body.text, body.contact, result.answers_alone, found)
    return {
        "code": tip.code,
        "status": tip.status,
        "matched": result.answers_alone,
        "factcheck_url": tip.matched_url,
        "matches": found,
    }


@router.get("/tips/{code}")
def lookup_tip(request: Request, code: str) -> dict[str, Any]:
    tip = tips.lookup(services(request).store, code[:32])
    slug_url = (
        base_url(request) + publishing.PATH + tip.factcheck_slug if tip.factcheck_slug else None
    )
    return {
        "code": tip.code,
        "status": tip.status,
        "created_at": tip.created_at,
        "factcheck_url": tip.matched_url or slug_url,
    }


@router.post("/session")
def login(request: Request, body: SessionIn, response: Response) -> dict[str, Any]:
    """Log in: sets the session cookie. Send the kc_csrf cookie's value as X-CSRF-Token on
    later writes."""
    service = services(request)
    user = users.authenticate(service.store, body.email, body.password)
    if user is None:
        raise LoginRequired("wrong email or password")
    log_in(request, response, user)
    return {"email": user.email, "role": user.role, "csrf_token": request.state.csrf}


@router.delete("/session", status_code=204)
def logout(request: Request, response: Response, user: User = Depends(require())) -> None:
    """Log out: the session ends on the server, and its cookie stops working."""
    log_out(request, response)


def _item_json(item: queue.Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "status": item.status,
        "assignee_id": item.assignee_id,
        "topic": item.topic,
        "repeats": item.repeats,
        "matched": item.matched,
        "first_seen": item.first_seen,
        "last_seen": item.last_seen,
        "priority": item.priority.total,
        "priority_parts": vars(item.priority),
    }


@router.get("/queue")
def list_queue(
    request: Request,
    status: Optional[str] = Query(None, pattern="^(" + "|".join(queue.STATUSES) + ")$"),
    assignee: str = Query("", pattern=r"^(mine|none|\d{1,9})?$"),
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(teamqueue.PER_PAGE, ge=1, le=teamqueue.MAX_PER_PAGE),
    user: User = Depends(require()),
) -> dict[str, Any]:
    """The queue, highest priority first, a page at a time (open claims unless ``status``)."""
    filters = teamqueue.Filters(status=status, assignee=assignee)
    found = teamqueue.matching(services(request).store, filters, user)
    start = (page - 1) * per_page
    return {
        "items": [_item_json(item) for item in found[start : start + per_page]],
        "page": page,
        "per_page": per_page,
        "total": len(found),
        "pages": max(1, -(-len(found) // per_page)),
    }


@router.get("/claims/{item_id}")
def claim(request: Request, item_id: int, user: User = Depends(require())) -> dict[str, Any]:
    store = services(request).store
    data = _item_json(queue.get(store, item_id))
    data["evidence"] = [_evidence_json(request, e) for e in research.evidence_of(store, item_id)]
    data["verdicts"] = [vars(v) for v in review.verdicts_of(store, item_id)]
    return data


@router.post("/claims/{item_id}/notes", status_code=201)
def add_note(
    request: Request, item_id: int, body: NoteIn, user: User = Depends(require())
) -> dict[str, str]:
    research.add_note(services(request).store, item_id, body.body, user)
    return {"status": "created"}


@router.post("/claims/{item_id}/evidence", status_code=201)
def add_evidence(
    request: Request, item_id: int, body: EvidenceIn, user: User = Depends(require())
) -> dict[str, Any]:
    found = research.add_evidence(
        services(request).store, item_id, body.url, body.text, user, body.title
    )
    data = _evidence_json(request, found)
    return {
        key: data[key]
        for key in (
            "id",
            "sha256",
            "read_at",
            "title",
            "archive_url",
            "archived_at",
            "screenshot_url",
            "screenshot_sha256",
            "screenshot_at",
        )
    }


def _evidence_json(request: Request, found: research.Evidence) -> dict[str, Any]:
    """A source as the API shows it: ``sha256`` of what was read (the page as fetched when it
    was archived, else the pasted text), ``archive_url``, the archived copy, and
    ``screenshot_url`` with ``screenshot_sha256``, the page's screenshot (each null when none)."""
    data = vars(found).copy()
    name = data.pop("archive")
    data["archive_url"] = base_url(request) + ARCHIVE_PATH + name if name else None
    shot = data.pop("screenshot")
    data["screenshot_url"] = base_url(request) + ARCHIVE_PATH + shot if shot else None
    data["screenshot_sha256"] = shot.removesuffix(archive.PNG) if shot else None
    return data


@router.post("/claims/{item_id}/verdicts", status_code=201)
def draft_verdict(
    request: Request, item_id: int, body: VerdictIn, user: User = Depends(require())
) -> dict[str, Any]:
    verdict = review.draft(
        services(request).store,
        item_id,
        user,
        body.claim_summary,
        body.rating,
        body.explanation,
        body.appearances,
    )
    return {"id": verdict.id, "state": verdict.state}


@router.post("/verdicts/{verdict_id}/review")
def review_verdict(
    request: Request, verdict_id: int, body: ReviewIn, user: User = Depends(require(*REVIEWERS))
) -> dict[str, Any]:
    store = services(request).store
    if body.decision == "return":
        verdict = review.return_draft(store, verdict_id, user, body.comment)
        return {"state": verdict.state}
    slug = review.approve(store, verdict_id, user, base_url(request), body.comment)
    return {"state": "approved", "url": base_url(request) + publishing.PATH + slug}


@router.post("/factchecks/{slug}/corrections", status_code=201)
def correct(
    request: Request,
    slug: str,
    body: CorrectionIn,
    response: Response,
    user: User = Depends(require(*REVIEWERS)),
) -> dict[str, Any]:
    """Correct a published fact-check. A fix of wording is published at once (201, the
    ClaimReview); a change of the rating or of the claim waits for another editor's review
    (202, the draft's id to approve at POST /verdicts/{id}/review)."""
    fc = publishing.correct(
        services(request).store,
        slug,
        user,
        body.note,
        body.claim_summary,
        body.rating,
        body.explanation,
    )
    if fc.awaiting_review is not None:
        response.status_code = 202
        return {"state": "submitted", "verdict": fc.awaiting_review}
    return publishing.claimreview(fc)


@router.get("/audit")
def audit_log(
    request: Request, limit: int = Query(200, ge=1, le=5000), user: User = Depends(require("admin"))
) -> dict[str, Any]:
    return {"entries": [vars(e) for e in audit.entries(services(request).store, limit)]}
