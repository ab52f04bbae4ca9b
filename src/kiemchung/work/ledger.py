"""What the workers record in the database: the keys of work done, and dead letters.

A broker delivers each message at least once: a worker killed after its work committed but
before the message was acknowledged gets it again. Every task therefore names its work with a
key (``match:{claim}:{version}``, ``poll:{source}:{due}``, ``alert:{id}``) and writes it with
``claim_key`` (``store/queries/work.py``, with the other queries of these tables) in the
transaction of the work itself where it can; a key already there means the
work is done, and the task does nothing. A task that failed on every try is written to
``work_failures`` with the reason, for ``kiemchung worker failed``. ``work_claim_vectors`` holds narrative vectors embedded ahead.

Migration ``0014`` creates the tables. Task arguments are ids and keys of claims, sources and
alerts, never anything about the people who wrote or sent the texts.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, String, Table, Text

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
