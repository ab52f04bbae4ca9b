"""Verdicts on the desk's claims: the working draft of each, the verdicts sent for review
(corrections of a published fact-check among them) and what review made of them."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, select, update

from ...desk import schema as desk


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
