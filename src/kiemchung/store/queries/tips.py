"""Readers' tips: kept by their reference code, with what became of them."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, select

from ...desk import schema as desk
from ..database import inserted_id


class TipRow(NamedTuple):
    """A tip as its reader looks it up: ``status`` is its queue item's (None when answered at
    once), ``slug`` the fact-check published on that item."""

    code: str
    text: str
    created_at: str
    matched_url: str | None
    status: str | None
    slug: str | None


class ItemTip(NamedTuple):
    """A tip behind a queue item, as the desk sees it."""

    code: str
    text: str
    contact: str | None
    created_at: str


def code_taken(connection: Connection, code: str) -> bool:
    found = connection.execute(select(desk.tips.c.id).where(desk.tips.c.code == code)).first()
    return found is not None


def add_tip(
    connection: Connection,
    *,
    code: str,
    text: str,
    contact: str | None,
    item_id: int | None,
    matched_url: str | None,
    at: str,
) -> int:
    """Keep a tip; returns its id."""
    result = connection.execute(
        desk.tips.insert().values(
            code=code,
            text=text,
            contact=contact,
            item_id=item_id,
            matched_url=matched_url,
            created_at=at,
        )
    )
    return inserted_id(result)


def tip_by_code(connection: Connection, code: str) -> TipRow | None:
    tips, items, published = desk.tips, desk.items, desk.published
    row = connection.execute(
        select(
            tips.c.code,
            tips.c.text,
            tips.c.created_at,
            tips.c.matched_url,
            items.c.status,
            published.c.slug,
        )
        .outerjoin(items, items.c.id == tips.c.item_id)
        .outerjoin(published, published.c.item_id == items.c.id)
        .where(tips.c.code == code)
    ).first()
    return None if row is None else TipRow._make(row)


def tips_of_item(connection: Connection, item_id: int) -> list[ItemTip]:
    """The tips on queue item ``item_id``, in the order they came."""
    tips = desk.tips
    rows = connection.execute(
        select(tips.c.code, tips.c.text, tips.c.contact, tips.c.created_at)
        .where(tips.c.item_id == item_id)
        .order_by(tips.c.id)
    )
    return [ItemTip._make(row) for row in rows]
