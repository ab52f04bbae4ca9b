"""The fact-checks readers can search: the library's entries as a hit shows them."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import ColumnElement, Connection, select

from ...desk import schema as desk
from ..schema import factchecks


class HitRow(NamedTuple):
    """A fact-check of the library as a search hit shows it."""

    id: int
    url: str
    claim_reviewed: str
    rating_label: str | None
    rating_text: str | None
    publisher: str | None
    date_published: str | None


class LanguageRow(NamedTuple):
    id: int
    url: str
    language: str | None


def _hit_columns() -> tuple[ColumnElement[object], ...]:
    return (
        factchecks.c.id,
        factchecks.c.url,
        factchecks.c.claim_reviewed,
        factchecks.c.rating_label,
        factchecks.c.rating_text,
        factchecks.c.publisher,
        factchecks.c.date_published,
    )


def hits_by_url(connection: Connection, urls: list[str]) -> dict[str, HitRow]:
    """The library's entries at ``urls``, by url."""
    rows = connection.execute(select(*_hit_columns()).where(factchecks.c.url.in_(urls)))
    return {row.url: HitRow._make(row) for row in rows}


def hits_by_id(connection: Connection, ids: list[int]) -> dict[int, HitRow]:
    """The library's entries with ids ``ids``, by id."""
    rows = connection.execute(select(*_hit_columns()).where(factchecks.c.id.in_(ids)))
    return {row.id: HitRow._make(row) for row in rows}


def languages(connection: Connection, ids: list[int]) -> dict[int, LanguageRow]:
    """Url and language of the library's entries with ids ``ids``, by id."""
    rows = connection.execute(
        select(factchecks.c.id, factchecks.c.url, factchecks.c.language).where(
            factchecks.c.id.in_(ids)
        )
    )
    return {row.id: LanguageRow._make(row) for row in rows}


def latest_imported(connection: Connection, limit: int) -> list[HitRow]:
    """The newest entries imported into the library (not published by the desk), at most
    ``limit``."""
    rows = connection.execute(
        select(*_hit_columns())
        .where(factchecks.c.url.not_in(select(desk.published.c.url)))
        .order_by(factchecks.c.date_published.desc(), factchecks.c.id.desc())
        .limit(limit)
    )
    return [HitRow._make(row) for row in rows]
