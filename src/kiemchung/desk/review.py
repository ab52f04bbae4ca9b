"""Verdicts and review: a desk member drafts, a different editor approves or returns it.

Nobody approves their own draft. A verdict needs at least one evidence item: verdicts are
published with their sources (docs/principles.md, 2). "Other" (satire, opinion) is not a
rating the desk gives: such a claim is marked not checkable instead (principle 3).
"""

from __future__ import annotations

import json

from ..clock import timestamp
from ..errors import Conflict, Forbidden, InputError, NotFound
from ..store import Store
from ..store.queries import research as claim_queries
from ..store.queries import verdicts as queries
from ..text.normalize import clean
from . import audit, workflow
from .common import REVIEWERS, require_role
from .drafts import explanation_html, readable
from .publishing import publish
from .queue import get
from .research import check_url, evidence_of
from .users import User
from .verdicts import MAX_EXPLANATION, MAX_SUMMARY, Verdict, rating_key


def draft(
    store: Store,
    item_id: int,
    user: User,
    claim_summary: str,
    rating_label: str,
    explanation: str,
    appearances: list[str] | None = None,
) -> Verdict:
    """Submit a verdict for review; the claim moves to "in review". ``appearances`` are public
    URLs where the claim was seen, beyond the ingested documents (a tip's post, say)."""
    summary = " ".join(clean(claim_summary or "").split())
    if not summary or len(summary) > MAX_SUMMARY:
        raise InputError(
            f"the claim summary needs 1 to {MAX_SUMMARY} characters",
            code="summary",
            field="claim_summary",
            most=MAX_SUMMARY,
        )
    rating_label = rating_key(rating_label)
    if (
        not (explanation or "").strip()
        or len(explanation) > MAX_EXPLANATION
        or not readable(explanation_html(explanation))
    ):
        raise InputError(
            "the explanation is empty or too long",
            code="explanation",
            field="explanation",
            most=MAX_EXPLANATION,
        )
    links = [check_url(url, "appearances") for url in (appearances or []) if url.strip()][:20]
    item = get(store, item_id)
    workflow.after("draft", item_id, item.status)
    if not evidence_of(store, item_id):
        raise InputError(
            "add at least one source (evidence) before drafting a verdict",
            code="needs_evidence",
            field="evidence",
        )
    with store.writing() as connection:
        queries.supersede_waiting(connection, item_id)
        verdict_id = queries.add_verdict(
            connection,
            item_id=item_id,
            author_id=user.id,
            claim_summary=summary,
            rating_label=rating_label,
            explanation=explanation_html(explanation),
            appearances=json.dumps(links),
            at=timestamp(),
        )
        claim_queries.move_claim(connection, item_id, workflow.BY_WORK["draft"][1])
        audit.record(
            connection,
            user.email,
            "verdict.draft",
            f"claim {item_id}",
            verdict=verdict_id,
            rating=rating_label,
        )
    return get_verdict(store, verdict_id)


def _verdict(row: queries.VerdictRow) -> Verdict:
    return Verdict(
        row.id,
        row.item_id,
        row.author_id,
        row.author,
        row.claim_summary,
        row.rating_label,
        row.explanation,
        json.loads(row.appearances),
        row.state,
        row.created_at,
        row.reviewer,
        row.review_comment,
        row.reviewed_at,
        row.correction_note,
    )


def get_verdict(store: Store, verdict_id: int) -> Verdict:
    with store.reading() as connection:
        row = queries.verdict(connection, verdict_id)
    if row is None:
        raise NotFound(f"no verdict {verdict_id}", code="no_verdict", verdict=verdict_id)
    return _verdict(row)


def verdicts_of(store: Store, item_id: int) -> list[Verdict]:
    with store.reading() as connection:
        return [_verdict(row) for row in queries.verdicts_of(connection, item_id)]


def pending(store: Store) -> list[Verdict]:
    with store.reading() as connection:
        return [_verdict(row) for row in queries.waiting(connection)]


def _reviewable(store: Store, verdict_id: int, user: User) -> Verdict:
    require_role(user, REVIEWERS)
    verdict = get_verdict(store, verdict_id)
    if verdict.state != "submitted":
        raise Conflict(
            f"verdict {verdict_id} is {verdict.state}, not waiting for review",
            code="not_in_review",
        )
    if verdict.author_id == user.id:
        raise Forbidden(
            "nobody approves their own draft: another editor must review it", code="own_draft"
        )
    return verdict


def return_draft(store: Store, verdict_id: int, user: User, comment: str) -> Verdict:
    comment = (comment or "").strip()
    if not comment or len(comment) > 10_000:
        raise InputError(
            "say what needs to change (a comment is required to return a draft)",
            code="return_comment",
            field="comment",
        )
    verdict = _reviewable(store, verdict_id, user)
    with store.writing() as connection:
        queries.return_verdict(connection, verdict_id, user.id, comment, timestamp())
        if verdict.correction_note is None:  # a returned correction leaves the page as it is
            claim_queries.move_claim(connection, verdict.item_id, workflow.BY_WORK["return"][1])
        elif queries.correction_draft_of(connection, verdict.item_id) is None:
            # ... and its form reopens as it was sent, to be mended rather than typed again
            # (unless someone has begun another correction since).
            queries.keep_correction_draft(
                connection,
                verdict.item_id,
                {
                    "claim_summary": verdict.claim_summary,
                    "rating_label": verdict.rating_label,
                    "explanation": verdict.explanation,
                    "note": verdict.correction_note,
                    "updated_by": verdict.author_id,
                    "updated_at": timestamp(),
                },
            )
        audit.record(
            connection, user.email, "verdict.return", f"claim {verdict.item_id}", verdict=verdict_id
        )
    return get_verdict(store, verdict_id)


def approve(store: Store, verdict_id: int, user: User, base_url: str, comment: str = "") -> str:
    """Approve and publish (a verdict, or a correction of a published fact-check); returns the
    slug of the fact-check."""
    verdict = _reviewable(store, verdict_id, user)
    if verdict.correction_note is not None:
        from . import corrections

        return corrections.approve(store, verdict, user, comment.strip()[:10_000] or None)
    return publish(store, verdict, user, base_url, comment.strip()[:10_000] or None)
