"""``ingest(store, inputs)``: read every input, link duplicates, find the claims of new
documents with the pipeline, and write them in batches.

Each batch (documents, their claims and matches) is written in one transaction: a run that is
killed keeps whole batches only, and running it again adds exactly what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from sqlalchemy import Connection

from ..clock import timestamp
from ..desk import queue
from ..document import Document
from ..fetch import Fetcher
from ..matching.rematch import factcheck_ids, link_matches, matching_version
from ..pipeline import Pipeline
from ..store.queries import documents as stored
from ..text.language import detect_language
from . import dedup, sources
from .items import Item, OnProblem, Problem
from .plan import Plan, Planner

if TYPE_CHECKING:
    from ..store import Store

BATCH_SIZE = 32


@dataclass
class IngestReport:
    """What a run did. ``added`` counts new original documents; duplicates are counted apart."""

    added: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0  # lines, entries or inputs left out (each reported as a problem)
    claims: int = 0
    known: int = 0  # already stored by an earlier run (or earlier in this one): nothing new
    failed_inputs: int = 0  # inputs that gave nothing at all (missing file, refused URL)

    @property
    def documents(self) -> int:
        return self.added + self.exact_duplicates + self.near_duplicates


def ingest(
    store: Store,
    inputs: Iterable[str],
    *,
    on_problem: OnProblem | None = None,
    advance: Callable[..., Any] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Ingest every PATH_OR_URL of ``inputs`` into ``store``; see ``sources`` for what an input
    may be. Problems (bad lines, refused URLs) go to ``on_problem`` and the run goes on;
    ``advance()`` is called once per item read."""
    report = IngestReport()

    def problem(found: Problem) -> None:
        report.skipped += found.skipped
        report.failed_inputs += found.fatal
        if on_problem is not None:
            on_problem(found)

    pipeline = Pipeline(store)
    fetcher = Fetcher(store.settings)  # one per run: it keeps each site's robots.txt
    with store.reading() as connection:
        planner = Planner(connection)

    def known(url: str) -> bool:
        with store.reading() as connection:
            return planner.known_url(connection, url)

    batch: list[Item] = []
    for value in inputs:
        for item in sources.read(value, on_problem=problem, known=known, fetcher=fetcher):
            batch.append(item)
            if len(batch) >= batch_size:
                write_batch(store, pipeline, planner, batch, report, problem)
                if advance is not None:
                    advance(len(batch))
                batch = []
    if batch:
        write_batch(store, pipeline, planner, batch, report, problem)
        if advance is not None:
            advance(len(batch))
    return report


def write_batch(
    store: Store,
    pipeline: Pipeline,
    planner: Planner,
    batch: list[Item],
    report: IngestReport,
    problem: OnProblem,
) -> None:
    """Plan, run the pipeline on the originals of, and write one batch in one transaction;
    counts go to ``report``. Also used by the monitor, which fetches items itself."""
    longest = store.settings.integer("KIEMCHUNG_MAX_POST_CHARS")
    for item in batch:
        if len(item.text) > longest:
            problem(
                Problem(
                    f"text of {len(item.text)} characters cut to its first {longest} "
                    "(KIEMCHUNG_MAX_POST_CHARS)",
                    item.ref,
                    skipped=False,
                )
            )
            item.text = item.text[:longest]
    plans: list[Plan] = []
    with store.reading() as connection:
        for item in batch:
            plan = planner.plan(connection, item)
            if plan is None:
                problem(Problem("no text; skipped", item.ref))
            else:
                plans.append(plan)
    originals = [plan for plan in plans if plan.action == "original"]
    # Read before matching: a library changed meanwhile leaves these claims stale, not wrong.
    version = matching_version(store) if "match" in pipeline.names else None
    docs = {
        doc.id: doc
        for doc in pipeline.pipe(
            [
                Document(text=p.text, id=p.key, url=p.item.url, title=p.item.title)
                for p in originals
            ],
            batch_size=max(len(originals), 1),
        )
    }
    try:
        with store.writing() as connection:
            ids = _insert(connection, plans, docs, planner, version)
    except BaseException:
        planner.abandoned(plans)
        raise
    planner.committed(plans, ids)
    for plan in plans:
        if plan.action == "original":
            report.added += 1
            report.claims += len(docs[plan.key].claims)
        elif plan.action in {"exact", "counted"}:
            report.exact_duplicates += 1
        elif plan.action == "near":
            report.near_duplicates += 1
        else:
            report.known += 1


def _insert(
    connection: Connection,
    plans: list[Plan],
    docs: dict[str | None, Document],
    planner: Planner,
    version: str | None,
) -> dict[str, int]:
    now = timestamp()
    ids: dict[str, int] = {}
    claim_ids: list[int] = []

    def resolve(ref: int | str | None) -> int | None:
        if ref is None:
            return None
        return ids[ref] if isinstance(ref, str) and ref in ids else planner.resolve(ref)

    for plan in plans:
        if plan.action not in {"original", "exact", "near"}:
            continue
        item, doc = plan.item, docs.get(plan.key)
        keeps_text = plan.action != "exact"
        language = (
            doc.language
            if doc is not None
            else (detect_language(plan.text[:2000]) if keeps_text else None)
        )
        ids[plan.key] = stored.add_document(
            connection,
            url=item.url,
            title=item.title,
            text=plan.text if keeps_text else None,
            content_hash=plan.content_hash,
            published=item.published,
            site=item.site,
            source=item.source,
            kind=item.kind,
            language=language,
            duplicate_of=resolve(plan.duplicate_of),
            duplicate_kind=None if plan.action == "original" else plan.action,
            similarity=plan.similarity,
            minhash=dedup.to_bytes(plan.minhash) if plan.minhash is not None else None,
            ingested_at=now,
        )
        if doc is not None:
            claim_ids.extend(_insert_claims(connection, ids[plan.key], doc, version))
    queue.enqueue(connection, claim_ids)
    return ids


def keep_claims(
    connection: Connection, document_id: int, doc: Document, version: str | None
) -> list[int]:
    """Write the claims a stored document was found to carry after it was ingested (a post
    matched whole by a worker), with their matches, into the desk's queue; returns their ids."""
    claim_ids = _insert_claims(connection, document_id, doc, version)
    queue.enqueue(connection, claim_ids)
    return claim_ids


def _insert_claims(
    connection: Connection, document_id: int, doc: Document, version: str | None
) -> list[int]:
    """Write a document's claims with their matches; returns the new claims' ids."""
    written: list[int] = []
    ids = factcheck_ids(connection, (match for claim in doc.claims for match in claim.matches))
    seen_spans: set[tuple[int, int]] = set()
    for claim in doc.claims:
        if (claim.start, claim.end) in seen_spans:
            continue
        seen_spans.add((claim.start, claim.end))
        claim_id = stored.add_claim(
            connection, document_id, claim.start, claim.end, claim.text, float(claim.score), version
        )
        link_matches(connection, claim_id, claim.matched, claim.matches, ids, fresh=True)
        written.append(claim_id)
    return written
