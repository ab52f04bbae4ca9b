"""Corrections that change a verdict go through two-person review, like the verdict did.

A correction that changes the rating, or the claim beyond its wording, becomes a draft (a row
of ``desk_verdicts`` carrying its public note in ``correction_note``) on the published claim's
review list; a different editor approves it (the page changes then, with the note in its public
log) or returns it (the page stays as it is). Nobody approves their own correction. A fix of
the wording alone is published at once by ``publishing.correct`` and logged in the audit log;
one made while a correction waits is carried into the waiting draft, so approving the draft
does not bring the old wording back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection

from ..clock import timestamp
from ..errors import InputError, NotFound
from ..store import Store
from ..store.queries import verdicts as queries
from . import audit
from .common import REVIEWERS, require_role
from .publishing import (
    MAX_NOTE,
    Published,
    approve_once,
    by_slug,
    corrected,
    of_item,
    write_correction,
)
from .users import User
from .verdicts import MAX_EXPLANATION, MAX_SUMMARY, Verdict

# What the reviewed fields are called on a verdict row, by their name on a published page.
_ON_VERDICT = {
    "claim_reviewed": "claim_summary",
    "rating_label": "rating_label",
    "explanation": "explanation",
}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def needs_review(fc: Published, changes: dict[str, str]) -> bool:
    """True when ``changes`` change what the fact-check says: its rating, or the claim's words
    (a tone mark, a "không" or a number counts; case, spacing and punctuation do not)."""
    if "rating_label" in changes:
        return True
    claim = changes.get("claim_reviewed")
    return claim is not None and _words(claim) != _words(fc.claim_reviewed)


def propose(
    store: Store, fc: Published, editor: User, note: str, changes: dict[str, str]
) -> Published:
    """Put a correction up for review (an older one waiting for the same fact-check is
    superseded); returns the fact-check as it still is, with ``awaiting_review`` set."""
    with store.writing() as connection:
        queries.supersede_waiting_correction(connection, fc.item_id)
        queries.drop_correction_draft(connection, fc.item_id)  # it is up for review now
        draft_id = queries.add_verdict(
            connection,
            item_id=fc.item_id,
            author_id=editor.id,
            claim_summary=changes.get("claim_reviewed", fc.claim_reviewed),
            rating_label=changes.get("rating_label", fc.rating_label),
            explanation=changes.get("explanation", fc.explanation),
            appearances="[]",
            at=timestamp(),
            correction_note=note,
        )
        audit.record(
            connection,
            editor.email,
            "correction.draft",
            fc.slug,
            verdict=draft_id,
            fields=sorted(changes),
        )
    fc.awaiting_review = draft_id
    return fc


def approve(store: Store, draft: Verdict, reviewer: User, comment: str | None) -> str:
    """Publish a reviewed correction (the caller checked the reviewer may); returns the slug."""
    found = of_item(store, draft.item_id)
    if found is None or draft.correction_note is None:
        raise NotFound(f"verdict {draft.id} is not a correction of a published fact-check")
    fc = by_slug(store, found.slug)
    proposed = {
        field: getattr(draft, on_verdict)
        for field, on_verdict in _ON_VERDICT.items()
        if getattr(draft, on_verdict) != getattr(fc, field)
    }
    with store.writing() as connection:
        approve_once(connection, draft.id, reviewer, comment, timestamp())
        if proposed:
            write_correction(
                connection,
                fc,
                draft.author_id,
                reviewer.email,
                draft.correction_note,
                proposed,
                verdict=draft.id,
                author=draft.author_id,
            )
    corrected(store, fc.slug)
    return fc.slug


def carry_wording(connection: Connection, fc: Published, changes: dict[str, str]) -> None:
    """A wording fix published while a correction waits goes into the waiting draft too, where
    the draft kept the old text of that field."""
    for field, new in changes.items():
        queries.carry_into_waiting_correction(
            connection, fc.item_id, _ON_VERDICT[field], getattr(fc, field), new
        )


# -- the correction being written, saved as it is typed ----------------------------------------


@dataclass
class CorrectionDraft:
    claim_summary: str
    rating_label: str
    explanation: str  # Markdown as typed
    note: str
    updated_at: str | None = None


def save_draft(
    store: Store,
    fc: Published,
    editor: User,
    claim_summary: str,
    rating_label: str,
    explanation: str,
    note: str,
) -> CorrectionDraft:
    """Keep the correction form as it is typed, replacing the fact-check's earlier draft (one
    per fact-check, as for verdicts: the desk corrects together). Sending the correction, or
    putting it up for review, deletes it."""
    require_role(editor, REVIEWERS)
    if len(claim_summary) > MAX_SUMMARY * 2 or len(explanation) > MAX_EXPLANATION:
        raise InputError("the draft is too long", code="draft_too_long", field="explanation")
    if len(note) > MAX_NOTE or len(rating_label) > 32:
        raise InputError("the draft is too long", code="draft_too_long", field="note")
    saved_at = timestamp()
    values: dict[str, str | int] = {
        "claim_summary": claim_summary,
        "rating_label": rating_label,
        "explanation": explanation,
        "note": note,
        "updated_by": editor.id,
        "updated_at": saved_at,
    }
    with store.writing() as connection:
        queries.keep_correction_draft(connection, fc.item_id, values)
    return CorrectionDraft(claim_summary, rating_label, explanation, note, saved_at)


def draft_of(store: Store, fc: Published) -> CorrectionDraft | None:
    """The correction saved as it was typed for ``fc``, if one is waiting."""
    with store.reading() as connection:
        row = queries.correction_draft_of(connection, fc.item_id)
    return None if row is None else CorrectionDraft(*row)
