"""The fact-check library as the areas outside matching read it."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, select

from ..schema import factchecks


class StoredCheck(NamedTuple):
    url: str
    data: str  # the ClaimReview as stored, JSON
    publisher: str | None


def stored_factchecks(connection: Connection, urls: list[str]) -> list[StoredCheck]:
    """The library's entries at ``urls``, as stored."""
    rows = connection.execute(
        select(factchecks.c.url, factchecks.c.data, factchecks.c.publisher).where(
            factchecks.c.url.in_(urls)
        )
    )
    return [StoredCheck._make(row) for row in rows]
