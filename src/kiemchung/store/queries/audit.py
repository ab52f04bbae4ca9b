"""The audit log: rows appended, and read back newest first."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, select

from ...desk import schema as desk


class AuditRow(NamedTuple):
    """A row of ``desk_audit``; ``detail`` is JSON text."""

    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: str


def add_entry(
    connection: Connection, *, at: str, actor: str, action: str, subject: str, detail: str
) -> None:
    """Append one entry (the database refuses any update or delete of one)."""
    connection.execute(
        desk.audit.insert().values(
            at=at, actor=actor, action=action, subject=subject, detail=detail
        )
    )


def entries(connection: Connection, limit: int | None, offset: int = 0) -> list[AuditRow]:
    """Entries newest first, ``offset`` skipped, at most ``limit`` (all when None)."""
    audit = desk.audit
    columns = (audit.c.id, audit.c.at, audit.c.actor, audit.c.action, audit.c.subject)
    query = select(*columns, audit.c.detail).order_by(audit.c.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [AuditRow._make(row) for row in connection.execute(query)]
