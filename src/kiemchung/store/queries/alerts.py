"""Alerts about narratives: written once per narrative and window, then delivered."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, select, update

from ...monitor.tables import alerts


class AlertRow(NamedTuple):
    """A row of ``alerts``; ``data`` is the JSON text of the figures behind the message."""

    id: int
    rule: str
    narrative_id: int
    created_at: str
    window_start: str
    documents: int
    statistic: float | None
    message: str
    data: str
    delivered_at: str | None
    delivery_error: str | None
    attempts: int


class PendingAlert(NamedTuple):
    id: int
    message: str


def alerted_since(connection: Connection, narrative_id: int, after: str) -> bool:
    """Whether narrative ``narrative_id`` got an alert created after ``after``."""
    found = connection.execute(
        select(alerts.c.id)
        .where(alerts.c.narrative_id == narrative_id, alerts.c.created_at > after)
        .limit(1)
    ).first()
    return found is not None


def add_alert(
    connection: Connection,
    *,
    rule: str,
    narrative_id: int,
    created_at: str,
    window_start: str,
    documents: int,
    statistic: float | None,
    message: str,
    data: str,
) -> None:
    """A new alert, not delivered yet."""
    connection.execute(
        alerts.insert().values(
            rule=rule,
            narrative_id=narrative_id,
            created_at=created_at,
            window_start=window_start,
            documents=documents,
            statistic=statistic,
            message=message,
            data=data,
            attempts=0,
        )
    )


def pending_alerts(connection: Connection, max_attempts: int) -> list[PendingAlert]:
    """Alerts not delivered yet and tried fewer than ``max_attempts`` times, oldest first."""
    rows = connection.execute(
        select(alerts.c.id, alerts.c.message)
        .where(alerts.c.delivered_at.is_(None), alerts.c.attempts < max_attempts)
        .order_by(alerts.c.id)
    )
    return [PendingAlert._make(row) for row in rows]


def record_attempt(
    connection: Connection, alert_id: int, delivered_at: str | None, error: str | None
) -> None:
    """One more try to deliver alert ``alert_id``: delivered at ``delivered_at``, or failed
    with ``error``."""
    values: dict[str, Any] = {"attempts": alerts.c.attempts + 1, "delivery_error": error}
    if delivered_at is not None:
        values["delivered_at"] = delivered_at
    connection.execute(update(alerts).where(alerts.c.id == alert_id).values(**values))


def latest_alerts(connection: Connection, limit: int) -> list[AlertRow]:
    """The latest ``limit`` alerts, newest first."""
    rows = connection.execute(select(alerts).order_by(alerts.c.id.desc()).limit(limit))
    return [AlertRow(**row._mapping) for row in rows]


def alert_by_id(connection: Connection, alert_id: int) -> AlertRow | None:
    row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    return None if row is None else AlertRow(**row._mapping)
