"""Matching stored claims again when the library or the decision model has changed.

A claim is matched when it is ingested, against the library of that moment. A fact-check
published later answers it too, so each claim keeps the *matching version* it was matched at
(``matching_version``: the library's claims and the decision model) and ``rematch`` redoes the
stale ones, in batches of one transaction each: a run that is interrupted keeps the batches it
finished, and the next run carries on with the rest; nothing is matched twice or linked twice.
A claim is matched again in its document, as it was when it came in: a short post read whole
too (``stage.match_documents``), so a rematch gives the answer ingesting the post would give.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..claims.detector import MODEL_PATH as CHECKWORTHY
from ..document import Claim, Document
from ..pipeline import Match
from ..store import factchecks as factcheck_rows
from ..store.queries import matching as queries
from .decision import MODEL_PATH
from .lexical import SEARCH_FORM_VERSION
from .matcher import Matcher, MatchResult, shared_matcher
from .reranker import RERANKER
from .stage import match_documents

if TYPE_CHECKING:
    from ..store import Store

BATCH = 256


@lru_cache(maxsize=1)
def _model_stamp() -> str:
    """The decision model, the reranker it reads and the check-worthiness model whose score of
    a text is one of its features, by their digest."""
    digest = hashlib.sha256(MODEL_PATH.read_bytes())
    if RERANKER.exists():
        digest.update(RERANKER.read_bytes())
    digest.update(CHECKWORTHY.read_bytes())
    return digest.hexdigest()[:12]


def matching_version(store: Store) -> str:
    """What a claim matched now is matched against: the library's claims (the vectors' version
    changes when an entry is added or its claim reworded, not when a rating is edited or an
    unchanged file imported again: ratings are read at display time), the search form, the
    decision model, the reranker and the check-worthiness model."""
    return f"{store.vectors_version()}:{SEARCH_FORM_VERSION}:{_model_stamp()}"


def stale_claims(store: Store) -> int:
    """How many stored claims were matched against another library or model, or never."""
    with store.reading() as connection:
        return queries.count_stale(connection, matching_version(store))


@dataclass
class RematchReport:
    checked: int = 0
    matched: int = 0  # now matched to a fact-check
    newly_matched: int = 0  # matched now, not before (or to another fact-check)
    no_longer_matched: int = 0
    changed: list[int] = field(default_factory=list)  # claims whose fact-check changed


def factcheck_ids(connection: Any, matches: Iterable[Match]) -> dict[str, int]:
    """The ids of the fact-checks ``matches`` name, by url."""
    return factcheck_rows.ids_by_url(connection, {match.url for match in matches})


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
    links: list[queries.Link] = []
    linked: set[int] = set()
    for rank, match in enumerate(matches):
        factcheck_id = ids.get(match.url)
        if factcheck_id is None or factcheck_id in linked:
            continue
        linked.add(factcheck_id)
        links.append(queries.Link(factcheck_id, float(match.score), matched and rank == 0))
    queries.replace_matches(connection, claim_id, links, fresh=fresh)


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
        with store.reading() as connection:
            ids = queries.stale_ids(connection, version, after, BATCH)
        if not ids:
            break
        rematch_batch(store, ids, matcher=matcher, version=version, report=report, also=also)
        after = ids[-1]
        if advance is not None:
            advance(len(ids))
    return report


def _in_their_documents(
    matcher: Matcher,
    held: list[queries.ClaimInDocument],
    texts: dict[int, str],
    post_chars: int,
) -> dict[int, MatchResult]:
    """Each claim of ``held`` matched as the pipeline matched it when it came in: in its
    document, a short post read whole (``stage.match_documents``)."""
    by_document: dict[int, list[queries.ClaimInDocument]] = {}
    for row in held:
        by_document.setdefault(row.document_id, []).append(row)
    docs = [
        Document(
            text=texts.get(document_id, ""),
            claims=[Claim(text=r.text, start=r.start, end=r.end, score=r.score) for r in rows],
        )
        for document_id, rows in by_document.items()
    ]
    found = match_documents(matcher, docs, post_chars)
    return {
        row.id: result
        for rows, results in zip(by_document.values(), found)
        for row, result in zip(rows, results)
    }


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
    post_chars = store.settings.integer("KIEMCHUNG_WHOLE_POST_CHARS")
    with store.reading() as connection:
        held, texts = queries.claims_with_their_documents(connection, claim_ids, post_chars)
        asked = set(claim_ids)
        rows = sorted((row for row in held if row.id in asked), key=lambda row: row.id)
        before = queries.matched_factchecks(connection, [row.id for row in rows])
    if not rows:
        return
    found = _in_their_documents(matcher, held, texts, post_chars)
    results = [found[row.id] for row in rows]
    changed: list[int] = []
    with store.writing() as connection:
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
        queries.set_matched_version(connection, [row.id for row, _ in pairs], version)
    report.checked += len(rows)
