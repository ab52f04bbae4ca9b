"""Numbers for the dashboard: claims by status, tips per day, time from first sighting to
publication."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, literal_column, select

from ..clock import now
from ..store import Store
from .queue import STATUSES, _parse
from .schema import items, tips


@dataclass
class Dashboard:
    by_status: dict[str, int]
    tips_per_day: list[tuple[date, int]]
    hours_to_publish: list[float]

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours_to_publish), 1) if self.hours_to_publish else None


def dashboard(store: Store, days: int = 30, today: date | None = None) -> Dashboard:
    today = today or now().date()
    start = today - timedelta(days=days - 1)
    with store.db.read() as connection:
        counts: dict[str, int] = dict(
            connection.execute(select(items.c.status, func.count()).group_by(items.c.status)).all()
        )
        # The day as literal positions: bound parameters would make PostgreSQL see the selected
        # and the grouped expressions as two different ones.
        day = func.substr(tips.c.created_at, literal_column("1"), literal_column("10"))
        per_day: dict[str, int] = dict(
            connection.execute(
                select(day, func.count())
                .where(tips.c.created_at >= start.isoformat())
                .group_by(day)
            ).all()
        )
        spans = connection.execute(
            select(items.c.first_seen, items.c.published_at).where(
                items.c.published_at.is_not(None)
            )
        ).all()
    hours = [max((_parse(b) - _parse(a)).total_seconds() / 3600, 0.0) for a, b in spans]
    return Dashboard(
        by_status={status: int(counts.get(status, 0)) for status in STATUSES},
        tips_per_day=[
            (day, int(per_day.get(day.isoformat(), 0)))
            for day in (start + timedelta(days=n) for n in range(days))
        ],
        hours_to_publish=hours,
    )
