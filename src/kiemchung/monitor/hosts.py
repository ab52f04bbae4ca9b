"""Politeness: one request at a time per host, with a least gap between two of them."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator
from urllib.parse import urlsplit


class HostGate:
    """Hands out one slot per host at a time; a slot starts ``gap`` seconds after the last ended.

    Shared by every thread of a monitor run, so feeds and the article pages they link to queue
    for the same host alike.
    """

    def __init__(
        self,
        gap: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.gap = max(0.0, gap)
        self._sleep = sleep
        self._clock = clock
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Hold the slot of ``url``'s host for one request."""
        host = (urlsplit(url).hostname or "").lower()
        lock = self._lock(host)
        with lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.gap - self._clock()
                if wait > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self._clock()
