"""The queue: claims from ingested documents and tips, grouped when they say the same thing and
ordered by a visible priority.

Two claims share a queue item when their content words (folded, abbreviations expanded) are the
same set, or overlap by ``SAME_CLAIM`` (Jaccard). Priority is a weighted sum the desk can read:
check-worthiness, how often the claim repeats, how recent it is, and whether the library has
no answer for it yet.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from ..clock import now, parse_iso, timestamp
from ..matching.lexical import content_tokens, search_form
from ..store import Store
from ..store.queries import queue as queries
from ..store.queries.queue import ItemRow
from ..text.normalize import normalize
from .workflow import OPEN, STATES

STATUSES = STATES  # the workflow's states (desk/workflow.py), by their old name here
SAME_CLAIM = 0.8
WEIGHTS = {"checkworthiness": 0.4, "repeats": 0.25, "recency": 0.2, "unmatched": 0.15}
RECENCY_DAYS = 7.0


@dataclass
class Priority:
    checkworthiness: float
    repeats: float
    recency: float
    unmatched: float

    @property
    def total(self) -> float:
        return _weighted(self.checkworthiness, self.repeats, self.recency, self.unmatched)


def _weighted(checkworthiness: float, repeats: float, recency: float, unmatched: float) -> float:
    return round(
        WEIGHTS["checkworthiness"] * checkworthiness
        + WEIGHTS["repeats"] * repeats
        + WEIGHTS["recency"] * recency
        + WEIGHTS["unmatched"] * unmatched,
        3,
    )


@dataclass
class Item:
    id: int
    text: str
    status: str
    topic: str | None
    assignee_id: int | None
    duplicate_of: int | None
    checkworthiness: float
    repeats: int
    matched: bool
    matches: list[dict[str, Any]]
    first_seen: str
    last_seen: str
    published_at: str | None
    priority: Priority = field(init=False)

    def __post_init__(self) -> None:
        self.priority = priority(self)


def _parse(moment: str) -> datetime:
    return parse_iso(moment) or now()


def priority(item: Item, moment: datetime | None = None) -> Priority:
    return _priority(
        item.checkworthiness, item.repeats, item.last_seen, item.matched, moment or now()
    )


def _priority(
    checkworthiness: float, repeats: int, last_seen: str, matched: bool, moment: datetime
) -> Priority:
    return Priority(*_parts(checkworthiness, repeats, last_seen, matched, moment))


def _parts(
    checkworthiness: float, repeats: int, last_seen: str, matched: bool, moment: datetime
) -> tuple[float, float, float, float]:
    age_days = max((moment - _parse(last_seen)).total_seconds(), 0) / 86400
    return (
        round(checkworthiness, 3),
        round(min(1.0, math.log1p(repeats - 1) / math.log(10)), 3),
        round(math.exp(-age_days / RECENCY_DAYS), 3),
        0.0 if matched else 1.0,
    )


@dataclass(frozen=True)
class Line:
    """What ordering, filtering and grouping a queue item need: not its text or matches, which
    only the items on the page shown are read for."""

    id: int
    group_key: str
    assignee_id: int | None
    priority: float


def _item(row: ItemRow) -> Item:
    return Item(
        row.id,
        row.text,
        row.status,
        row.topic,
        row.assignee_id,
        row.duplicate_of,
        row.checkworthiness,
        row.repeats,
        bool(row.matched),
        json.loads(row.matches),
        row.first_seen,
        row.last_seen,
        row.published_at,
    )


def group_key(text: str) -> str:
    return " ".join(sorted(set(content_tokens(search_form(text)))))


def _same_item(connection: Connection, key: str) -> int | None:
    exact = queries.open_item_with_key(connection, key)
    if exact is not None or not key:
        return exact
    words = set(key.split())
    first = sorted(words, key=len)[-1]  # the longest word narrows the candidates cheaply
    for row in queries.open_keys_containing(connection, first):
        other = set(row.group_key.split())
        if other and len(words & other) / len(words | other) >= SAME_CLAIM:
            return int(row.id)
    return None


def add_sighting(
    connection: Connection,
    text: str,
    score: float,
    seen: str,
    matches: list[dict[str, Any]] | None = None,
    matched: bool = False,
) -> int:
    """Count one more appearance of a claim; a new queue item when nothing says the same."""
    key = group_key(text)
    found = _same_item(connection, key)
    if found is None:
        return queries.add_item(
            connection,
            text=text.strip(),
            group_key=key,
            status="new",
            checkworthiness=score,
            matched=matched,
            matches=json.dumps(matches or [], ensure_ascii=False),
            seen=seen,
        )
    row = queries.item(connection, found)
    assert row is not None  # found just now, in this transaction
    values: dict[str, Any] = {
        "repeats": row.repeats + 1,
        "checkworthiness": max(row.checkworthiness, score),
        "first_seen": min(row.first_seen, seen),
        "last_seen": max(row.last_seen, seen),
    }
    if matches and not json.loads(row.matches):
        values.update(matches=json.dumps(matches, ensure_ascii=False), matched=int(matched))
    queries.set_item(connection, found, **values)
    return found


def _claim_matches(connection: Connection, claim_id: int) -> tuple[list[dict[str, Any]], bool]:
    found = [
        {
            "url": r.url,
            "claim": r.claim_reviewed,
            "rating": r.rating_text,
            "score": round(float(r.score), 4),
            "matched": bool(r.matched),
        }
        for r in queries.claim_matches_of(connection, claim_id)
    ]
    return found, any(m["matched"] for m in found)


def sync(store: Store) -> int:
    """Bring every claim of every original document not yet in the queue into it.

    Claims join the queue as they are written (:func:`enqueue`, called by ingest and the
    monitor); this brings in any written another way.
    """
    with store.writing() as connection:
        return enqueue(connection)


CAUGHT_UP = "queue_caught_up"  # meta key: claims written before 0.3.0 are in the queue


def catch_up(store: Store) -> int:
    """Once per database: bring in the claims an earlier version wrote without queueing them
    (since 0.3.0 every claim is queued as it is written). Run when the web app starts."""
    if store.meta_value(CAUGHT_UP) is not None:
        return 0
    with store.writing() as connection:
        added = enqueue(connection)
        store.set_meta(connection, CAUGHT_UP, timestamp())
    return added


def enqueue(connection: Connection, claim_ids: list[int] | None = None) -> int:
    """Add these claims (all not yet queued when ``None``) to the queue, in claim order, on the
    caller's connection: a claim and its queue item are written in one transaction."""
    if claim_ids is not None and not claim_ids:
        return 0
    rows = queries.claims_to_queue(connection, claim_ids)
    for row in rows:
        found, matched = _claim_matches(connection, row.id)
        seen = row.published or row.ingested_at or timestamp()
        item_id = add_sighting(connection, row.text, float(row.score), seen, found, matched)
        queries.add_item_claim(connection, row.id, item_id)
    return len(rows)


def get(store: Store, item_id: int) -> Item:
    from ..errors import NotFound

    with store.reading() as connection:
        row = queries.item(connection, item_id)
    if row is None:
        raise NotFound(f"no claim {item_id} in the queue", code="no_item", item=item_id)
    return _item(row)


def listing(
    store: Store,
    status: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 200,
) -> list[Item]:
    """Queue items matching the filters, highest priority first. ``status`` None means open."""
    found = ranked(store, status, topic, source, since, until)
    return by_ids(store, [line.id for line in found[:limit]])


def ranked(
    store: Store,
    status: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Line]:
    """Every queue item matching the filters (as ``listing``), highest priority first, each
    read only as far as ordering and grouping need: the desk's queue reads thousands."""
    with store.reading() as connection:
        rows = queries.lines(
            connection,
            [status] if status else OPEN,
            topic=normalize(topic) if topic else None,
            seen_since=since,
            first_seen_by=until + "T23:59:59" if until else None,
            source=source if source != "tipline" else None,
            from_tips=source == "tipline",
        )
    moment = now()
    found = [
        Line(
            row.id,
            row.group_key,
            row.assignee_id,
            _weighted(
                *_parts(row.checkworthiness, row.repeats, row.last_seen, bool(row.matched), moment)
            ),
        )
        for row in rows
    ]
    found.sort(key=lambda line: (-line.priority, line.id))
    return found


def by_ids(store: Store, ids: list[int]) -> list[Item]:
    """These queue items, in this order (those not found left out)."""
    with store.reading() as connection:
        rows = queries.items_by_id(connection, ids)
    return [_item(rows[key]) for key in ids if key in rows]


def sources(store: Store) -> list[str]:
    """The document sources with claims in the queue, for the filter (plus the tipline)."""
    with store.reading() as connection:
        names = queries.claim_sources(connection)
    return ["tipline", *names]


@dataclass
class Appearance:
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    excerpt: str


def appearances(store: Store, item_id: int) -> list[Appearance]:
    """The documents a queue item appears in, as public links with the sentence as excerpt.

    Bylines are not shown: the desk cites documents, not the people who wrote them.
    """
    with store.reading() as connection:
        rows = queries.appearances_of(connection, item_id)
    found = []
    for row in rows:
        text = row.text or ""
        start, end = max(row.start - 120, 0), min(row.end + 120, len(text))
        excerpt = (
            ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
        )
        found.append(Appearance(row.url, row.title, row.source, row.published, excerpt))
    return found
