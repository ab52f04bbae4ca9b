"""Claims' matches: which fact-checks answer each stored claim, and the matching version each
claim was matched at (``matching/rematch.py`` matches the stale ones again)."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, func, or_, select

from ..schema import claim_matches, claims, documents


def _stale(version: str) -> Any:
    return or_(claims.c.matched_version.is_(None), claims.c.matched_version != version)


def count_stale(connection: Connection, version: str) -> int:
    """How many claims were matched at another version than ``version``, or never."""
    return int(
        connection.execute(
            select(func.count()).select_from(claims).where(_stale(version))
        ).scalar_one()
    )


def stale_ids(connection: Connection, version: str, after: int, limit: int) -> list[int]:
    """The first ``limit`` claims past id ``after``, in id order, not matched at ``version``."""
    return list(
        connection.execute(
            select(claims.c.id)
            .where(_stale(version), claims.c.id > after)
            .order_by(claims.c.id)
            .limit(limit)
        ).scalars()
    )


class ClaimInDocument(NamedTuple):
    id: int
    document_id: int
    start: int
    end: int
    text: str
    score: float


def claims_with_their_documents(
    connection: Connection, ids: list[int], post_chars: int
) -> tuple[list[ClaimInDocument], dict[int, str]]:
    """Those of the claims ``ids`` still stored, with every other claim of the documents of at
    most ``post_chars`` characters that hold them (by document, then by place in it), and those
    documents' texts: a claim of a post is matched again in it, as it was when it came in
    (``matching/stage.py``). A longer document's text is not read, nor its other claims."""
    holders = select(claims.c.document_id).where(claims.c.id.in_(ids))
    posts = select(documents.c.id).where(
        documents.c.id.in_(holders), func.length(documents.c.text) <= post_chars
    )
    rows = connection.execute(
        select(
            claims.c.id,
            claims.c.document_id,
            claims.c.start,
            claims.c.end,
            claims.c.text,
            claims.c.score,
        )
        .where(or_(claims.c.id.in_(ids), claims.c.document_id.in_(posts)))
        .order_by(claims.c.document_id, claims.c.start, claims.c.id)
    ).all()
    texts = connection.execute(
        select(documents.c.id, documents.c.text).where(documents.c.id.in_(posts))
    ).all()
    return [ClaimInDocument._make(row) for row in rows], {id_: text or "" for id_, text in texts}


def matched_factchecks(connection: Connection, claim_ids: list[int]) -> dict[int, int]:
    """claim id → the fact-check it is matched to, for those of ``claim_ids`` matched to one
    (no statement when there are none)."""
    if not claim_ids:
        return {}
    return dict(
        connection.execute(
            select(claim_matches.c.claim_id, claim_matches.c.factcheck_id).where(
                claim_matches.c.claim_id.in_(claim_ids), claim_matches.c.matched == 1
            )
        )
        .tuples()
        .all()
    )


class Link(NamedTuple):
    factcheck_id: int
    score: float
    matched: bool


def replace_matches(
    connection: Connection, claim_id: int, links: list[Link], *, fresh: bool = False
) -> None:
    """Store a claim's matches, best first, replacing any it had unless it is ``fresh`` (just
    inserted, so it has none). Two writers of one claim's matches at once (a rematch beside the
    monitor's, a task delivered twice) take turns on the claim's row, so the later one's stay
    rather than colliding (SQLite's single writer takes turns anyway)."""
    if not fresh:
        connection.execute(select(claims.c.id).where(claims.c.id == claim_id).with_for_update())
        connection.execute(claim_matches.delete().where(claim_matches.c.claim_id == claim_id))
    for link in links:
        connection.execute(
            claim_matches.insert().values(
                claim_id=claim_id,
                factcheck_id=link.factcheck_id,
                score=link.score,
                matched=int(link.matched),
            )
        )


def set_matched_version(connection: Connection, claim_ids: list[int], version: str) -> None:
    """Record that the claims ``claim_ids`` are matched at ``version``."""
    connection.execute(
        claims.update().where(claims.c.id.in_(claim_ids)).values(matched_version=version)
    )
