"""The broker: Redis through Dramatiq, set up from the settings, and what each worker process
holds (its store, its Redis client).

Dramatiq acknowledges a message only after its task returned, so a worker killed mid-task leaves
the message to be given to another worker once its heartbeat is older than
``KIEMCHUNG_WORKER_HEARTBEAT``. A task that raises is tried again after
``KIEMCHUNG_WORKER_BACKOFF`` seconds, doubled each time, ``KIEMCHUNG_WORKER_TRIES`` times in all;
then ``DeadLetters`` writes it to the database with the reason.
"""

from __future__ import annotations

import sys
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import (
    AgeLimit,
    Callbacks,
    Middleware,
    Pipelines,
    Retries,
    ShutdownNotifications,
    TimeLimit,
)
from dramatiq.results import Results
from dramatiq.results.backends import RedisBackend, StubBackend
from redis import Redis

from ..settings import Settings
from ..store import Store
from ..store.queries import work as ledger
from . import enabled

TIME_LIMIT = 30 * 60  # seconds one task may run (a rematch batch or a large poll included)
MAX_BACKOFF = 60 * 60
DEAD_MESSAGE_TTL = 7 * 24 * 3600  # the broker's own copy of a dead letter; ours stays
# Queues whose messages carry what a reader sent: a failure is not written down with its text.
UNRECORDED = ("tipline",)


class DeadLetters(Middleware):
    """Writes a message that failed on its last try to ``work_failures``, with the reason."""

    def after_process_message(
        self, broker: Any, message: Any, *, result: Any = None, exception: Any = None
    ) -> None:
        if exception is None or not message.failed or message.queue_name in UNRECORDED:
            return
        tries = int(message.options.get("retries", 0))
        throws = broker.get_actor(message.actor_name).options.get("throws")
        if throws and isinstance(exception, throws):  # failed at once: not counted by Retries
            tries += 1
        with current_store().writing() as connection:
            ledger.dead_letter(
                connection,
                message_id=message.message_id,
                task=message.actor_name,
                queue=message.queue_name,
                arguments=list(message.args),
                tries=tries,
                reason=f"{type(exception).__name__}: {exception}",
            )


def _maintenance_chance(heartbeat: float) -> int:
    # Dramatiq looks for gone workers on a random share of broker calls; look about ten times
    # per heartbeat period so that a gone worker's tasks move on soon after it counts as gone.
    return max(1_000, min(1_000_000, int(1_000_000 / max(heartbeat * 10, 1.0))))


def make_broker(settings: Settings) -> dramatiq.Broker:
    """A Redis broker for ``KIEMCHUNG_BROKER_URL``; a stub that holds messages in memory when it
    is unset (nothing is sent then: the work runs in-process)."""
    tries = int(str(settings.get("KIEMCHUNG_WORKER_TRIES")))
    backoff = float(str(settings.get("KIEMCHUNG_WORKER_BACKOFF")))
    middleware = [
        AgeLimit(),
        TimeLimit(time_limit=TIME_LIMIT * 1000),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        DeadLetters(),  # before Retries: told after it, once Retries has failed the message
        Retries(
            max_retries=tries - 1,
            min_backoff=int(backoff * 1000),
            max_backoff=MAX_BACKOFF * 1000,
        ),
    ]
    url = str(settings.get("KIEMCHUNG_BROKER_URL"))
    # The tipline's answers (``answers``); after Retries, so that a result is stored once its
    # message has succeeded or failed for good.
    backend = RedisBackend(url=url) if url else StubBackend()
    middleware.append(Results(backend=backend))  # type: ignore[no-untyped-call]
    if not enabled(settings):
        return StubBroker(middleware=middleware)
    heartbeat = float(str(settings.get("KIEMCHUNG_WORKER_HEARTBEAT")))
    return RedisBroker(  # type: ignore[no-untyped-call]
        url=url,
        middleware=middleware,
        heartbeat_timeout=int(heartbeat * 1000),
        maintenance_chance=_maintenance_chance(heartbeat),
        dead_message_ttl=DEAD_MESSAGE_TTL * 1000,
    )


_installed: dramatiq.Broker | None = None
_settings: Settings | None = None
_store: Store | None = None
_client: Redis | None = None


def install(settings: Settings) -> dramatiq.Broker:
    """Make the broker of ``settings`` the one tasks are sent through and taken from."""
    global _installed, _settings, _store, _client
    broker = make_broker(settings)
    dramatiq.set_broker(broker)
    for name in ("tasks", "answers"):  # actors declared on an earlier broker move to this one
        module = sys.modules.get(f"{__package__}.{name}")
        for actor in getattr(module, "ACTORS", ()):
            actor.broker = broker
            broker.declare_actor(actor)
    if _store is not None:
        _store.close()
    _installed, _settings, _store, _client = broker, settings, None, None
    return broker


def ensure(settings: Settings) -> dramatiq.Broker:
    """The broker in use, installed from ``settings`` when there is none yet."""
    return _installed if _installed is not None else install(settings)


def installed() -> dramatiq.Broker:
    """The broker in use; the environment's at first."""
    return _installed if _installed is not None else install(Settings.from_env())


def settings() -> Settings:
    installed()
    assert _settings is not None
    return _settings


def current_store() -> Store:
    """This process's store (opened at its first task, after the worker forked)."""
    global _store
    if _store is None:
        _store = Store(settings=settings())
    return _store


def client() -> Redis:
    """This process's Redis connection (the broker's address)."""
    global _client
    if _client is None:
        _client = Redis.from_url(str(settings().get("KIEMCHUNG_BROKER_URL")))
    return _client
