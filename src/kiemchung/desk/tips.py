"""The public tipline: a reader's text (and a contact only if they chose to leave one).

A tip the library already answers is recorded with that answer; any other tip joins the queue.
Nothing else about the reader is stored: no address, no browser, no account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import Connection

from ..clock import timestamp
from ..errors import InputError, NotFound
from ..matching import MAX_TEXT as MATCHED_TEXT
from ..store import Store
from ..store.queries import tips as queries
from .queue import add_sighting

MAX_TEXT = MATCHED_TEXT  # a tip is matched as it is
MAX_CONTACT = 200
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by readers
TIP_CHECKWORTHINESS = 0.5  # a reader asked: worth a look even when the detector would not say so


@dataclass
class Tip:
    code: str
    text: str
    created_at: str
    matched_url: str | None
    status: str  # "answered", or the queue item's status
    factcheck_slug: str | None = None


def clean(text: str, contact: str | None) -> tuple[str, str | None]:
    text = (text or "").strip()
    if not text:
        raise InputError("the text is empty", code="tip_empty", field="text")
    if len(text) > MAX_TEXT:
        raise InputError(
            f"the text is longer than {MAX_TEXT} characters",
            code="tip_too_long",
            field="text",
            most=MAX_TEXT,
        )
    contact = (contact or "").strip() or None
    if contact is not None and len(contact) > MAX_CONTACT:
        raise InputError(
            f"the contact is longer than {MAX_CONTACT} characters",
            code="contact_too_long",
            field="contact",
            most=MAX_CONTACT,
        )
    return text, contact


def _code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


def submit(
    store: Store,
    text: str,
    contact: str | None,
    matched: bool,
    matches: list[dict[str, Any]],
    then: Callable[[Connection, int], None] | None = None,
) -> Tip:
    """Record a tip; unanswered ones (``matched`` False) are queued. Returns its reference.

    ``then(connection, tip_id)`` runs in the same transaction (a channel keeps its reply
    address with the tip, so that neither is stored without the other)."""
    text, contact = clean(text, contact)
    created = timestamp()
    matched_url = matches[0]["url"] if matched and matches else None
    with store.writing() as connection:
        item_id = None
        if not matched:
            item_id = add_sighting(connection, text, TIP_CHECKWORTHINESS, created, matches, False)
        code = _code()
        while queries.code_taken(connection, code):
            code = _code()
        tip_id = queries.add_tip(
            connection,
            code=code,
            text=text,
            contact=contact,
            item_id=item_id,
            matched_url=matched_url,
            at=created,
        )
        if then is not None:
            then(connection, tip_id)
    return lookup(store, code)


def lookup(store: Store, code: str) -> Tip:
    code = "".join(code.split()).upper()  # read aloud and typed back: "T3JY U6UJ"
    with store.reading() as connection:
        row = queries.tip_by_code(connection, code)
    if row is None:
        raise NotFound(f"no tip with reference {code}", code="no_tip", reference=code)
    status = "answered" if row.matched_url else (row.status or "new")
    return Tip(row.code, row.text, row.created_at, row.matched_url, status, row.slug)


def for_item(store: Store, item_id: int) -> list[dict[str, Any]]:
    """The tips behind a queue item (text, date, contact if the reader left one)."""
    with store.reading() as connection:
        return [row._asdict() for row in queries.tips_of_item(connection, item_id)]
