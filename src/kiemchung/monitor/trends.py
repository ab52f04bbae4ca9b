"""Narratives over time: volume series per hour or day, and which narratives are rising.

Volume is documents (originals carrying the narrative's claims and their copies), counted at the
time each was seen. "Rising" compares the last window with the window before it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterable

from sqlalchemy import Connection

from ..clock import now
from ..store.queries import narratives as queries
from .sightings import Sighting, by_narrative, sightings

if TYPE_CHECKING:
    from ..store import Store

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
_BARS = " ▁▂▃▄▅▆▇█"


@dataclass
class FactCheckRef:
    url: str
    claim: str
    rating: str | None
    rating_label: str | None


@dataclass
class Trend:
    """One narrative's figures over a window (and the window before it)."""

    id: int
    label: str
    documents: int  # seen in the window
    previous: int  # seen in the window before
    total: int  # claims placed in it, ever
    first_seen: str | None
    last_seen: str | None
    sites: list[tuple[str, int]] = field(default_factory=list)  # outlets in the window
    factcheck: FactCheckRef | None = None
    series: list[int] = field(default_factory=list)
    step: str = "hour"

    @property
    def growth(self) -> int:
        return self.documents - self.previous

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "documents": self.documents,
            "previous": self.previous,
            "growth": self.growth,
            "claims": self.total,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "sites": [{"site": site, "documents": count} for site, count in self.sites],
            "factcheck": None
            if self.factcheck is None
            else {
                "url": self.factcheck.url,
                "claim": self.factcheck.claim,
                "rating": self.factcheck.rating,
                "rating_label": self.factcheck.rating_label,
            },
            "series": {"step": self.step, "counts": self.series},
        }


def floor(moment: datetime, step: timedelta) -> datetime:
    """``moment`` rounded down to the hour or the day (UTC)."""
    if step >= DAY:
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment.replace(minute=0, second=0, microsecond=0)


def series(
    found: Iterable[Sighting], start: datetime, end: datetime, step: timedelta
) -> list[tuple[datetime, int]]:
    """Documents seen per ``step`` (an hour or a day) from ``start`` to ``end``, empty ones too."""
    counts = Counter(floor(item.seen_at, step) for item in found)
    buckets = []
    moment = floor(start, step)
    while moment <= end:
        buckets.append((moment, counts.get(moment, 0)))
        moment += step
    return buckets


def sparkline(counts: list[int], width: int = 48) -> str:
    """A one-line bar chart of ``counts``, summed into at most ``width`` bars."""
    if len(counts) > width:
        size = -(-len(counts) // width)
        counts = [sum(counts[i : i + size]) for i in range(0, len(counts), size)]
    top = max(counts, default=0)
    if top == 0:
        return _BARS[0] * len(counts)
    return "".join(_BARS[min(8, -(-8 * count // top))] for count in counts)


def step_for(window: timedelta) -> timedelta:
    return HOUR if window <= 2 * DAY else DAY


def _factchecks(connection: Connection, ids: set[int]) -> dict[int, FactCheckRef]:
    rows = queries.factcheck_rows(connection, ids)
    return {
        row.id: FactCheckRef(row.url, row.claim_reviewed, row.rating_text, row.rating_label)
        for row in rows
    }


def trends(
    store: Store,
    window: timedelta,
    *,
    at: datetime | None = None,
    narrative_ids: Iterable[int] | None = None,
) -> list[Trend]:
    """Every narrative seen in the last two windows, with its figures (unsorted)."""
    end = at or now()
    start = end - window
    with store.reading() as connection:
        found = by_narrative(
            sightings(connection, since=start - window, narrative_ids=narrative_ids)
        )
        rows = queries.narratives_by_id(connection, found)
        refs = _factchecks(
            connection, {row.factcheck_id for row in rows.values() if row.factcheck_id}
        )
    step = step_for(window)
    result = []
    for narrative_id, items in found.items():
        row = rows.get(narrative_id)
        if row is None:
            continue
        current = [item for item in items if start <= item.seen_at <= end]
        previous = [item for item in items if item.seen_at < start]
        result.append(
            Trend(
                id=narrative_id,
                label=row.label,
                documents=len(current),
                previous=len(previous),
                total=row.size,
                first_seen=row.first_seen,
                last_seen=row.last_seen,
                sites=Counter(item.site for item in current).most_common(),
                factcheck=refs.get(row.factcheck_id) if row.factcheck_id else None,
                series=[count for _, count in series(current, start, end, step)],
                step="hour" if step == HOUR else "day",
            )
        )
    return result


def rising(
    store: Store, window: timedelta, *, limit: int = 20, at: datetime | None = None
) -> list[Trend]:
    """Narratives with more documents in the last ``window`` than in the one before, most
    growth first (ties: more documents, then the newest)."""
    found = [trend for trend in trends(store, window, at=at) if trend.growth > 0]
    found.sort(key=lambda t: (-t.growth, -t.documents, -(t.id)))
    return found[:limit]
