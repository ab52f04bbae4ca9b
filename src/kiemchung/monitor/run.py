"""The monitor's cycle: poll due sources, place new claims in narratives, raise and send alerts.

``Monitor.cycle()`` is ``kiemchung monitor --once``; ``Monitor.run(stop)`` repeats it, sleeping
until the next source is due, until ``stop`` is set (SIGTERM or Ctrl-C).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from . import alerts, narratives, schedule
from .poller import Poller, RoundReport

IDLE = 60.0  # seconds slept at most between two looks at the schedule


@dataclass
class CycleReport:
    round: RoundReport
    placed: int = 0
    alerts: list[alerts.Alert] = field(default_factory=list)
    sent: int = 0


class Monitor:
    """One monitor run over a store (one writer: run one per data directory)."""

    def __init__(self, store: Any, *, workers: int | None = None,
                 gap: float | None = None) -> None:
        self.store = store
        self.poller = Poller(store, workers=workers, gap=gap)
        self._evaluated = False

    def cycle(self, stop: threading.Event | None = None) -> CycleReport:
        """Poll every due source once, then update narratives and alerts."""
        report = CycleReport(self.poller.round(stop))
        if stop is not None and stop.is_set():
            return report
        report.placed = narratives.assign(self.store)
        if report.placed or not self._evaluated:
            report.alerts = alerts.evaluate(self.store)
            self._evaluated = True
        report.sent = alerts.deliver(self.store)
        return report

    def run(self, stop: threading.Event,
            on_cycle: Callable[[CycleReport], None] | None = None) -> None:
        """Cycle until ``stop`` is set."""
        while not stop.is_set():
            report = self.cycle(stop)
            if on_cycle is not None:
                on_cycle(report)
            wait = schedule.next_due_in(self.store)
            stop.wait(IDLE if wait is None else min(max(wait, 0.5), IDLE))
