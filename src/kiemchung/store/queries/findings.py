"""What was found in the stored documents: each claim beside its document and matched fact-check."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, select

from ..schema import claim_matches, claims, documents, factchecks


class FoundRow(NamedTuple):
    """One claim of an original document, with the fact-check matched to it (if any)."""

    id: int
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    text: str
    score: float
    start: int
    fc_url: str | None
    claim_reviewed: str | None
    rating_text: str | None
    match_score: float | None


def claims_of_originals(connection: Connection) -> list[FoundRow]:
    """Every claim of every non-duplicate document, by document and position in it."""
    query = (
        select(
            documents.c.id,
            documents.c.url,
            documents.c.title,
            documents.c.source,
            documents.c.published,
            claims.c.text,
            claims.c.score,
            claims.c.start,
            factchecks.c.url.label("fc_url"),
            factchecks.c.claim_reviewed,
            factchecks.c.rating_text,
            claim_matches.c.score.label("match_score"),
        )
        .select_from(documents)
        .join(claims, claims.c.document_id == documents.c.id)
        .outerjoin(
            claim_matches,
            (claim_matches.c.claim_id == claims.c.id) & (claim_matches.c.matched == 1),
        )
        .outerjoin(factchecks, factchecks.c.id == claim_matches.c.factcheck_id)
        .where(documents.c.duplicate_of.is_(None))
        .order_by(documents.c.id, claims.c.start)
    )
    return [FoundRow._make(row) for row in connection.execute(query)]
