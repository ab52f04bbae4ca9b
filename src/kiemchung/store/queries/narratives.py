"""Narratives: groups of claims, their members, and where and when their documents were seen."""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple

from sqlalchemy import Connection, func, select, update

from ...monitor.tables import narrative_claims, narratives
from ..database import inserted_id
from ..schema import claim_matches, claims, documents, factchecks


class NarrativeRow(NamedTuple):
    """A row of ``narratives``; ``centroid`` is float32 bytes."""

    id: int
    label: str
    form: str
    centroid: bytes
    size: int
    factcheck_id: int | None
    first_seen: str | None
    last_seen: str | None
    created_at: str
    merged_into: int | None


class UnplacedClaim(NamedTuple):
    """A claim in no narrative yet, with its document's times and the fact-check it matched."""

    id: int
    text: str
    document_id: int
    published: str | None
    ingested_at: str
    factcheck_id: int | None


class MemberText(NamedTuple):
    claim_id: int
    narrative_id: int
    text: str


class MemberVector(NamedTuple):
    claim_id: int
    embedding: bytes
    seen_at: str


class MemberClaim(NamedTuple):
    """A claim of a narrative as the desk lists it, with the document it came in."""

    id: int
    text: str
    seen_at: str
    similarity: float | None
    assigned_by: str
    url: str | None
    site: str | None


class SightingRow(NamedTuple):
    """A document carrying a claim of narrative ``narrative_id`` (or a copy of such a document)."""

    narrative_id: int
    id: int
    published: str | None
    ingested_at: str
    site: str | None
    url: str | None


class FactCheckRow(NamedTuple):
    id: int
    url: str
    claim_reviewed: str
    rating_text: str | None
    rating_label: str | None


# -- narratives --------------------------------------------------------------------------------


def active_narratives(connection: Connection) -> list[NarrativeRow]:
    """Narratives not merged into another, oldest first."""
    rows = connection.execute(
        select(narratives).where(narratives.c.merged_into.is_(None)).order_by(narratives.c.id)
    )
    return [NarrativeRow(**row._mapping) for row in rows]


def narratives_by_id(connection: Connection, ids: Iterable[int]) -> dict[int, NarrativeRow]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = connection.execute(select(narratives).where(narratives.c.id.in_(wanted)))
    return {row.id: NarrativeRow(**row._mapping) for row in rows}


def merged_into(connection: Connection, narrative_id: int) -> tuple[bool, int | None]:
    """Whether narrative ``narrative_id`` exists, and the one it was merged into (if any)."""
    row = connection.execute(
        select(narratives.c.merged_into).where(narratives.c.id == narrative_id)
    ).first()
    return (False, None) if row is None else (True, row.merged_into)


def add_narrative(connection: Connection, created_at: str, **values: Any) -> int:
    """A new narrative with the columns in ``values`` (label, form, centroid, size …)."""
    return inserted_id(
        connection.execute(narratives.insert().values(created_at=created_at, **values))
    )


def set_narrative(connection: Connection, narrative_id: int, **values: Any) -> None:
    """Set columns of narrative ``narrative_id``."""
    connection.execute(update(narratives).where(narratives.c.id == narrative_id).values(**values))


# -- members -----------------------------------------------------------------------------------


def add_members(connection: Connection, narrative_id: int, members: list[dict[str, Any]]) -> None:
    """Claims joining narrative ``narrative_id``: each a dict of ``narrative_claims`` columns
    (claim_id, document_id, seen_at, similarity, assigned_by, embedding)."""
    if members:
        connection.execute(
            narrative_claims.insert(),
            [{**member, "narrative_id": narrative_id} for member in members],
        )


def unassigned_claims(connection: Connection, limit: int) -> list[UnplacedClaim]:
    """Claims of stored documents that are in no narrative yet, oldest first."""
    matched = (
        select(
            claim_matches.c.claim_id, func.min(claim_matches.c.factcheck_id).label("factcheck_id")
        )
        .where(claim_matches.c.matched == 1)
        .group_by(claim_matches.c.claim_id)
        .subquery()
    )
    rows = connection.execute(
        select(
            claims.c.id,
            claims.c.text,
            claims.c.document_id,
            documents.c.published,
            documents.c.ingested_at,
            matched.c.factcheck_id,
        )
        .join(documents, documents.c.id == claims.c.document_id)
        .outerjoin(narrative_claims, narrative_claims.c.claim_id == claims.c.id)
        .outerjoin(matched, matched.c.claim_id == claims.c.id)
        .where(narrative_claims.c.claim_id.is_(None))
        .order_by(claims.c.id)
        .limit(limit)
    )
    return [UnplacedClaim._make(row) for row in rows]


def member_texts(connection: Connection) -> list[MemberText]:
    """Every claim placed in a narrative, with its text, by claim id."""
    rows = connection.execute(
        select(narrative_claims.c.claim_id, narrative_claims.c.narrative_id, claims.c.text)
        .join(claims, claims.c.id == narrative_claims.c.claim_id)
        .order_by(narrative_claims.c.claim_id)
    )
    return [MemberText._make(row) for row in rows]


def set_member_embedding(connection: Connection, claim_id: int, embedding: bytes) -> None:
    connection.execute(
        update(narrative_claims)
        .where(narrative_claims.c.claim_id == claim_id)
        .values(embedding=embedding)
    )


def member_vectors(connection: Connection, narrative_id: int) -> list[MemberVector]:
    rows = connection.execute(
        select(
            narrative_claims.c.claim_id, narrative_claims.c.embedding, narrative_claims.c.seen_at
        ).where(narrative_claims.c.narrative_id == narrative_id)
    )
    return [MemberVector._make(row) for row in rows]


def matched_factcheck_ids(connection: Connection, claim_ids: list[int]) -> list[int]:
    """The fact-check of each match of ``claim_ids`` (one per matched pair)."""
    return list(
        connection.execute(
            select(claim_matches.c.factcheck_id).where(
                claim_matches.c.claim_id.in_(claim_ids), claim_matches.c.matched == 1
            )
        ).scalars()
    )


def narratives_of_claims(connection: Connection, claim_ids: list[int]) -> set[int]:
    """The narratives ``claim_ids`` are in."""
    if not claim_ids:
        return set()
    return set(
        connection.execute(
            select(narrative_claims.c.narrative_id).where(
                narrative_claims.c.claim_id.in_(claim_ids)
            )
        ).scalars()
    )


def members_among(connection: Connection, narrative_id: int, claim_ids: list[int]) -> set[int]:
    """Those of ``claim_ids`` that are in narrative ``narrative_id``."""
    return set(
        connection.execute(
            select(narrative_claims.c.claim_id).where(
                narrative_claims.c.narrative_id == narrative_id,
                narrative_claims.c.claim_id.in_(claim_ids),
            )
        ).scalars()
    )


def member_count(connection: Connection, narrative_id: int) -> int:
    return int(
        connection.execute(
            select(func.count())
            .select_from(narrative_claims)
            .where(narrative_claims.c.narrative_id == narrative_id)
        ).scalar_one()
    )


def move_narrative_members(connection: Connection, source: int, target: int) -> None:
    """Every claim of narrative ``source`` moves to ``target``, as an editor's decision."""
    connection.execute(
        update(narrative_claims)
        .where(narrative_claims.c.narrative_id == source)
        .values(narrative_id=target, assigned_by="editor")
    )


def move_claims(connection: Connection, claim_ids: list[int], target: int) -> None:
    """Claims ``claim_ids`` move to narrative ``target``, as an editor's decision."""
    connection.execute(
        update(narrative_claims)
        .where(narrative_claims.c.claim_id.in_(claim_ids))
        .values(narrative_id=target, assigned_by="editor")
    )


def claim_text(connection: Connection, claim_id: int) -> str:
    text: str = connection.execute(
        select(claims.c.text).where(claims.c.id == claim_id)
    ).scalar_one()
    return text


def member_claims(connection: Connection, narrative_id: int) -> list[MemberClaim]:
    """The claims of a narrative with their document, oldest sighting first."""
    rows = connection.execute(
        select(
            claims.c.id,
            claims.c.text,
            narrative_claims.c.seen_at,
            narrative_claims.c.similarity,
            narrative_claims.c.assigned_by,
            documents.c.url,
            documents.c.site,
        )
        .join(narrative_claims, narrative_claims.c.claim_id == claims.c.id)
        .join(documents, documents.c.id == claims.c.document_id)
        .where(narrative_claims.c.narrative_id == narrative_id)
        .order_by(narrative_claims.c.seen_at, claims.c.id)
    )
    return [MemberClaim._make(row) for row in rows]


# -- sightings and trends ----------------------------------------------------------------------


def sighting_rows(
    connection: Connection, ingested_since: str | None, narrative_ids: list[int] | None
) -> list[SightingRow]:
    """The documents carrying each narrative's claims, then their copies (duplicates), ingested
    at or after ``ingested_since``; only of ``narrative_ids`` when given."""
    found: list[SightingRow] = []
    for link in (documents.c.id, documents.c.duplicate_of):
        query = select(
            narrative_claims.c.narrative_id,
            documents.c.id,
            documents.c.published,
            documents.c.ingested_at,
            documents.c.site,
            documents.c.url,
        ).join(documents, link == narrative_claims.c.document_id)
        if ingested_since is not None:
            query = query.where(documents.c.ingested_at >= ingested_since)
        if narrative_ids is not None:
            query = query.where(narrative_claims.c.narrative_id.in_(narrative_ids))
        found += [SightingRow._make(row) for row in connection.execute(query)]
    return found


def factcheck_rows(connection: Connection, ids: set[int]) -> list[FactCheckRow]:
    """The library's fact-checks ``ids``: url, claim and rating."""
    if not ids:
        return []
    rows = connection.execute(
        select(
            factchecks.c.id,
            factchecks.c.url,
            factchecks.c.claim_reviewed,
            factchecks.c.rating_text,
            factchecks.c.rating_label,
        ).where(factchecks.c.id.in_(ids))
    )
    return [FactCheckRow._make(row) for row in rows]
