"""The one clock: "now" in UTC, times as they are stored (ISO 8601 in UTC, to the second) and
durations as people write them. Every module asks this one for the time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from pytimeparse.timeparse import timeparse as _parse_timespan

from .errors import InputError

# The newsroom's time zone: dates readers see (pages, ClaimReview, feeds) are dates here.
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local_date(text: str | None) -> str | None:
    """The date (``YYYY-MM-DD``) of a stored time in ``ZONE``; a bare date stays as it is."""
    if not text:
        return None
    if len(text.strip()) == 10:
        return text.strip() if parse_iso(text) else None
    moment = parse_iso(text)
    return moment.astimezone(ZONE).date().isoformat() if moment else None


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(timezone.utc)


def timestamp() -> str:
    """Now as the stored text form (``iso(now())``), e.g. for ``created_at`` columns."""
    return iso(now())


def iso(moment: datetime) -> str:
    """``moment`` as the stored text form, e.g. ``2025-01-31T08:00:00+00:00``."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_iso(text: str | None) -> datetime | None:
    """A stored or published time as an aware UTC datetime; None when it cannot be read."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def parse_duration(text: str) -> float:
    """Seconds in a duration such as ``15m``, ``6h``, ``7d``, ``1h30m`` or ``90`` (seconds)."""
    value = text.strip()
    try:
        seconds = float(value)
    except ValueError:
        parsed = _parse_timespan(value)
        if parsed is None:
            raise InputError(f"{text!r} is not a duration (write e.g. 15m, 6h, 7d)") from None
        seconds = float(parsed)
    if seconds <= 0:
        raise InputError(f"{text!r} is not a duration longer than zero")
    return seconds


def format_duration(seconds: float) -> str:
    """A short human form of a duration: ``15m``, ``6h``, ``1d2h``."""
    remaining = int(round(seconds))
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if remaining >= size:
            parts.append(f"{remaining // size}{unit}")
            remaining %= size
    return "".join(parts[:2]) or "0s"


def ago(seconds: float) -> datetime:
    return now() - timedelta(seconds=seconds)
