"""The desk's numbers: claims by status, tips per day, when published claims were first seen."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, func, literal_column, select

from ...desk import schema as desk


class Span(NamedTuple):
    """A published claim: when it was first seen and when it was published."""

    first_seen: str
    published_at: str


def claims_by_status(connection: Connection) -> dict[str, int]:
    """Status → how many queue items have it (statuses no item has are left out)."""
    items = desk.items
    rows = connection.execute(select(items.c.status, func.count()).group_by(items.c.status))
    return {status: int(count) for status, count in rows}


def tips_per_day(connection: Connection, since: str) -> dict[str, int]:
    """Day (``YYYY-MM-DD``) → tips that came that day, from ``since`` on (days without any
    left out)."""
    tips = desk.tips
    # The day as literal positions: bound parameters would make PostgreSQL see the selected and
    # the grouped expressions as two different ones.
    day = func.substr(tips.c.created_at, literal_column("1"), literal_column("10"))
    rows = connection.execute(
        select(day, func.count()).where(tips.c.created_at >= since).group_by(day)
    )
    return {str(moment): int(count) for moment, count in rows}


def publication_spans(connection: Connection) -> list[Span]:
    """Every published claim's first sighting and publication."""
    items = desk.items
    rows = connection.execute(
        select(items.c.first_seen, items.c.published_at).where(items.c.published_at.is_not(None))
    )
    return [Span._make(row) for row in rows]
