"""The append-only audit log: who did what, when, to which verdict, publication, role or token.

Rows are only ever inserted; the database refuses updates and deletes (migration 0002).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from ..clock import timestamp
from ..store import Store
from ..store.queries import audit as queries


@dataclass
class Entry:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


def record(connection: Connection, actor: str, action: str, subject: str, **detail: Any) -> None:
    """Append one entry, inside the caller's transaction so it commits with the change."""
    queries.add_entry(
        connection,
        at=timestamp(),
        actor=actor,
        action=action,
        subject=subject,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
    )


def entries(store: Store, limit: int | None = 200, offset: int = 0) -> list[Entry]:
    with store.reading() as connection:
        rows = queries.entries(connection, limit, offset)
    return [
        Entry(row.id, row.at, row.actor, row.action, row.subject, json.loads(row.detail))
        for row in rows
    ]


def export_csv(store: Store) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor", "action", "subject", "detail"])
    for entry in reversed(entries(store, limit=None)):
        writer.writerow(
            [
                entry.id,
                entry.at,
                entry.actor,
                entry.action,
                entry.subject,
                json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
            ]
        )
    return out.getvalue()
