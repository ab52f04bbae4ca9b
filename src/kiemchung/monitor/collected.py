"""What was collected: stored documents with their claim count and the fact-checks they match.

A duplicate (a copy of a text stored earlier) carries the claims and matches of its original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterator

from ..clock import iso
from ..store.queries import documents as queries

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class Collected:
    id: int
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    ingested_at: str
    claims: int
    matches: list[str] = field(default_factory=list)  # fact-check URLs, best match first

    def as_json(self) -> dict[str, Any]:
        """The JSONL line of ``kiemchung documents list``."""
        return {
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "claims": self.claims,
            "matches": self.matches,
        }


def collected(
    store: Store, since: datetime | None = None, limit: int | None = None
) -> Iterator[Collected]:
    """Documents ingested at or after ``since``, oldest first."""
    with store.reading() as connection:
        rows = queries.ingested(connection, iso(since) if since is not None else None, limit)
        owners = list({row.owner for row in rows})
        counts = queries.claim_counts(connection, owners)
        matches = queries.matched_factchecks(connection, owners)
    for row in rows:
        yield Collected(
            row.id,
            row.url,
            row.title,
            row.source,
            row.published,
            row.ingested_at,
            counts.get(row.owner, 0),
            matches.get(row.owner, []),
        )
