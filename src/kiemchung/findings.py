"""What was found in the stored documents: their claims and the fact-checks that answer them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from .store import Store
from .store.schema import claim_matches, claims, documents, factchecks


@dataclass
class FoundClaim:
    text: str
    score: float
    factcheck_url: str | None = None
    factcheck_claim: str | None = None
    rating: str | None = None
    match_score: float | None = None


@dataclass
class DocumentFindings:
    id: int
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    claims: list[FoundClaim] = field(default_factory=list)


def findings(store: Store) -> list[DocumentFindings]:
    """Every original (non-duplicate) document with its claims, matched ones carrying the
    fact-check that answers them."""
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
    by_document: dict[int, DocumentFindings] = {}
    with store.db.read() as connection:
        for row in connection.execute(query):
            doc = by_document.setdefault(
                row.id, DocumentFindings(row.id, row.url, row.title, row.source, row.published)
            )
            doc.claims.append(
                FoundClaim(
                    row.text,
                    row.score,
                    row.fc_url,
                    row.claim_reviewed,
                    row.rating_text,
                    row.match_score,
                )
            )
    return list(by_document.values())
