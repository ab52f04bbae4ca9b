"""Work spread over many processes and machines through a broker (Redis, with Dramatiq).

With ``KIEMCHUNG_BROKER_URL`` unset nothing here runs: the monitor and the web app do their
work in-process. With it set, ``kiemchung monitor`` schedules polls onto the queue, publication
enqueues the rematch, and ``kiemchung worker`` processes run the tasks (``tasks``). Each task
is idempotent by a key recorded in the database (``ledger``), so a message delivered twice does
its work once; a task that keeps failing is dead-lettered with its reason
(``kiemchung worker failed``). What workers share besides the database (host slots, the serial
narratives lock) lives in Redis (``shared``). The web app's matching of readers' texts goes to
the workers too (``answers``), so the web tier loads no encoder. See docs/workers.md.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..settings import Settings

if TYPE_CHECKING:
    from ..store import Store

# The queues a task is sent to (``tasks``); ``kiemchung worker --queues`` takes some of them.
QUEUES = ("poll", "ingest", "match", "narratives", "alerts", "tipline")


def enabled(settings: Settings) -> bool:
    """Whether work goes to a broker (``KIEMCHUNG_BROKER_URL`` is set)."""
    return bool(str(settings.get("KIEMCHUNG_BROKER_URL")))


def library_changed(store: Store) -> bool:
    """After a publication or a correction joined the library: with a broker, the workers match
    the stored claims again; without one, ``kiemchung monitor`` or ``kiemchung rematch`` does,
    as before. Returns whether it was queued; a broker out of reach is logged, not raised (the
    claims stay stale, so the next scheduling pass queues them)."""
    if not enabled(store.settings):
        return False
    from redis.exceptions import RedisError

    from . import broker

    broker.ensure(store.settings)
    from .tasks import rematch_soon

    try:
        rematch_soon(store)
    except RedisError as error:
        logging.getLogger(__name__).warning("rematch not queued: %s", error)
        return False
    return True
