"""What the workers record: keys of work done, dead letters, and narrative vectors embedded ahead.

The tables are ``work/ledger.py``'s; the rules (a key written in the transaction of its work, a
dead letter once per message) are described there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection, delete, insert, select

from ...clock import iso, now
from ...monitor.tables import narrative_claims
from ...work.ledger import work_claim_vectors, work_done, work_failures
from ..schema import claims


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
    )
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


# -- narrative vectors embedded ahead ----------------------------------------------------------


class ClaimText(NamedTuple):
    id: int
    text: str


def claims_to_embed(connection: Connection, claim_ids: list[int], encoder: str) -> list[ClaimText]:
    """Those of ``claim_ids`` in no narrative yet and not embedded ahead by ``encoder``."""
    rows = connection.execute(
        select(claims.c.id, claims.c.text)
        .outerjoin(narrative_claims, narrative_claims.c.claim_id == claims.c.id)
        .outerjoin(
            work_claim_vectors,
            (work_claim_vectors.c.claim_id == claims.c.id)
            & (work_claim_vectors.c.encoder == encoder),
        )
        .where(
            claims.c.id.in_(claim_ids),
            narrative_claims.c.claim_id.is_(None),
            work_claim_vectors.c.claim_id.is_(None),
        )
    )
    return [ClaimText._make(row) for row in rows]


def keep_claim_vectors(
    connection: Connection, encoder: str, claim_ids: list[int], vectors: np.ndarray
) -> None:
    """The narrative vectors (float32) of ``claim_ids`` by ``encoder``, replacing any kept."""
    connection.execute(
        delete(work_claim_vectors).where(work_claim_vectors.c.claim_id.in_(claim_ids))
    )
    connection.execute(
        insert(work_claim_vectors),
        [
            {"claim_id": claim_id, "encoder": encoder, "vector": vector.tobytes()}
            for claim_id, vector in zip(claim_ids, vectors.astype(np.float32))
        ],
    )


def claim_vectors(
    connection: Connection, claim_ids: list[int], encoder: str
) -> dict[int, np.ndarray]:
    """The vectors of ``claim_ids`` that ``encoder`` embedded ahead."""
    rows = connection.execute(
        select(work_claim_vectors.c.claim_id, work_claim_vectors.c.vector).where(
            work_claim_vectors.c.claim_id.in_(claim_ids), work_claim_vectors.c.encoder == encoder
        )
    )
    return {row.claim_id: np.frombuffer(row.vector, dtype=np.float32) for row in rows}


def drop_placed_vectors(connection: Connection) -> None:
    """The vectors of claims placed in a narrative are no longer needed."""
    connection.execute(
        delete(work_claim_vectors).where(
            work_claim_vectors.c.claim_id.in_(select(narrative_claims.c.claim_id))
        )
    )
