"""Matching stored claims again when the library or the decision model has changed.

A claim is matched when it is ingested, against the library of that moment. A fact-check
published later answers it too, so each claim keeps the *matching version* it was matched at
(``matching_version``: the library's claims and the decision model) and ``rematch`` redoes the
stale ones, in batches of one transaction each: a run that is interrupted keeps the batches it
finished, and the next run carries on with the rest; nothing is matched twice or linked twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

from sqlalchemy import func, or_, select

from ..pipeline import Match
from ..store.schema import claim_matches, claims, factchecks
from .decision import MODEL_PATH
from .lexical import SEARCH_FORM_VERSION
from .matcher import Matcher, shared_matcher

if TYPE_CHECKING:
    from ..store import Store

BATCH = 256


@lru_cache(maxsize=1)
def _model_stamp() -> str:
    return hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12]


def matching_version(store: Store) -> str:
    """What a claim matched now is matched against: the library's claims (the vectors' version
    changes when an entry is added or its claim reworded, not when a rating is edited or an
    unchanged file imported again: ratings are read at display time), the search form and the
    decision model."""
    return f"{store.vectors_version()}:{SEARCH_FORM_VERSION}:{_model_stamp()}"


def _stale(version: str):  # type: ignore[no-untyped-def]
    return or_(claims.c.matched_version.is_(None), claims.c.matched_version != version)


def stale_claims(store: Store) -> int:
    """How many stored claims were matched against another library or model, or never."""
    with store.db.read() as connection:
        return int(
            connection.execute(
                select(func.count()).select_from(claims).where(_stale(matching_version(store)))
            ).scalar_one()
        )


@dataclass
class RematchReport:
    checked: int = 0
    matched: int = 0  # now matched to a fact-check
    newly_matched: int = 0  # matched now, not before (or to another fact-check)
    no_longer_matched: int = 0
    changed: list[int] = field(default_factory=list)  # claims whose fact-check changed


def factcheck_ids(connection: Any, matches: Iterable[Match]) -> dict[str, int]:
    """The ids of the fact-checks ``matches`` name, by url."""
    urls = {match.url for match in matches}
    return (
        dict(
            connection.execute(
                select(factchecks.c.url, factchecks.c.id).where(factchecks.c.url.in_(urls))
            )
            .tuples()
            .all()
        )
        if urls
        else {}
    )


def link_matches(
    connection: Any,
    claim_id: int,
    matched: bool,
    matches: list[Match],
    ids: dict[str, int],
    *,
    fresh: bool = False,
) -> None:
    """Store a claim's matches, replacing any it had unless it is ``fresh`` (just inserted);
    ``ids``: fact-check ids by url (``factcheck_ids``)."""
    if not fresh:
        connection.execute(claim_matches.delete().where(claim_matches.c.claim_id == claim_id))
    linked: set[int] = set()
    for rank, match in enumerate(matches):
        factcheck_id = ids.get(match.url)
        if factcheck_id is None or factcheck_id in linked:
            continue
        linked.add(factcheck_id)
        connection.execute(
            claim_matches.insert().values(
                claim_id=claim_id,
                factcheck_id=factcheck_id,
                score=float(match.score),
                matched=int(matched and rank == 0),
            )
        )


def rematch(
    store: Store,
    *,
    matcher: Matcher | None = None,
    limit: int | None = None,
    advance: Callable[[int], None] | None = None,
    also: Callable[[Any, list[int]], Any] | None = None,
) -> RematchReport:
    """Match again every stored claim whose matching version is not the current one (at most
    about ``limit`` of them: the monitor does a share each cycle). ``also(connection, ids)``
    runs in each batch's transaction with the claims whose fact-check changed (the monitor
    updates their narratives there)."""
    matcher = matcher or shared_matcher(store)
    report = RematchReport()
    matcher.restorer()  # brings the library up to date first (an upgrade may embed it again)
    version = matching_version(store)
    after = 0  # claims are taken in id order, so a claim that stays stale is not taken twice
    while limit is None or report.checked < limit:
        with store.db.read() as connection:
            ids = list(
                connection.execute(
                    select(claims.c.id)
                    .where(_stale(version), claims.c.id > after)
                    .order_by(claims.c.id)
                    .limit(BATCH)
                ).scalars()
            )
        if not ids:
            break
        rematch_batch(store, ids, matcher=matcher, version=version, report=report, also=also)
        after = ids[-1]
        if advance is not None:
            advance(len(ids))
    return report


def rematch_batch(
    store: Store,
    claim_ids: list[int],
    *,
    matcher: Matcher,
    version: str,
    report: RematchReport,
    also: Callable[[Any, list[int]], Any] | None = None,
    only: Callable[[Any, list[int]], set[int]] | None = None,
) -> None:
    """Match the claims ``claim_ids`` in one batch (the encoder embeds them at once) and write
    their matches at ``version`` in one transaction. ``only(connection, ids)`` runs first in it
    and names the claims to write (the work queue records its idempotency keys there)."""
    with store.db.read() as connection:
        rows = connection.execute(
            select(claims.c.id, claims.c.text)
            .where(claims.c.id.in_(claim_ids))
            .order_by(claims.c.id)
        ).all()
        before = (
            dict(
                connection.execute(
                    select(claim_matches.c.claim_id, claim_matches.c.factcheck_id).where(
                        claim_matches.c.claim_id.in_([row.id for row in rows]),
                        claim_matches.c.matched == 1,
                    )
                )
                .tuples()
                .all()
            )
            if rows
            else {}
        )
    if not rows:
        return
    results = matcher.match([row.text for row in rows])
    changed: list[int] = []
    with store.db.transaction() as connection:
        wanted = only(connection, [row.id for row in rows]) if only is not None else None
        pairs = [(r, m) for r, m in zip(rows, results) if wanted is None or r.id in wanted]
        ids = factcheck_ids(connection, (m for _, result in pairs for m in result.matches))
        for row, result in pairs:
            link_matches(connection, row.id, result.matched, result.matches, ids)
            now = ids.get(result.matches[0].url) if result.matched else None
            report.matched += now is not None
            report.newly_matched += now is not None and now != before.get(row.id)
            report.no_longer_matched += now is None and row.id in before
            if now != before.get(row.id):
                changed.append(row.id)
        if also is not None and changed:
            also(connection, changed)
        report.changed += changed
        connection.execute(
            claims.update()
            .where(claims.c.id.in_([row.id for row, _ in pairs]))
            .values(matched_version=version)
        )
    report.checked += len(rows)
