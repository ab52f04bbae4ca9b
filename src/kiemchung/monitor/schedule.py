"""When each source is polled next: its interval after a success, exponential backoff after a
failure (tenacity's ``wait_exponential``), and the longest wait once it is unhealthy."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update
from tenacity import RetryCallState, wait_exponential

from ..clock import iso, now
from ..settings import Settings
from .sources import Source, _source
from .tables import sources

if TYPE_CHECKING:
    from ..store import Store


def backoff(failures: int, settings: Settings) -> float:
    """Seconds to wait after ``failures`` consecutive failures (1 → KIEMCHUNG_MONITOR_BACKOFF,
    doubling, at most KIEMCHUNG_MONITOR_BACKOFF_MAX; unhealthy sources wait the most)."""
    cap = settings.number("KIEMCHUNG_MONITOR_BACKOFF_MAX")
    if failures >= settings.integer("KIEMCHUNG_MONITOR_UNHEALTHY_AFTER"):
        return cap
    multiplier = settings.number("KIEMCHUNG_MONITOR_BACKOFF")
    wait = wait_exponential(multiplier=multiplier, max=cap)
    state = RetryCallState(None, None, (), {})  # type: ignore[arg-type]  # the wait reads only the attempt
    state.attempt_number = max(1, failures)
    return float(wait(state))


def due(store: Store, at: datetime | None = None) -> list[Source]:
    """Active sources whose next poll time has come, longest-waiting first."""
    with store.db.read() as connection:
        rows = connection.execute(
            select(sources)
            .where(sources.c.paused == 0, sources.c.next_poll_at <= iso(at or now()))
            .order_by(sources.c.next_poll_at, sources.c.id)
        ).all()
    return [_source(row, store.settings) for row in rows]


def next_due_in(store: Store) -> float | None:
    """Seconds until the next active source is due (0 if one is due now); None without any."""
    with store.db.read() as connection:
        first = connection.execute(
            select(sources.c.next_poll_at)
            .where(sources.c.paused == 0)
            .order_by(sources.c.next_poll_at)
            .limit(1)
        ).scalar_one_or_none()
    if first is None:
        return None
    from ..clock import parse_iso

    moment = parse_iso(first)
    return max(0.0, (moment - now()).total_seconds()) if moment else 0.0


def succeeded(
    connection: Connection,
    source: Source,
    *,
    etag: str | None,
    last_modified: str | None,
    complete: bool,
    new_items: int,
) -> None:
    """Record a good poll. An incomplete one (items left over) keeps the old validators, so the
    next conditional GET fetches the feed again instead of answering 304 over unread items."""
    moment = now()
    values: dict[str, Any] = {
        "last_polled_at": iso(moment),
        "last_success_at": iso(moment),
        "failures": 0,
        "items_seen": sources.c.items_seen + new_items,
    }
    if complete:
        values.update(
            etag=etag,
            last_modified=last_modified,
            next_poll_at=iso(moment + timedelta(seconds=source.every)),
        )
    else:
        values["next_poll_at"] = iso(moment)
    connection.execute(update(sources).where(sources.c.id == source.id).values(**values))


def failed(connection: Connection, source: Source, error: str, settings: Settings) -> None:
    """Record a failed poll and push the next one back (with a little jitter)."""
    moment = now()
    failures = source.failures + 1
    delay = backoff(failures, settings) * random.uniform(1.0, 1.1)
    connection.execute(
        update(sources)
        .where(sources.c.id == source.id)
        .values(
            last_polled_at=iso(moment),
            last_error_at=iso(moment),
            last_error=error[:500],
            failures=failures,
            next_poll_at=iso(moment + timedelta(seconds=delay)),
        )
    )
