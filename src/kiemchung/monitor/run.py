"""The monitor's cycle: poll due sources, match again the stored claims a new fact-check may
answer, place new claims in narratives, raise and send alerts.

``Monitor.cycle()`` is ``kiemchung monitor --once``; ``Monitor.run(stop)`` repeats it, sleeping
until the next source is due, until ``stop`` is set (SIGTERM or Ctrl-C).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..retention import tidy
from . import alerts, editing, narratives, schedule
from .poller import Poller, RoundReport

if TYPE_CHECKING:
    from ..store import Store

IDLE = 60.0  # seconds slept at most between two looks at the schedule
TIDY_EVERY = 3600.0  # seconds between two tidyings: they walk the image and archive folders
# Stored claims matched again per cycle after the library changed (``matching.rematch``): the
# backlog is worked off a share at a time, so polling is never held up for long.
REMATCH_PER_CYCLE = 512


@dataclass
class CycleReport:
    round: RoundReport
    placed: int = 0
    newly_matched: int = 0  # stored claims a fact-check imported since now answers
    alerts: list[alerts.Alert] = field(default_factory=list)
    sent: int = 0


class Monitor:
    """One monitor run over a store (one writer: run one per data directory)."""

    def __init__(
        self, store: Store, *, workers: int | None = None, gap: float | None = None
    ) -> None:
        self.store = store
        self.poller = Poller(store, workers=workers, gap=gap)
        self._evaluated = False
        self._tidied_at: float | None = None

    def cycle(self, stop: threading.Event | None = None) -> CycleReport:
        """Poll every due source once, then update narratives and alerts."""
        report = CycleReport(self.poller.round(stop))
        if stop is not None and stop.is_set():
            return report
        from ..matching.matcher import shared_matcher
        from ..matching.rematch import rematch

        report.newly_matched = rematch(
            self.store,
            matcher=shared_matcher(self.store),
            limit=REMATCH_PER_CYCLE,
            also=editing.refresh_factchecks,
        ).newly_matched
        report.placed = narratives.assign(self.store)
        # A fact-check that now answers stored claims can make their narrative "spreading again".
        if report.placed or report.newly_matched or not self._evaluated:
            report.alerts = alerts.evaluate(self.store)
            self._evaluated = True
        report.sent = alerts.deliver(self.store)
        from ..channels import followups

        followups.tend(self.store)  # readers told of verdicts; expired reply addresses deleted
        if self._tidied_at is None or time.monotonic() - self._tidied_at >= TIDY_EVERY:
            tidy(self.store)  # images no one needs, archive files no source names
            self._tidied_at = time.monotonic()
        return report

    def run(
        self, stop: threading.Event, on_cycle: Callable[[CycleReport], None] | None = None
    ) -> None:
        """Cycle until ``stop`` is set."""
        while not stop.is_set():
            report = self.cycle(stop)
            if on_cycle is not None:
                on_cycle(report)
            wait = schedule.next_due_in(self.store)
            stop.wait(IDLE if wait is None else min(max(wait, 0.5), IDLE))
