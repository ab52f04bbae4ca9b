"""Verdicts on the desk's claims: the working draft of each, the verdicts sent for review
(corrections of a published fact-check among them) and what review made of them."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, delete, select, update

from ...desk import schema as desk
from ..database import inserted_id


class DraftRow(NamedTuple):
    """A claim's working draft, as typed."""

    claim_summary: str
    rating_label: str
    explanation: str
    appearances: str  # one URL a line
    updated_at: str


class SentText(NamedTuple):
    """What a verdict said when it was sent; ``appearances`` is a JSON list of URLs."""

    claim_summary: str
    rating_label: str
    explanation: str
    appearances: str


# -- correction drafts -----------------------------------------------------------------------


class CorrectionDraftRow(NamedTuple):
    claim_summary: str
    rating_label: str
    explanation: str
    note: str
    updated_at: str


def correction_draft_of(connection: Connection, item_id: int) -> CorrectionDraftRow | None:
    table = desk.correction_drafts
    row = connection.execute(
        select(
            table.c.claim_summary,
            table.c.rating_label,
            table.c.explanation,
            table.c.note,
            table.c.updated_at,
        ).where(table.c.item_id == item_id)
    ).first()
    return None if row is None else CorrectionDraftRow._make(row)


def keep_correction_draft(
    connection: Connection, item_id: int, values: dict[str, str | int]
) -> None:
    """The correction draft of fact-check ``item_id`` becomes ``values`` (written or replaced)."""
    table = desk.correction_drafts
    changed = connection.execute(update(table).where(table.c.item_id == item_id).values(values))
    if not changed.rowcount:
        connection.execute(table.insert().values(item_id=item_id, **values))


def drop_correction_draft(connection: Connection, item_id: int) -> None:
    table = desk.correction_drafts
    connection.execute(delete(table).where(table.c.item_id == item_id))


# -- working drafts --------------------------------------------------------------------------


def draft_of(connection: Connection, item_id: int) -> DraftRow | None:
    drafts = desk.drafts
    row = connection.execute(
        select(
            drafts.c.claim_summary,
            drafts.c.rating_label,
            drafts.c.explanation,
            drafts.c.appearances,
            drafts.c.updated_at,
        ).where(drafts.c.item_id == item_id)
    ).first()
    return None if row is None else DraftRow._make(row)


def keep_draft(
    connection: Connection,
    item_id: int,
    *,
    claim_summary: str,
    rating_label: str,
    explanation: str,
    appearances: str,
    updated_by: int,
    updated_at: str,
) -> None:
    """The draft of claim ``item_id`` becomes this one (written, or replaced)."""
    values = {
        "claim_summary": claim_summary,
        "rating_label": rating_label,
        "explanation": explanation,
        "appearances": appearances,
        "updated_by": updated_by,
        "updated_at": updated_at,
    }
    drafts = desk.drafts
    changed = connection.execute(update(drafts).where(drafts.c.item_id == item_id).values(values))
    if not changed.rowcount:
        connection.execute(drafts.insert().values(item_id=item_id, **values))


def latest_sent(connection: Connection, item_id: int) -> SentText | None:
    """The text of the latest verdict sent on claim ``item_id``, whatever became of it."""
    verdicts = desk.verdicts
    row = connection.execute(
        select(
            verdicts.c.claim_summary,
            verdicts.c.rating_label,
            verdicts.c.explanation,
            verdicts.c.appearances,
        )
        .where(verdicts.c.item_id == item_id)
        .order_by(verdicts.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else SentText._make(row)


# -- verdicts sent for review ----------------------------------------------------------------


class VerdictRow(NamedTuple):
    """A verdict with the names of its author and reviewer; ``appearances`` is JSON."""

    id: int
    item_id: int
    author_id: int
    author: str
    claim_summary: str
    rating_label: str
    explanation: str
    appearances: str
    state: str
    created_at: str
    reviewer: str | None
    review_comment: str | None
    reviewed_at: str | None
    correction_note: str | None


def _verdicts() -> Select[Any]:
    verdicts, users = desk.verdicts, desk.users
    reviewer = users.alias("reviewer")
    return (
        select(
            verdicts.c.id,
            verdicts.c.item_id,
            verdicts.c.author_id,
            users.c.name.label("author"),
            verdicts.c.claim_summary,
            verdicts.c.rating_label,
            verdicts.c.explanation,
            verdicts.c.appearances,
            verdicts.c.state,
            verdicts.c.created_at,
            reviewer.c.name.label("reviewer"),
            verdicts.c.review_comment,
            verdicts.c.reviewed_at,
            verdicts.c.correction_note,
        )
        .join(users, users.c.id == verdicts.c.author_id)
        .outerjoin(reviewer, reviewer.c.id == verdicts.c.reviewer_id)
    )


def verdict(connection: Connection, verdict_id: int) -> VerdictRow | None:
    row = connection.execute(_verdicts().where(desk.verdicts.c.id == verdict_id)).first()
    return None if row is None else VerdictRow._make(row)


def verdicts_of(connection: Connection, item_id: int) -> list[VerdictRow]:
    """The verdicts sent on claim ``item_id``, newest first."""
    verdicts = desk.verdicts
    rows = connection.execute(
        _verdicts().where(verdicts.c.item_id == item_id).order_by(verdicts.c.id.desc())
    )
    return [VerdictRow._make(row) for row in rows]


def waiting(connection: Connection) -> list[VerdictRow]:
    """The verdicts waiting for review, oldest first."""
    verdicts = desk.verdicts
    rows = connection.execute(
        _verdicts().where(verdicts.c.state == "submitted").order_by(verdicts.c.id)
    )
    return [VerdictRow._make(row) for row in rows]


def add_verdict(
    connection: Connection,
    *,
    item_id: int,
    author_id: int,
    claim_summary: str,
    rating_label: str,
    explanation: str,
    appearances: str,
    at: str,
    correction_note: str | None = None,
) -> int:
    """A verdict waiting for review (a correction when ``correction_note`` is given); its id."""
    result = connection.execute(
        desk.verdicts.insert().values(
            item_id=item_id,
            author_id=author_id,
            claim_summary=claim_summary,
            rating_label=rating_label,
            explanation=explanation,
            appearances=appearances,
            state="submitted",
            created_at=at,
            correction_note=correction_note,
        )
    )
    return inserted_id(result)


def supersede_waiting(connection: Connection, item_id: int) -> None:
    """Every verdict on claim ``item_id`` still waiting for review is superseded."""
    verdicts = desk.verdicts
    connection.execute(
        update(verdicts)
        .where(verdicts.c.item_id == item_id, verdicts.c.state == "submitted")
        .values(state="superseded")
    )


def supersede_waiting_correction(connection: Connection, item_id: int) -> None:
    """A correction of claim ``item_id``'s fact-check still waiting for review is superseded."""
    verdicts = desk.verdicts
    connection.execute(
        update(verdicts)
        .where(
            verdicts.c.item_id == item_id,
            verdicts.c.state == "submitted",
            verdicts.c.correction_note.is_not(None),
        )
        .values(state="superseded")
    )


def return_verdict(
    connection: Connection, verdict_id: int, reviewer_id: int, comment: str, at: str
) -> None:
    """Verdict ``verdict_id`` goes back to its author with the reviewer's ``comment``."""
    verdicts = desk.verdicts
    connection.execute(
        update(verdicts)
        .where(verdicts.c.id == verdict_id)
        .values(state="returned", reviewer_id=reviewer_id, review_comment=comment, reviewed_at=at)
    )


def approve_waiting(
    connection: Connection, verdict_id: int, reviewer_id: int, comment: str | None, at: str
) -> bool:
    """Approve verdict ``verdict_id`` if it is still waiting for review; False when it is not
    (someone else reviewed it), and nothing is written then."""
    verdicts = desk.verdicts
    done = connection.execute(
        update(verdicts)
        .where(verdicts.c.id == verdict_id, verdicts.c.state == "submitted")
        .values(state="approved", reviewer_id=reviewer_id, review_comment=comment, reviewed_at=at)
    ).rowcount
    return bool(done)


def carry_into_waiting_correction(
    connection: Connection, item_id: int, field: str, old: str, new: str
) -> None:
    """A correction of claim ``item_id``'s fact-check still waiting for review takes ``new`` as
    its ``field`` (``claim_summary``, ``rating_label`` or ``explanation``) where it kept
    ``old``."""
    verdicts = desk.verdicts
    column = verdicts.c[field]
    connection.execute(
        update(verdicts)
        .where(
            verdicts.c.item_id == item_id,
            verdicts.c.state == "submitted",
            verdicts.c.correction_note.is_not(None),
            column == old,
        )
        .values({column: new})
    )
