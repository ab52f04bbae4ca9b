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

from sqlalchemy import ColumnElement, Connection, and_, func, select

from ..clock import now, parse_iso, timestamp
from ..matching.lexical import content_tokens, search_form
from ..store import Store
from ..store.database import inserted_id
from ..store.schema import claim_matches, claims, documents, factchecks
from .schema import item_claims, items, tips
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


def _item(row) -> Item:  # type: ignore[no-untyped-def]
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
    exact = connection.execute(
        select(items.c.id).where(items.c.group_key == key, items.c.duplicate_of.is_(None))
    ).scalar()
    if exact is not None or not key:
        return exact
    words = set(key.split())
    first = sorted(words, key=len)[-1]  # the longest word narrows the candidates cheaply
    rows = connection.execute(
        select(items.c.id, items.c.group_key).where(
            items.c.group_key.contains(first), items.c.duplicate_of.is_(None)
        )
    )
    for row in rows:
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
        result = connection.execute(
            items.insert().values(
                text=text.strip(),
                group_key=key,
                status="new",
                checkworthiness=score,
                repeats=1,
                matched=int(matched),
                matches=json.dumps(matches or [], ensure_ascii=False),
                first_seen=seen,
                last_seen=seen,
            )
        )
        return inserted_id(result)
    row = connection.execute(select(items).where(items.c.id == found)).one()
    values: dict[str, Any] = {
        "repeats": row.repeats + 1,
        "checkworthiness": max(row.checkworthiness, score),
        "first_seen": min(row.first_seen, seen),
        "last_seen": max(row.last_seen, seen),
    }
    if matches and not json.loads(row.matches):
        values.update(matches=json.dumps(matches, ensure_ascii=False), matched=int(matched))
    connection.execute(items.update().where(items.c.id == found).values(**values))
    return int(found)


def _claim_matches(connection: Connection, claim_id: int) -> tuple[list[dict[str, Any]], bool]:
    rows = connection.execute(
        select(
            factchecks.c.url,
            factchecks.c.claim_reviewed,
            factchecks.c.rating_text,
            claim_matches.c.score,
            claim_matches.c.matched,
        )
        .join(factchecks, factchecks.c.id == claim_matches.c.factcheck_id)
        .where(claim_matches.c.claim_id == claim_id)
        .order_by(claim_matches.c.score.desc())
    )
    found = [
        {
            "url": r.url,
            "claim": r.claim_reviewed,
            "rating": r.rating_text,
            "score": round(float(r.score), 4),
            "matched": bool(r.matched),
        }
        for r in rows
    ]
    return found, any(m["matched"] for m in found)


def sync(store: Store) -> int:
    """Bring every claim of every original document not yet in the queue into it.

    Claims join the queue as they are written (:func:`enqueue`, called by ingest and the
    monitor); this brings in any written another way.
    """
    with store.db.transaction() as connection:
        return enqueue(connection)


CAUGHT_UP = "queue_caught_up"  # meta key: claims written before 0.3.0 are in the queue


def catch_up(store: Store) -> int:
    """Once per database: bring in the claims an earlier version wrote without queueing them
    (since 0.3.0 every claim is queued as it is written). Run when the web app starts."""
    if store.meta_value(CAUGHT_UP) is not None:
        return 0
    with store.db.transaction() as connection:
        added = enqueue(connection)
        store.set_meta(connection, CAUGHT_UP, timestamp())
    return added


def enqueue(connection: Connection, claim_ids: list[int] | None = None) -> int:
    """Add these claims (all not yet queued when ``None``) to the queue, in claim order, on the
    caller's connection: a claim and its queue item are written in one transaction."""
    if claim_ids is not None and not claim_ids:
        return 0
    query = (
        select(
            claims.c.id,
            claims.c.text,
            claims.c.score,
            documents.c.published,
            documents.c.ingested_at,
        )
        .join(documents, documents.c.id == claims.c.document_id)
        .outerjoin(item_claims, item_claims.c.claim_id == claims.c.id)
        .where(item_claims.c.claim_id.is_(None), documents.c.duplicate_of.is_(None))
        .order_by(claims.c.id)
    )
    if claim_ids is not None:
        query = query.where(claims.c.id.in_(claim_ids))
    rows = connection.execute(query).all()
    for row in rows:
        found, matched = _claim_matches(connection, row.id)
        seen = row.published or row.ingested_at or timestamp()
        item_id = add_sighting(connection, row.text, float(row.score), seen, found, matched)
        connection.execute(item_claims.insert().values(claim_id=row.id, item_id=item_id))
    return len(rows)


def get(store: Store, item_id: int) -> Item:
    from ..errors import NotFound

    with store.db.read() as connection:
        row = connection.execute(select(items).where(items.c.id == item_id)).first()
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
    conditions: list[ColumnElement[bool]] = (
        [items.c.status.in_(OPEN)] if not status else [items.c.status == status]
    )
    if topic:
        conditions.append(func.lower(items.c.topic) == topic.strip().lower())
    if since:
        conditions.append(items.c.last_seen >= since)
    if until:
        conditions.append(items.c.first_seen <= until + "T23:59:59")
    if source == "tipline":
        conditions.append(items.c.id.in_(select(tips.c.item_id)))
    elif source:
        conditions.append(
            items.c.id.in_(
                select(item_claims.c.item_id)
                .join(claims, claims.c.id == item_claims.c.claim_id)
                .join(documents, documents.c.id == claims.c.document_id)
                .where(documents.c.source == source)
            )
        )
    query = select(
        items.c.id,
        items.c.group_key,
        items.c.assignee_id,
        items.c.checkworthiness,
        items.c.repeats,
        items.c.matched,
        items.c.last_seen,
    ).where(and_(*conditions))
    with store.db.read() as connection:
        rows = connection.execute(query).all()
    moment = now()
    found = [
        Line(
            int(row.id),
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
    rows: dict[int, Any] = {}
    with store.db.read() as connection:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows.update(
                (row.id, row)
                for row in connection.execute(select(items).where(items.c.id.in_(chunk)))
            )
    return [_item(rows[key]) for key in ids if key in rows]


def sources(store: Store) -> list[str]:
    """The document sources with claims in the queue, for the filter (plus the tipline)."""
    with store.db.read() as connection:
        names = (
            connection.execute(
                select(documents.c.source)
                .distinct()
                .join(claims, claims.c.document_id == documents.c.id)
                .join(item_claims, item_claims.c.claim_id == claims.c.id)
                .where(documents.c.source.is_not(None))
                .order_by(documents.c.source)
            )
            .scalars()
            .all()
        )
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
    with store.db.read() as connection:
        rows = connection.execute(
            select(
                documents.c.url,
                documents.c.title,
                documents.c.source,
                documents.c.published,
                documents.c.text,
                claims.c.start,
                claims.c.end,
            )
            .join(claims, claims.c.document_id == documents.c.id)
            .join(item_claims, item_claims.c.claim_id == claims.c.id)
            .where(item_claims.c.item_id == item_id)
            .order_by(documents.c.published)
        ).all()
    found = []
    for row in rows:
        text = row.text or ""
        start, end = max(row.start - 120, 0), min(row.end + 120, len(text))
        excerpt = (
            ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
        )
        found.append(Appearance(row.url, row.title, row.source, row.published, excerpt))
    return found
