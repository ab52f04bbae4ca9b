"""Reading and writing fact-checks in the database."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection, or_, select

from ..clock import timestamp
from ..library.record import FactCheck
from .database import inserted_id
from .schema import factchecks


def existing(connection: Connection, urls: list[str]) -> dict[str, tuple[int, str]]:
    """url → (id, claim_reviewed) for the urls already in the library."""
    rows = connection.execute(
        select(factchecks.c.url, factchecks.c.id, factchecks.c.claim_reviewed).where(
            factchecks.c.url.in_(urls)
        )
    )
    return {row.url: (row.id, row.claim_reviewed) for row in rows}


def _values(
    item: FactCheck, search_text: str, embedding: np.ndarray | None, terms: str | None
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "claim_reviewed": item.claim_reviewed,
        "rating_text": item.rating_text,
        "rating_value": item.rating_value,
        "rating_label": item.rating_label,
        "language": item.language,
        "date_published": item.date_published,
        "publisher": item.publisher,
        "data": json.dumps(item.data, ensure_ascii=False, sort_keys=True),
        "search_text": search_text,
        "terms": terms,
        "updated_at": timestamp(),
    }
    if embedding is not None:
        values["embedding"] = np.asarray(embedding, dtype=np.float32).tobytes()
    return values


def upsert(
    connection: Connection,
    item: FactCheck,
    search_text: str,
    embedding: np.ndarray | None,
    terms: str | None = None,
) -> tuple[int, bool]:
    """Insert or update one fact-check by url; returns (id, created). ``terms``: what the
    claim states, as matching reads it (JSON)."""
    values = _values(item, search_text, embedding, terms)
    found = connection.execute(
        select(factchecks.c.id).where(factchecks.c.url == item.url)
    ).scalar_one_or_none()
    if found is None:
        result = connection.execute(factchecks.insert().values(url=item.url, **values))
        return inserted_id(result), True
    connection.execute(factchecks.update().where(factchecks.c.id == found).values(**values))
    return int(found), False


def insert_new(
    connection: Connection,
    items: list[tuple[FactCheck, str, np.ndarray | None, str | None]],
) -> list[int]:
    """Insert fact-checks whose urls are not in the library yet, (item, search text,
    embedding, terms) each, in multi-row statements; returns their ids in the same order.
    On PostgreSQL the lexical index splits the terms of a statement's rows together."""
    if not items:
        return []
    rows = [
        {"url": item.url, **_values(item, search_text, embedding, terms)}
        for item, search_text, embedding, terms in items
    ]
    if any("embedding" in row for row in rows):  # one shape of row for every statement
        for row in rows:
            row.setdefault("embedding", None)
    result = connection.execute(
        factchecks.insert().returning(factchecks.c.id, sort_by_parameter_order=True), rows
    )
    return [int(key) for key in result.scalars()]


def candidates(connection: Connection, ids: set[int]) -> dict[int, Any]:
    """The rows matching judges (url, claim, rating, language, search text, embedding, terms)
    of those of ``ids`` that have an embedding, by id: one statement for a whole batch."""
    if not ids:
        return {}
    rows = connection.execute(
        select(
            factchecks.c.id,
            factchecks.c.url,
            factchecks.c.claim_reviewed,
            factchecks.c.rating_text,
            factchecks.c.language,
            factchecks.c.search_text,
            factchecks.c.embedding,
            factchecks.c.terms,
        ).where(factchecks.c.id.in_(sorted(ids)), factchecks.c.embedding.is_not(None))
    ).all()
    return {row.id: row for row in rows}


def _record(row) -> FactCheck:  # type: ignore[no-untyped-def]
    return FactCheck(
        url=row.url,
        claim_reviewed=row.claim_reviewed,
        rating_text=row.rating_text,
        rating_value=row.rating_value,
        rating_label=row.rating_label,
        language=row.language,
        date_published=row.date_published,
        publisher=row.publisher,
        data=json.loads(row.data),
    )


def all_records(connection: Connection) -> list[FactCheck]:
    rows = connection.execute(select(factchecks).order_by(factchecks.c.id))
    return [_record(row) for row in rows]


def embeddings(connection: Connection) -> tuple[np.ndarray, np.ndarray]:
    """All (ids, vectors) that have an embedding, for rebuilding the vector index."""
    rows = connection.execute(
        select(factchecks.c.id, factchecks.c.embedding).where(factchecks.c.embedding.is_not(None))
    ).all()
    keys = np.array([row.id for row in rows], dtype=np.uint64)
    if not rows:
        return keys, np.zeros((0, 384), dtype=np.float32)
    vectors = np.frombuffer(b"".join(row.embedding for row in rows), dtype=np.float32)
    return keys, vectors.reshape(len(rows), -1)


def count(connection: Connection) -> int:
    return int(
        connection.execute(
            select(factchecks.c.id).with_only_columns(factchecks.c.id.count())
        ).scalar_one()
    )


def any_entry(connection: Connection) -> bool:
    """Whether the library holds any entry at all."""
    return connection.execute(select(factchecks.c.id).limit(1)).first() is not None


def ids_by_url(connection: Connection, urls: set[str]) -> dict[str, int]:
    """url → id for those of ``urls`` in the library (no statement when there are none)."""
    if not urls:
        return {}
    return dict(
        connection.execute(
            select(factchecks.c.url, factchecks.c.id).where(factchecks.c.url.in_(urls))
        )
        .tuples()
        .all()
    )


class ClaimRow(NamedTuple):
    id: int
    claim_reviewed: str


def entry_claims(connection: Connection) -> list[ClaimRow]:
    """Every entry's claim, to embed them all again."""
    rows = connection.execute(select(factchecks.c.id, factchecks.c.claim_reviewed)).all()
    return [ClaimRow._make(row) for row in rows]


def set_embedding(connection: Connection, key: int, vector: np.ndarray) -> None:
    connection.execute(
        factchecks.update()
        .where(factchecks.c.id == key)
        .values(embedding=vector.astype(np.float32).tobytes())
    )


class FormRow(NamedTuple):
    id: int
    claim_reviewed: str
    search_text: str
    data: dict[str, Any]  # the ClaimReview as imported (its headline is searched too)


_FORM_COLUMNS = (
    factchecks.c.id,
    factchecks.c.claim_reviewed,
    factchecks.c.search_text,
    factchecks.c.data,
)


def _form(row) -> FormRow:  # type: ignore[no-untyped-def]
    return FormRow(row.id, row.claim_reviewed, row.search_text, json.loads(row.data or "{}"))


def search_forms(connection: Connection) -> list[FormRow]:
    """Every entry's claim and ClaimReview with the search form stored for it."""
    return [_form(row) for row in connection.execute(select(*_FORM_COLUMNS))]


def set_search_text(connection: Connection, key: int, search_text: str) -> None:
    connection.execute(
        factchecks.update().where(factchecks.c.id == key).values(search_text=search_text)
    )


def without_terms(connection: Connection, current: str) -> list[FormRow]:
    """The entries stored without claim terms, or with terms not starting with ``current``
    (read by other code)."""
    rows = connection.execute(
        select(*_FORM_COLUMNS).where(
            or_(
                factchecks.c.terms.is_(None),
                ~factchecks.c.terms.startswith(current, autoescape=True),
            )
        )
    ).all()
    return [_form(row) for row in rows]


def set_terms(connection: Connection, key: int, terms: str | None) -> None:
    connection.execute(factchecks.update().where(factchecks.c.id == key).values(terms=terms))


class WordsRow(NamedTuple):
    claim_reviewed: str
    search_text: str
    language: str | None


def words(connection: Connection) -> list[WordsRow]:
    """Every entry's claim, search form and language, in the library's order, for the
    statistics matching derives (tone-mark restorer, word frequencies)."""
    rows = connection.execute(
        select(factchecks.c.claim_reviewed, factchecks.c.search_text, factchecks.c.language)
    ).all()
    return [WordsRow._make(row) for row in rows]
