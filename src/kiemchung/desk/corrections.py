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

from sqlalchemy import Connection

from ..clock import timestamp
from ..errors import NotFound
from ..store import Store
from ..store.queries import verdicts as queries
from . import audit
from .publishing import Published, approve_once, by_slug, corrected, of_item, write_correction
from .users import User
from .verdicts import Verdict

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
