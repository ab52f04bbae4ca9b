"""The interface language: one message catalogue (``messages.json``), Vietnamese first.

Dates are shown in Asia/Ho_Chi_Minh, in Vietnamese style (``27/11/2026``) or English style.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from .. import clock

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
COOKIE = "kc_lang"
ZONE = clock.ZONE
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    return json.loads((Path(__file__).parent / "messages.json").read_text(encoding="utf-8"))


def translate(key: str, lang: str) -> str:
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"message {key!r} is not in messages.json")
    return entry.get(lang) or entry[DEFAULT]


def _moment(value: str | datetime | date | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=ZONE)
    else:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
        if len(str(value)) <= 10:  # a bare date stays that date
            return moment.replace(tzinfo=ZONE)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ZONE)


def format_date(value: str | datetime | date | None, lang: str = DEFAULT) -> str:
    moment = _moment(value)
    if moment is None:
        return str(value or "")
    if lang == "en":
        return f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year}"
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year}"


def format_day(value: str | datetime | date | None, lang: str = DEFAULT) -> str:
    """A day without its year, for chart labels: ``05/12`` or ``5 Dec``."""
    moment = _moment(value)
    if moment is None:
        return str(value or "")
    if lang == "en":
        return f"{moment.day} {_MONTHS_EN[moment.month - 1]}"
    return f"{moment.day:02d}/{moment.month:02d}"


def format_datetime(value: str | datetime | None, lang: str = DEFAULT) -> str:
    moment = _moment(value)
    if moment is None:
        return str(value or "")
    return f"{moment:%H:%M} {format_date(moment, lang)}"


def iso_local(value: str | datetime | None) -> str:
    """A time in ``ZONE`` as ISO 8601 with its offset (for ``<time datetime>``), so the
    machine-readable date is the one the page shows."""
    moment = _moment(value)
    return moment.isoformat(timespec="seconds") if moment else ""


def format_number(value: float, lang: str = DEFAULT, digits: int = 2) -> str:
    text = f"{value:,.{digits}f}"
    if lang == "vi":  # 1.234,56
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


# Parameters of an error message that are names from the catalogue themselves, by prefix.
_NAMED = {"before": "status.", "after": "status.", "roles": "role."}
# What a page says for an error raised without a message of its own, by HTTP status.
BY_STATUS = {401: "error.login_needed", 403: "error.forbidden", 404: "error.not_found"}


def _param(name: str, value: object, lang: str) -> str:
    prefix = _NAMED.get(name)
    if prefix is None:
        # A limit reads as the page writes numbers, "5.000 ký tự" (ids stay as they are).
        return (
            format_number(value, lang, 0)
            if name == "most" and isinstance(value, int)
            else str(value)
        )
    values = value if isinstance(value, (list, tuple)) else [value]
    return ", ".join(translate(prefix + str(v), lang) for v in values)


def error_message(error: Exception, lang: str) -> str:
    """What a person reads for a domain error, in their language: the catalogue's
    ``error.<code>`` filled with the error's parameters. An error without a code of its own
    reads as its HTTP status does (its English detail is kept for the English interface)."""
    code = getattr(error, "code", None)
    if code and f"error.{code}" in catalogue():
        params = {
            name: _param(name, value, lang) for name, value in getattr(error, "params", {}).items()
        }
        return translate(f"error.{code}", lang).format(**params)
    status = getattr(error, "status", 400)
    general = translate(BY_STATUS.get(status, "error.input"), lang)
    detail = getattr(error, "message", "")
    return f"{general} {detail}" if lang == "en" and detail else general
