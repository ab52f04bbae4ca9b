"""Alerts: a narrative that needs a desk's attention now, stored and sent to a webhook.

Two rules, each with a figure a reader can check:

* ``spreading-again``: a narrative matching a published fact-check rated as in
  KIEMCHUNG_ALERT_RATINGS (default ``false``, *Sai*) gained at least KIEMCHUNG_ALERT_MIN_DOCUMENTS
  new documents in the last KIEMCHUNG_ALERT_WINDOW.
* ``fast-growth``: a new narrative (first seen within two windows) gained documents in the last
  window at a z-score ≥ KIEMCHUNG_ALERT_Z against the usual growth of a narrative: the mean and
  standard deviation of documents per window of every narrative active in the past week.

One narrative gets at most one alert per window, whichever rule fires first (spreading-again is
checked first). Alerts are written before they are sent; unsent ones are retried next time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..clock import format_duration, iso, now
from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher
from ..library.ratings import LABELS
from ..settings import Settings
from ..store.queries import alerts as queries
from . import webhook
from .sightings import sightings
from .trends import Trend, trends

if TYPE_CHECKING:
    from ..store import Store

BASELINE = timedelta(days=7)
MIN_BASELINE_SAMPLES = 5
MAX_ATTEMPTS = 5


@dataclass
class Alert:
    rule: str
    narrative_id: int
    documents: int
    statistic: float | None
    message: str
    data: dict[str, Any]


@dataclass
class Baseline:
    """Documents per window of a narrative in an active window, over the past week."""

    mean: float
    std: float
    samples: int

    def z(self, count: int) -> float:
        return (count - self.mean) / self.std


def _window(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.number("KIEMCHUNG_ALERT_WINDOW"))


def baseline(store: Store, window: timedelta, at: datetime) -> Baseline | None:
    """The usual documents per window of an active narrative, over the week before ``at``'s
    window; None with fewer than a handful of samples (no alert is better than a noisy one)."""
    start = at - window - BASELINE
    with store.reading() as connection:
        found = sightings(connection, since=start)
    counts: dict[tuple[int, int], int] = {}
    for item in found:
        if item.seen_at >= at - window:
            continue
        slot = int((item.seen_at - start) / window)
        counts[(item.narrative_id, slot)] = counts.get((item.narrative_id, slot), 0) + 1
    values = list(counts.values())
    if len(values) < MIN_BASELINE_SAMPLES:
        return None
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return Baseline(mean, max(std, 1.0), len(values))  # at least 1: counts are whole documents


def _quote(text: str, limit: int = 200) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _sites(trend: Trend) -> str:
    names = [site for site, _ in trend.sites[:3]]
    more = len(trend.sites) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def spreading_again(found: list[Trend], window: timedelta, settings: Settings) -> list[Alert]:
    ratings = {
        r.strip() for r in str(settings.get("KIEMCHUNG_ALERT_RATINGS")).split(",") if r.strip()
    }
    least = settings.integer("KIEMCHUNG_ALERT_MIN_DOCUMENTS")
    result = []
    for trend in found:
        check = trend.factcheck
        if check is None or check.rating_label not in ratings or trend.documents < least:
            continue
        verdict = LABELS[check.rating_label].vi if check.rating_label in LABELS else check.rating
        message = (
            f"Kiểm chứng: a claim already fact-checked as “{verdict}” is spreading "
            f"again: {trend.documents} new documents in {format_duration(window.total_seconds())} "
            f"on {len(trend.sites)} sites ({_sites(trend)}). Claim: {_quote(trend.label)} "
            f"Fact-check: {check.url}"
        )
        result.append(
            Alert(
                "spreading-again",
                trend.id,
                trend.documents,
                None,
                message,
                {"narrative": trend.as_json(), "threshold": least, "ratings": sorted(ratings)},
            )
        )
    return result


def fast_growth(
    found: list[Trend], window: timedelta, usual: Baseline | None, at: datetime, settings: Settings
) -> list[Alert]:
    if usual is None:
        return []
    least_z = settings.number("KIEMCHUNG_ALERT_Z")
    least = settings.integer("KIEMCHUNG_ALERT_MIN_DOCUMENTS")
    result = []
    for trend in found:
        first = trend.first_seen or ""
        if first < iso(at - 2 * window) or trend.documents < least:
            continue
        z = usual.z(trend.documents)
        if z < least_z:
            continue
        span = format_duration(window.total_seconds())
        message = (
            f"Kiểm chứng: a new narrative is growing fast: {trend.documents} documents in "
            f"{span} on {len(trend.sites)} sites ({_sites(trend)}); a narrative usually "
            f"gets {usual.mean:.1f} ± {usual.std:.1f} per {span} (z = {z:.1f}). "
            f"Claim: {_quote(trend.label)}"
        )
        result.append(
            Alert(
                "fast-growth",
                trend.id,
                trend.documents,
                round(z, 2),
                message,
                {
                    "narrative": trend.as_json(),
                    "baseline": {"mean": usual.mean, "std": usual.std, "samples": usual.samples},
                    "z": round(z, 2),
                    "threshold": least_z,
                },
            )
        )
    return result


def evaluate(store: Store, at: datetime | None = None) -> list[Alert]:
    """Check every rule and store the alerts that are not duplicates; returns the new ones."""
    at = at or now()
    window = _window(store.settings)
    found = trends(store, window, at=at)
    candidates = spreading_again(found, window, store.settings)
    candidates += fast_growth(found, window, baseline(store, window, at), at, store.settings)
    created: list[Alert] = []
    with store.writing() as connection:
        for alert in candidates:
            if queries.alerted_since(connection, alert.narrative_id, iso(at - window)):
                continue  # one alert per narrative per window
            queries.add_alert(
                connection,
                rule=alert.rule,
                narrative_id=alert.narrative_id,
                created_at=iso(at),
                window_start=iso(at - window),
                documents=alert.documents,
                statistic=alert.statistic,
                message=alert.message,
                data=json.dumps(alert.data, ensure_ascii=False),
            )
            created.append(alert)
    return created


def deliver(store: Store) -> int:
    """Send stored alerts not delivered yet to KIEMCHUNG_ALERT_WEBHOOK; returns how many went.

    Without a webhook nothing is sent (alerts are still stored for the desk).
    """
    url = str(store.settings.get("KIEMCHUNG_ALERT_WEBHOOK")).strip()
    if not url:
        return 0
    fetcher = Fetcher(store.settings)
    with store.reading() as connection:
        pending = queries.pending_alerts(connection, MAX_ATTEMPTS)
    sent = 0
    for row in pending:
        delivered_at: str | None = None
        error: str | None = None
        try:
            webhook.send(url, row.message, fetcher)
            delivered_at = iso(now())
            sent += 1
        except (FetchFailed, FetchRefused) as failure:
            error = failure.message
        with store.writing() as connection:
            queries.record_attempt(connection, row.id, delivered_at, error)
    return sent


def recent(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """The latest alerts, newest first, as the desk shows them."""
    with store.reading() as connection:
        rows = queries.latest_alerts(connection, limit)
    return [
        {
            "id": row.id,
            "rule": row.rule,
            "narrative_id": row.narrative_id,
            "created_at": row.created_at,
            "documents": row.documents,
            "statistic": row.statistic,
            "message": row.message,
            "delivered_at": row.delivered_at,
            "delivery_error": row.delivery_error,
            "data": json.loads(row.data),
        }
        for row in rows
    ]
