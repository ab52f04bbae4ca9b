"""Storing what the monitor found through ingest's own planner and pipeline.

``ingest.ingest`` reads inputs and fetches them itself; the monitor has already fetched (with
conditional GET and the host gate), so it hands the items to the same planning (exact and near
duplicates, idempotent by URL and content hash) and the same batched, transactional write.
One ``Intake`` lives as long as a monitor run and is used from one thread: it is the writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..ingest.ingest import BATCH_SIZE, IngestReport, write_batch
from ..ingest.items import Item, Problem
from ..ingest.plan import Planner
from ..pipeline import Pipeline

if TYPE_CHECKING:
    from ..store import Store


class Intake:
    """The documents, claims and claim matches of new items, written in whole batches."""

    def __init__(self, store: Store, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self.pipeline = pipeline or Pipeline(store)
        with store.reading() as connection:
            self.planner = Planner(connection)
        self.problems: list[Problem] = []

    def write(self, items: Iterable[Item], batch_size: int = BATCH_SIZE) -> IngestReport:
        """Store ``items``; each batch commits on its own, so a kill keeps whole batches."""
        report = IngestReport()
        batch: list[Item] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                write_batch(self.store, self.pipeline, self.planner, batch, report, self._problem)
                batch = []
        if batch:
            write_batch(self.store, self.pipeline, self.planner, batch, report, self._problem)
        return report

    def _problem(self, problem: Problem) -> None:
        self.problems.append(problem)
