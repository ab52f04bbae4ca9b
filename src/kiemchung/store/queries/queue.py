"""The desk's queue: its items (claims grouped when they say the same thing), the claims and
documents behind each, and the library matches they carry in."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

from ...desk.schema import item_claims, items, tips
from ..database import inserted_id
from ..schema import claim_matches, claims, documents, factchecks

CHUNK = 500  # ids per IN list


class ItemRow(NamedTuple):
    """A queue item as stored; ``matches`` is a JSON list of library matches."""

    id: int
    text: str
    group_key: str
    status: str
    topic: str | None
    assignee_id: int | None
    duplicate_of: int | None
    checkworthiness: float
    repeats: int
    matched: int
    matches: str
    first_seen: str
    last_seen: str
    published_at: str | None


class LineRow(NamedTuple):
    """What ordering, filtering and grouping a queue item need, and no more."""

    id: int
    group_key: str
    assignee_id: int | None
    checkworthiness: float
    repeats: int
    matched: int
    last_seen: str


class KeyRow(NamedTuple):
    id: int
    group_key: str


class ClaimToQueue(NamedTuple):
    """A claim not yet in the queue, with its document's dates."""

    id: int
    text: str
    score: float
    published: str | None
    ingested_at: str | None


class ClaimMatch(NamedTuple):
    """A library fact-check matched to a claim, with the match's score."""

    url: str
    claim_reviewed: str
    rating_text: str | None
    score: float
    matched: int


class AppearanceRow(NamedTuple):
    """A document a queue item's claim was found in, with where in its text."""

    url: str | None
    title: str | None
    source: str | None
    published: str | None
    text: str | None
    start: int
    end: int


def _items() -> Select[Any]:
    return select(*(items.c[name] for name in ItemRow._fields))


def item(connection: Connection, item_id: int) -> ItemRow | None:
    row = connection.execute(_items().where(items.c.id == item_id)).first()
    return None if row is None else ItemRow._make(row)


def items_by_id(connection: Connection, ids: list[int]) -> dict[int, ItemRow]:
    """The queue items with ids ``ids`` (any number), by id."""
    found: dict[int, ItemRow] = {}
    for start in range(0, len(ids), CHUNK):
        rows = connection.execute(_items().where(items.c.id.in_(ids[start : start + CHUNK])))
        found.update((row.id, ItemRow._make(row)) for row in rows)
    return found


def open_item_with_key(connection: Connection, group_key: str) -> int | None:
    """An item with exactly this group key that is not a duplicate of another, if any."""
    found = connection.execute(
        select(items.c.id).where(items.c.group_key == group_key, items.c.duplicate_of.is_(None))
    ).scalar()
    return None if found is None else int(found)


def open_keys_containing(connection: Connection, word: str) -> list[KeyRow]:
    """The items not a duplicate of another whose group key contains ``word``."""
    rows = connection.execute(
        select(items.c.id, items.c.group_key).where(
            items.c.group_key.contains(word), items.c.duplicate_of.is_(None)
        )
    )
    return [KeyRow._make(row) for row in rows]


def add_item(
    connection: Connection,
    *,
    text: str,
    group_key: str,
    status: str,
    checkworthiness: float,
    matched: bool,
    matches: str,
    seen: str,
) -> int:
    """A new queue item, seen once at ``seen``; returns its id."""
    result = connection.execute(
        items.insert().values(
            text=text,
            group_key=group_key,
            status=status,
            checkworthiness=checkworthiness,
            repeats=1,
            matched=int(matched),
            matches=matches,
            first_seen=seen,
            last_seen=seen,
        )
    )
    return inserted_id(result)


def set_item(connection: Connection, item_id: int, **values: Any) -> None:
    """Item ``item_id`` takes ``values`` (column → value)."""
    connection.execute(items.update().where(items.c.id == item_id).values(**values))


def claims_to_queue(connection: Connection, claim_ids: list[int] | None) -> list[ClaimToQueue]:
    """The claims of original documents not yet in the queue (only those of ``claim_ids``
    unless it is None), in claim order."""
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
    return [ClaimToQueue._make(row) for row in connection.execute(query)]


def claim_matches_of(connection: Connection, claim_id: int) -> list[ClaimMatch]:
    """The library fact-checks matched to claim ``claim_id``, best score first."""
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
    return [ClaimMatch._make(row) for row in rows]


def add_item_claim(connection: Connection, claim_id: int, item_id: int) -> None:
    """Claim ``claim_id`` is one sighting of item ``item_id``."""
    connection.execute(item_claims.insert().values(claim_id=claim_id, item_id=item_id))


def lines(
    connection: Connection,
    statuses: Collection[str],
    *,
    topic: str | None = None,
    seen_since: str | None = None,
    first_seen_by: str | None = None,
    source: str | None = None,
    from_tips: bool = False,
) -> list[LineRow]:
    """The items in one of ``statuses`` on ``topic`` (case-insensitive), last seen at or after
    ``seen_since``, first seen at or before ``first_seen_by``, with a claim from a document of
    ``source``, or (``from_tips``) with a tip; each filter left out when not given."""
    conditions: list[ColumnElement[bool]] = [items.c.status.in_(list(statuses))]
    if topic:
        conditions.append(func.lower(items.c.topic) == topic.lower())
    if seen_since:
        conditions.append(items.c.last_seen >= seen_since)
    if first_seen_by:
        conditions.append(items.c.first_seen <= first_seen_by)
    if from_tips:
        conditions.append(items.c.id.in_(select(tips.c.item_id)))
    if source:
        conditions.append(
            items.c.id.in_(
                select(item_claims.c.item_id)
                .join(claims, claims.c.id == item_claims.c.claim_id)
                .join(documents, documents.c.id == claims.c.document_id)
                .where(documents.c.source == source)
            )
        )
    rows = connection.execute(
        select(*(items.c[name] for name in LineRow._fields)).where(and_(*conditions))
    )
    return [LineRow._make(row) for row in rows]


def claim_sources(connection: Connection) -> list[str]:
    """The document sources with claims in the queue, by name."""
    names = connection.execute(
        select(documents.c.source)
        .distinct()
        .join(claims, claims.c.document_id == documents.c.id)
        .join(item_claims, item_claims.c.claim_id == claims.c.id)
        .where(documents.c.source.is_not(None))
        .order_by(documents.c.source)
    ).scalars()
    return [str(name) for name in names]


def appearances_of(connection: Connection, item_id: int) -> list[AppearanceRow]:
    """The documents item ``item_id``'s claims were found in, by publication date."""
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
    )
    return [AppearanceRow._make(row) for row in rows]
