"""Search over every fact-check readers can see: the desk's own and the imported library's.

Accent-insensitive through the library's search form and FTS5 index (``vac xin`` finds
``vắc-xin``). Desk-published entries carry their slug; imported ones link to their publisher.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..matching.lexical import search_form
from ..store import Store
from ..store.schema import factchecks
from .schema import published


@dataclass
class Hit:
    url: str
    claim: str
    rating_label: str | None
    rating_text: str | None
    publisher: str | None
    date_published: str | None
    slug: str | None  # set for the desk's own fact-checks


def _hits(store: Store, rows) -> list[Hit]:  # type: ignore[no-untyped-def]
    with store.db.read() as connection:
        slugs = dict(connection.execute(select(published.c.url, published.c.slug)).all())
    return [
        Hit(
            row.url,
            row.claim_reviewed,
            row.rating_label,
            row.rating_text,
            row.publisher,
            row.date_published,
            slugs.get(row.url),
        )
        for row in rows
    ]


_COLUMNS = (
    factchecks.c.id,
    factchecks.c.url,
    factchecks.c.claim_reviewed,
    factchecks.c.rating_label,
    factchecks.c.rating_text,
    factchecks.c.publisher,
    factchecks.c.date_published,
)


def search(store: Store, query: str, limit: int = 30) -> list[Hit]:
    form = search_form(query)
    if not form:
        return []
    ranked = store.search_lexical(form, limit)
    if not ranked:
        return []
    with store.db.read() as connection:
        rows = {
            row.id: row
            for row in connection.execute(
                select(*_COLUMNS).where(factchecks.c.id.in_([key for key, _ in ranked]))
            )
        }
    return _hits(store, [rows[key] for key, _ in ranked if key in rows])


def library_latest(store: Store, limit: int = 10) -> list[Hit]:
    """The newest imported fact-checks (not the desk's own)."""
    with store.db.read() as connection:
        rows = connection.execute(
            select(*_COLUMNS)
            .where(factchecks.c.url.not_in(select(published.c.url)))
            .order_by(factchecks.c.date_published.desc(), factchecks.c.id.desc())
            .limit(limit)
        ).all()
    return _hits(store, rows)
