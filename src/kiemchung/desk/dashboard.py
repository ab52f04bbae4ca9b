"""Numbers for the dashboard: claims by status, tips per day, time from first sighting to
publication."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from ..clock import now
from ..store import Store
from ..store.queries import dashboard as queries
from .queue import STATUSES, _parse


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
    with store.reading() as connection:
        counts = queries.claims_by_status(connection)
        per_day = queries.tips_per_day(connection, start.isoformat())
        spans = queries.publication_spans(connection)
    hours = [max((_parse(b) - _parse(a)).total_seconds() / 3600, 0.0) for a, b in spans]
    return Dashboard(
        by_status={status: counts.get(status, 0) for status in STATUSES},
        tips_per_day=[
            (day, per_day.get(day.isoformat(), 0))
            for day in (start + timedelta(days=n) for n in range(days))
        ],
        hours_to_publish=hours,
    )
