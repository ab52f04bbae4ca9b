"""What the workers record in the database: the keys of work done, and dead letters.

A broker delivers each message at least once: a worker killed after its work committed but
before the message was acknowledged gets it again. Every task therefore names its work with a
key (``match:{claim}:{version}``, ``poll:{source}:{due}``, ``alert:{id}``) and writes it with
``claim_key`` in the transaction of the work itself where it can; a key already there means the
work is done, and the task does nothing. A task that failed on every try is written to
``work_failures`` with the reason, for ``kiemchung worker failed``. ``work_claim_vectors`` holds narrative vectors embedded ahead.

Migration ``0014`` creates the tables. Task arguments are ids and keys of claims, sources and
alerts, never anything about the people who wrote or sent the texts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    insert,
    select,
)

from ..clock import iso, now
from ..store.schema import metadata

work_done = Table(
    "work_done",
    metadata,
    Column("key", String, primary_key=True),
    Column("task", String(64), nullable=False),
    Column("done_at", String, nullable=False),
)

# Narrative vectors of claims, embedded ahead by parallel tasks so that the one serial
# narratives consumer only places them; a row is deleted once its claim is placed.
work_claim_vectors = Table(
    "work_claim_vectors",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("encoder", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float32, normalised
)

work_failures = Table(
    "work_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", String(64), nullable=False, unique=True),
    Column("task", String(64), nullable=False),
    Column("queue", String(64), nullable=False),
    Column("arguments", Text, nullable=False),  # JSON list
    Column("tries", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("failed_at", String, nullable=False, index=True),
)


def is_done(connection: Connection, key: str) -> bool:
    """Whether the work named ``key`` has committed."""
    found = connection.execute(select(work_done.c.key).where(work_done.c.key == key)).first()
    return found is not None


def claim_key(connection: Connection, key: str, task: str) -> bool:
    """Record ``key`` as done inside the work's own transaction; False when it already was (the
    caller then leaves its work undone). Two workers racing on one key: the second insert
    fails, its transaction rolls back and its task is tried again, finding the key done."""
    if is_done(connection, key):
        return False
    connection.execute(insert(work_done).values(key=key, task=task, done_at=iso(now())))
    return True


def claim_keys(connection: Connection, keys: list[str], task: str) -> set[str]:
    """Record every key of ``keys`` not done yet, in one statement; returns those recorded."""
    if not keys:
        return set()
    done = set(
        connection.execute(select(work_done.c.key).where(work_done.c.key.in_(keys))).scalars()
    )
    fresh = [key for key in dict.fromkeys(keys) if key not in done]
    if fresh:
        moment = iso(now())
        connection.execute(
            insert(work_done), [{"key": key, "task": task, "done_at": moment} for key in fresh]
        )
    return set(fresh)


@dataclass(frozen=True)
class Failure:
    id: int
    message_id: str
    task: str
    queue: str
    arguments: list[Any]
    tries: int
    reason: str
    failed_at: str


def dead_letter(
    connection: Connection,
    *,
    message_id: str,
    task: str,
    queue: str,
    arguments: list[Any],
    tries: int,
    reason: str,
) -> None:
    """Record a task that failed on every try (once per message, however often it is told)."""
    found = connection.execute(
        select(work_failures.c.id).where(work_failures.c.message_id == message_id)
    ).first()
    if found is not None:
        return
    connection.execute(
        insert(work_failures).values(
            message_id=message_id,
            task=task,
            queue=queue,
            arguments=json.dumps(arguments, ensure_ascii=False),
            tries=tries,
            reason=reason[:2000],
            failed_at=iso(now()),
        )
    )


def failures(connection: Connection, limit: int = 50) -> list[Failure]:
    """The dead letters, newest first."""
    rows = connection.execute(
        select(work_failures).order_by(work_failures.c.id.desc()).limit(limit)
    ).all()
    return [
        Failure(
            id=row.id,
            message_id=row.message_id,
            task=row.task,
            queue=row.queue,
            arguments=json.loads(row.arguments),
            tries=row.tries,
            reason=row.reason,
            failed_at=row.failed_at,
        )
        for row in rows
    ]
