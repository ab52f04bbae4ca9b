"""What was collected: stored documents with their claim count and the fact-checks they match.

A duplicate (a copy of a text stored earlier) carries the claims and matches of its original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterator

from sqlalchemy import func, select

from ..clock import iso
from ..store.schema import claim_matches, claims, documents, factchecks

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
        query = query.where(documents.c.ingested_at >= iso(since))
    if limit is not None:
        query = query.limit(limit)
    with store.db.read() as connection:
        rows = connection.execute(query).all()
        owners = list({row.owner for row in rows})
        counts: dict[int, int] = {}
        matches: dict[int, list[str]] = {}
        for start in range(0, len(owners), 500):
            chunk = owners[start : start + 500]
            counts.update(
                connection.execute(
                    select(claims.c.document_id, func.count())
                    .where(claims.c.document_id.in_(chunk))
                    .group_by(claims.c.document_id)
                )
                .tuples()
                .all()
            )
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
