"""When each source is polled next: its interval after a success, exponential backoff after a
failure (tenacity's ``wait_exponential``), and the longest wait once it is unhealthy."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from tenacity import RetryCallState, wait_exponential

from ..clock import iso, now
from ..settings import Settings
from ..store.queries import sources as queries
from .sources import Source, _source

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
    with store.reading() as connection:
        rows = queries.due_sources(connection, iso(at or now()))
    return [_source(row, store.settings) for row in rows]


def next_due_in(store: Store) -> float | None:
    """Seconds until the next active source is due (0 if one is due now); None without any."""
    with store.reading() as connection:
        first = queries.first_poll_at(connection)
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
    if complete:
        next_poll = moment + timedelta(seconds=source.every)
        queries.record_success(
            connection, source.id, iso(moment), new_items, iso(next_poll), (etag, last_modified)
        )
    else:
        queries.record_success(connection, source.id, iso(moment), new_items, iso(moment), None)


def failed(connection: Connection, source: Source, error: str, settings: Settings) -> None:
    """Record a failed poll and push the next one back (with a little jitter)."""
    moment = now()
    failures = source.failures + 1
    delay = backoff(failures, settings) * random.uniform(1.0, 1.1)
    next_poll = moment + timedelta(seconds=delay)
    queries.record_failure(
        connection, source.id, iso(moment), error[:500], failures, iso(next_poll)
    )
