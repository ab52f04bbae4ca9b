"""Polling: fetch each due source politely, read its new items, store them, schedule the next poll.

Fetching runs in worker threads, one host per worker at a time (``HostGate``); storing runs in
the calling thread, the one writer. Order of writes makes a kill at any moment safe: the items'
documents commit first (in whole batches), then in one transaction the items are recorded for the
source and its validators (ETag, Last-Modified) and next poll time are saved. A restart after a
kill polls the source again without the new validators, skips what was stored, stores the rest.
A ``claimreview`` source's pages go to the fact-check library instead (``claimreviews``), in the
same order: the entries first, then the pages recorded with the source's new state.
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from sqlalchemy import Connection

from ..clock import iso, now
from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher
from ..ingest.dedup import content_hash
from ..ingest.items import Item
from ..store.queries import documents as stored
from ..store.queries import sources as queries
from ..text.normalize import clean
from . import claimreviews, readers, schedule
from .hosts import HostGate
from .intake import Intake
from .sources import Source

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class PollResult:
    """What one poll of one source gave, before anything is stored."""

    source: Source
    listing: readers.Listing | None = None
    harvest: claimreviews.Harvest | None = None  # a claimreview source's pages
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None


@dataclass
class RoundReport:
    """What one round over the due sources did."""

    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    new_items: int = 0
    documents: int = 0
    claims: int = 0
    factchecks: int = 0  # entries added to the library from claimreview sources
    factchecks_updated: int = 0  # entries whose ClaimReview changed at the fact-checker
    errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # pages skipped; their source is fine


class Poller:
    """Polls due sources; built once per monitor run (it holds the host gate and the writer)."""

    def __init__(
        self,
        store: Store,
        *,
        workers: int | None = None,
        gap: float | None = None,
        intake: Intake | None = None,
        on_result: Callable[[PollResult], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = store.settings
        self.fetcher = Fetcher(self.settings)  # keeps each host's robots.txt for a day
        self.workers = workers or self._int("KIEMCHUNG_MONITOR_WORKERS")
        self.gate = HostGate(
            self.settings.number("KIEMCHUNG_MONITOR_HOST_GAP") if gap is None else gap
        )
        self.limit = self._int("KIEMCHUNG_MONITOR_MAX_ITEMS")
        self._intake = intake
        self.on_result = on_result

    def _int(self, name: str) -> int:
        return self.settings.integer(name)

    @property
    def intake(self) -> Intake:
        if self._intake is None:
            self._intake = Intake(self.store)
        return self._intake

    # -- worker threads: fetch and read ---------------------------------------------------------
    def fetch_page(self, url: str, **conditional: Any) -> Any:
        """One GET through the fetch guard, in ``url``'s host slot."""
        with self.gate.slot(url):
            return self.fetcher.fetch(url, **conditional)

    def _known(self, source_id: int) -> readers.IsKnown:
        def is_known(key: str) -> str | None:
            with self.store.reading() as connection:
                if queries.item_seen(connection, source_id, key):
                    return "seen"
                if (
                    key.startswith(("http://", "https://"))
                    and stored.document_with_url(connection, key) is not None
                ):
                    return "stored"
            return None

        return is_known

    def poll(self, source: Source) -> PollResult:
        """Fetch ``source`` (conditionally) and read its new items; nothing is stored here."""
        try:
            response = self.fetch_page(
                source.url, etag=source.etag, last_modified=source.last_modified
            )
        except (FetchFailed, FetchRefused) as error:
            return PollResult(source, error=error.message)
        if response.not_modified:
            return PollResult(
                source, etag=source.etag, last_modified=source.last_modified, not_modified=True
            )
        if source.kind == "claimreview":
            return self._harvest(source, response)
        try:
            listing = readers.read(
                source.kind,
                response,
                fetch_page=self.fetch_page,
                is_known=self._known(source.id),
                limit=self.limit,
                name=source.name,
            )
        except (FetchFailed, FetchRefused) as error:
            return PollResult(source, error=error.message)
        if listing.error:
            return PollResult(source, error=listing.error)
        return PollResult(
            source,
            listing=listing,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

    def _harvest(self, source: Source, response: Any) -> PollResult:
        harvest = claimreviews.read(
            response,
            fetch_page=self.fetch_page,
            recorded=claimreviews.recorded(self.store, source.id),
            budget=self._int("KIEMCHUNG_MONITOR_FACTCHECK_PAGES"),
            publisher=source.name,
        )
        if harvest.error:
            return PollResult(source, error=harvest.error)
        if harvest.retry:  # a page to fetch again: the next poll must not be answered by a 304
            return PollResult(source, harvest=harvest)
        return PollResult(
            source,
            harvest=harvest,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

    def _poll_host(
        self, host_sources: list[Source], results: "queue.Queue[Any]", stop: threading.Event
    ) -> None:
        for source in host_sources:
            if stop.is_set():
                break
            try:
                results.put(self.poll(source))
            except Exception as error:  # a bug must not stop the other hosts; it is reported
                results.put(PollResult(source, error=f"internal error: {error!r}"))

    # -- the calling thread: store ------------------------------------------------------------
    def round(self, stop: threading.Event | None = None) -> RoundReport:
        """Poll every due source once; returns when all are stored (or ``stop`` is set)."""
        stop = stop or threading.Event()
        report = RoundReport()
        due = schedule.due(self.store)
        if not due:
            return report
        by_host: dict[str, list[Source]] = defaultdict(list)
        for source in due:
            by_host[source.host].append(source)
        results: "queue.Queue[Any]" = queue.Queue()
        with ThreadPoolExecutor(
            max_workers=self.workers, thread_name_prefix="kiemchung-poll"
        ) as pool:
            futures = [
                pool.submit(self._poll_host, group, results, stop) for group in by_host.values()
            ]
            pending = len(due)
            while pending and not (stop.is_set() and all(f.done() for f in futures)):
                try:
                    result = results.get(timeout=0.2)
                except queue.Empty:
                    if all(f.done() for f in futures) and results.empty():
                        break
                    continue
                pending -= 1
                try:
                    self.store_result(result, report)
                except Exception as error:  # a bug on one source must not stop the others
                    self._internal_error(result.source, error, report)
        return report

    def _internal_error(self, source: Source, error: Exception, report: RoundReport) -> None:
        message = f"internal error while storing: {error!r}"
        report.failed += 1
        report.errors.append(f"{source.url}: {message}")
        with self.store.writing() as connection:
            schedule.failed(connection, source, message, self.settings)

    def store_result(self, result: PollResult, report: RoundReport) -> None:
        """Write one poll's items, then record them and the source's new state."""
        report.polled += 1
        source = result.source
        if result.error is not None:
            report.errors.append(f"{source.url}: {result.error}")
            with self.store.writing() as connection:
                schedule.failed(connection, source, result.error, self.settings)
            report.failed += 1  # after it is recorded: if recording fails, that counts it once
        elif result.harvest is not None:
            self._store_harvest(result, result.harvest, report)
        elif result.not_modified or result.listing is None:
            report.not_modified += 1
            with self.store.writing() as connection:
                schedule.succeeded(
                    connection,
                    source,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    complete=True,
                    new_items=0,
                )
        else:
            listing = result.listing
            written = self.intake.write(listing.items)
            report.documents += written.documents
            report.claims += written.claims
            with self.store.writing() as connection:
                added = _record_items(connection, source.id, listing.items)
                schedule.succeeded(
                    connection,
                    source,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    complete=listing.complete,
                    new_items=added,
                )
            report.new_items += added
        if self.on_result is not None:
            self.on_result(result)

    def _store_harvest(
        self, result: PollResult, harvest: claimreviews.Harvest, report: RoundReport
    ) -> None:
        """Import the changed pages' entries, then record the pages with the source's state."""
        source = result.source
        imported = claimreviews.import_pages(self.store, source.id, harvest.pages)
        report.factchecks += imported.created
        report.factchecks_updated += imported.updated
        report.problems += harvest.problems
        with self.store.writing() as connection:
            claimreviews.record(connection, source.id, harvest.pages)
            schedule.succeeded(
                connection,
                source,
                etag=result.etag,
                last_modified=result.last_modified,
                complete=harvest.complete,
                new_items=imported.created,
            )
        report.new_items += imported.created


def _record_items(connection: Connection, source_id: int, items: list[Item]) -> int:
    """Record the items as given by the source; returns how many were not recorded before."""
    keys: dict[str, Item] = {readers.item_key(item): item for item in items}
    if not keys:
        return 0
    seen = queries.items_seen(connection, source_id, list(keys))
    fresh = [key for key in keys if key not in seen]
    if not fresh:
        return 0
    urls = [key for key in fresh if not key.startswith("text:")]
    by_url = stored.documents_by_url(connection, urls)
    moment = iso(now())
    rows = []
    for key in fresh:
        document_id = by_url.get(key)
        if document_id is None and key.startswith("text:"):
            document_id = stored.first_with_content(connection, content_hash(clean(keys[key].text)))
        rows.append(queries.ItemSeen(source_id, key, document_id, moment))
    queries.add_items(connection, rows)
    return len(rows)
