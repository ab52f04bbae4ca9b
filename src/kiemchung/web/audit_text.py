"""The audit log as sentences a person reads: "Lan moved claim 12 from New to Researching".

Each action has a sentence in the catalogue (``audit.sentence.<action>``); the entry's details
fill it, with states, roles and ratings named in the reader's language. The raw record stays
one click away and in the CSV export.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..desk.audit import Entry
from . import i18n
from .pages import rating_name

_CLAIM = re.compile(r"claim (\d+)")
# Which details name something from the catalogue, by action.
_NAMED = {
    "claim.status": {"before": "status.", "after": "status."},
    "user.role": {"before": "role.", "after": "role."},
    "user.add": {"role": "role."},
}


# A fact-check's fields, as a correction names them, in the reader's words.
_FIELDS = {
    "claim_reviewed": "fc.claim",
    "rating_label": "fc.verdict",
    "explanation": "fc.explanation",
}


def _subject(subject: str, lang: str) -> str:
    found = _CLAIM.fullmatch(subject)
    return i18n.translate("audit.claim", lang).format(n=found.group(1)) if found else subject


def _value(action: str, name: str, value: Any, lang: str, people: dict[int, str]) -> str:
    prefix = _NAMED.get(action, {}).get(name)
    if prefix is not None and value is not None:
        return i18n.translate(prefix + str(value), lang)
    if name == "rating":
        return rating_name(str(value), lang)
    if name in ("assignee", "author") and isinstance(value, int):
        return people.get(value, f"#{value}")
    if isinstance(value, list):
        return ", ".join(
            i18n.translate(_FIELDS[v], lang).lower() if v in _FIELDS else str(v) for v in value
        )
    return "" if value is None else str(value)


def sentence(entry: Entry, lang: str, people: dict[int, str] | None = None) -> str:
    """What ``entry`` says, as a sentence (its actor not included)."""
    action = entry.action
    if action == "claim.assign" and entry.detail.get("assignee") is None:
        action = "claim.unassign"
    key = f"audit.sentence.{action}"
    if key not in i18n.catalogue():
        key = "audit.sentence.other"
    values: dict[str, str] = defaultdict(str)
    values.update(
        {
            name: _value(entry.action, name, value, lang, people or {})
            for name, value in entry.detail.items()
        }
    )
    values.update(subject=_subject(entry.subject, lang), action=entry.action)
    return i18n.translate(key, lang).format_map(values)
