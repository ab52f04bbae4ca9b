"""What workers on many machines share through Redis besides the database: one request at a
time per host with a least gap (politeness), locks that make one consumer serial or one write
section exclusive, and "send once" marks that keep a scheduler from queueing the same work twice.

Times come from the Redis server's clock, so workers whose clocks differ still keep the gap.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlsplit

from redis import Redis

PREFIX = "kiemchung:"


def _server_time(client: Redis) -> float:
    seconds, micros = client.time()
    return float(seconds) + micros / 1_000_000


@contextmanager
def exclusive(client: Redis, name: str, hold: float = 30.0) -> Iterator[None]:
    """Hold the lock ``name`` across every worker. The lock lasts ``hold`` seconds and is
    renewed while its holder lives, so a holder that was killed frees it ``hold`` seconds
    later at most."""
    lock = client.lock(f"{PREFIX}lock:{name}", timeout=hold, sleep=0.05, blocking=True)
    lock.acquire()
    done = threading.Event()

    def renew() -> None:
        while not done.wait(hold / 3):
            try:
                lock.reacquire()
            except Exception:  # lost meanwhile (Redis restarted): the holder finishes anyway
                return

    renewer = threading.Thread(target=renew, name=f"kiemchung-lock-{name}", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        done.set()
        renewer.join()
        try:
            lock.release()
        except Exception:  # expired while held: the next holder already has it
            pass


class HostSlots:
    """``HostGate`` across machines: a slot per host at a time, ``gap`` seconds after the last
    request to that host by any worker ended."""

    def __init__(self, client: Redis, gap: float, hold: float = 5.0) -> None:
        self.client = client
        self.gap = max(0.0, gap)
        self.hold = hold

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with exclusive(self.client, f"host:{host}", self.hold):
            last = self.client.get(f"{PREFIX}host-last:{host}")
            if last is not None:
                wait = float(last) + self.gap - _server_time(self.client)
                if wait > 0:
                    time.sleep(wait)
            try:
                yield
            finally:
                self.client.set(
                    f"{PREFIX}host-last:{host}",
                    repr(_server_time(self.client)),
                    ex=max(60, int(self.gap * 10)),
                )


def first_time(client: Redis, key: str, ttl: float) -> bool:
    """True only for the first caller within ``ttl`` seconds to name ``key``."""
    return bool(client.set(f"{PREFIX}once:{key}", "1", nx=True, ex=max(1, int(ttl))))


def first_times(client: Redis, keys: list[str], ttl: float) -> list[bool]:
    """``first_time`` for many keys in one round trip."""
    with client.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.set(f"{PREFIX}once:{key}", "1", nx=True, ex=max(1, int(ttl)))
        return [bool(done) for done in pipe.execute()]


def forget(client: Redis, key: str) -> None:
    """Let ``key`` be sent again (the work it named has started)."""
    client.delete(f"{PREFIX}once:{key}")
