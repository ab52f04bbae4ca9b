"""What was found in the stored documents: their claims and the fact-checks that answer them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .store import Store
from .store.queries import findings as queries


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
    by_document: dict[int, DocumentFindings] = {}
    with store.reading() as connection:
        rows = queries.claims_of_originals(connection)
    for row in rows:
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
