"""Stored documents as the monitor lists them: when they came in, their claims and matches."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, func, or_, select

from ..database import inserted_id
from ..schema import claim_matches, claims, documents, factchecks

CHUNK = 500  # ids per IN list


class DocumentRow(NamedTuple):
    id: int
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    ingested_at: str
    owner: int  # the document itself, or the original it is a duplicate of


def ingested(connection: Connection, since: str | None, limit: int | None) -> list[DocumentRow]:
    """Documents ingested at or after ``since`` (all without it), oldest first."""
    owner = func.coalesce(documents.c.duplicate_of, documents.c.id)
    query = select(
        documents.c.id,
        documents.c.url,
        documents.c.title,
        documents.c.source,
        documents.c.published,
        documents.c.ingested_at,
        owner.label("owner"),
    ).order_by(documents.c.ingested_at, documents.c.id)
    if since is not None:
        query = query.where(documents.c.ingested_at >= since)
    if limit is not None:
        query = query.limit(limit)
    return [DocumentRow._make(row) for row in connection.execute(query)]


def claim_counts(connection: Connection, document_ids: list[int]) -> dict[int, int]:
    """How many claims each of ``document_ids`` has (those with none are left out)."""
    counts: dict[int, int] = {}
    for start in range(0, len(document_ids), CHUNK):
        chunk = document_ids[start : start + CHUNK]
        rows = connection.execute(
            select(claims.c.document_id, func.count())
            .where(claims.c.document_id.in_(chunk))
            .group_by(claims.c.document_id)
        )
        counts.update((document_id, count) for document_id, count in rows)
    return counts


def matched_factchecks(connection: Connection, document_ids: list[int]) -> dict[int, list[str]]:
    """The URLs of the fact-checks matched to the claims of each of ``document_ids``, best
    match first, each once."""
    matches: dict[int, list[str]] = {}
    for start in range(0, len(document_ids), CHUNK):
        chunk = document_ids[start : start + CHUNK]
        for document_id, url in connection.execute(
            select(claims.c.document_id, factchecks.c.url)
            .join(claim_matches, claim_matches.c.claim_id == claims.c.id)
            .join(factchecks, factchecks.c.id == claim_matches.c.factcheck_id)
            .where(claims.c.document_id.in_(chunk), claim_matches.c.matched == 1)
            .order_by(claims.c.document_id, claim_matches.c.score.desc())
        ):
            found = matches.setdefault(document_id, [])
            if url not in found:
                found.append(url)
    return matches


def document_with_url(connection: Connection, url: str) -> int | None:
    """The id of a stored document at ``url``, if there is one."""
    found: int | None = connection.execute(
        select(documents.c.id).where(documents.c.url == url).limit(1)
    ).scalar_one_or_none()
    return found


def documents_by_url(connection: Connection, urls: list[str]) -> dict[str, int]:
    """The stored documents at ``urls``: url → id."""
    if not urls:
        return {}
    rows = connection.execute(
        select(documents.c.url, documents.c.id).where(documents.c.url.in_(urls))
    )
    return {url: document_id for url, document_id in rows}


def first_with_content(connection: Connection, digest: str) -> int | None:
    """The first stored document whose cleaned text hashes to ``digest``."""
    found: int | None = connection.execute(
        select(documents.c.id)
        .where(documents.c.content_hash == digest)
        .order_by(documents.c.id)
        .limit(1)
    ).scalar_one_or_none()
    return found


def add_document(
    connection: Connection,
    *,
    url: str | None,
    title: str | None,
    text: str | None,
    content_hash: str,
    published: str | None,
    site: str | None,
    source: str | None,
    kind: str,
    language: str | None,
    duplicate_of: int | None,
    duplicate_kind: str | None,
    similarity: float | None,
    minhash: bytes | None,
    ingested_at: str,
) -> int:
    """A new stored document (a duplicate keeps ``duplicate_of`` and, exact, no text); its id."""
    return inserted_id(
        connection.execute(
            documents.insert().values(
                url=url,
                title=title,
                text=text,
                content_hash=content_hash,
                published=published,
                site=site,
                source=source,
                kind=kind,
                language=language,
                duplicate_of=duplicate_of,
                duplicate_kind=duplicate_kind,
                similarity=similarity,
                minhash=minhash,
                ingested_at=ingested_at,
            )
        )
    )


def add_claim(
    connection: Connection,
    document_id: int,
    start: int,
    end: int,
    text: str,
    score: float,
    matched_version: str | None,
) -> int:
    """A claim found in document ``document_id`` at ``start``–``end``; its id."""
    return inserted_id(
        connection.execute(
            claims.insert().values(
                document_id=document_id,
                start=start,
                end=end,
                text=text,
                score=score,
                matched_version=matched_version,
            )
        )
    )


class MinhashRow(NamedTuple):
    id: int
    minhash: bytes | None
    duplicate_of: int | None


def documents_after(connection: Connection, after_id: int) -> list[MinhashRow]:
    """Documents written after ``after_id``, with their near-duplicate signature."""
    rows = connection.execute(
        select(documents.c.id, documents.c.minhash, documents.c.duplicate_of).where(
            documents.c.id > after_id
        )
    )
    return [MinhashRow._make(row) for row in rows]


class PostRow(NamedTuple):
    id: int
    text: str


def claimless_posts(connection: Connection, ids: list[int], post_chars: int) -> list[PostRow]:
    """Those of documents ``ids`` that are originals of at most ``post_chars`` characters with
    no claim, by id."""
    found: list[PostRow] = []
    has_claim = select(claims.c.id).where(claims.c.document_id == documents.c.id).exists()
    for start in range(0, len(ids), CHUNK):
        rows = connection.execute(
            select(documents.c.id, documents.c.text)
            .where(
                documents.c.id.in_(ids[start : start + CHUNK]),
                documents.c.duplicate_of.is_(None),
                func.length(documents.c.text) <= post_chars,
                ~has_claim,
            )
            .order_by(documents.c.id)
        )
        found.extend(PostRow._make(row) for row in rows if row.text and row.text.strip())
    return found


def claims_not_matched_at(
    connection: Connection, version: str, after: int, limit: int
) -> list[int]:
    """Up to ``limit`` claims after id ``after`` not matched at library ``version``, by id."""
    return list(
        connection.execute(
            select(claims.c.id)
            .where(
                or_(claims.c.matched_version.is_(None), claims.c.matched_version != version),
                claims.c.id > after,
            )
            .order_by(claims.c.id)
            .limit(limit)
        ).scalars()
    )


# -- what ingest's planner reads -------------------------------------------------------------


class Signature(NamedTuple):
    id: int
    minhash: bytes


def original_signatures(connection: Connection) -> list[Signature]:
    """The near-duplicate signature of every original document that has one."""
    rows = connection.execute(
        select(documents.c.id, documents.c.minhash).where(
            documents.c.duplicate_of.is_(None), documents.c.minhash.is_not(None)
        )
    )
    return [Signature._make(row) for row in rows]


def last_document_id(connection: Connection) -> int:
    """The highest document id (0 without documents)."""
    return int(connection.execute(select(func.coalesce(func.max(documents.c.id), 0))).scalar_one())


def document_with_text(connection: Connection, content_hash: str) -> int | None:
    """A document that keeps the text hashing to ``content_hash``, an original first."""
    found: int | None = connection.execute(
        select(documents.c.id)
        .where(documents.c.content_hash == content_hash, documents.c.text.is_not(None))
        .order_by(documents.c.duplicate_of.is_not(None), documents.c.id)
        .limit(1)
    ).scalar_one_or_none()
    return found


def urlless_with_content(connection: Connection, content_hash: str, up_to_id: int) -> bool:
    """Whether a document without a URL, of id at most ``up_to_id``, has this text."""
    found = connection.execute(
        select(documents.c.id)
        .where(
            documents.c.content_hash == content_hash,
            documents.c.url.is_(None),
            documents.c.id <= up_to_id,
        )
        .limit(1)
    ).first()
    return found is not None
