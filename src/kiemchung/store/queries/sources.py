"""The monitor's sources: their rows, their schedule and the items they handed over."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, func, select, update

from ...monitor.tables import source_items, sources


class SourceRow(NamedTuple):
    """A row of ``sources``."""

    id: int
    url: str
    kind: str
    name: str | None
    tags: str
    every: float
    paused: int
    etag: str | None
    last_modified: str | None
    next_poll_at: str
    last_polled_at: str | None
    last_success_at: str | None
    last_error_at: str | None
    last_error: str | None
    failures: int
    items_seen: int
    added_at: str


def _row(found: Any) -> SourceRow | None:
    return None if found is None else SourceRow(**found._mapping)


def find_source(connection: Connection, url: str) -> SourceRow | None:
    """The source keyed by ``url`` (already normalised)."""
    return _row(connection.execute(select(sources).where(sources.c.url == url)).first())


def source_by_id(connection: Connection, source_id: int) -> SourceRow | None:
    return _row(connection.execute(select(sources).where(sources.c.id == source_id)).first())


def add_source(
    connection: Connection, url: str, kind: str, name: str | None, tags: str, every: float, at: str
) -> None:
    """A new active source, due at ``at``."""
    connection.execute(
        sources.insert().values(
            url=url,
            kind=kind,
            name=name,
            tags=tags,
            every=every,
            paused=0,
            next_poll_at=at,
            failures=0,
            items_seen=0,
            added_at=at,
        )
    )


def all_sources(connection: Connection) -> list[SourceRow]:
    """Every source, in the order they were added."""
    return [
        SourceRow(**row._mapping)
        for row in connection.execute(select(sources).order_by(sources.c.id))
    ]


def set_source(connection: Connection, source_id: int, **values: Any) -> None:
    """Set columns of source ``source_id`` (``paused``, ``failures``, ``next_poll_at`` …)."""
    connection.execute(update(sources).where(sources.c.id == source_id).values(**values))


def remove_source(connection: Connection, source_id: int) -> None:
    """The source and the list of items it handed over; the documents stay."""
    connection.execute(delete(source_items).where(source_items.c.source_id == source_id))
    connection.execute(delete(sources).where(sources.c.id == source_id))


def count_due(connection: Connection, at: str) -> int:
    """How many active sources are due at ``at``."""
    return int(
        connection.execute(
            select(func.count())
            .select_from(sources)
            .where(sources.c.paused == 0, sources.c.next_poll_at <= at)
        ).scalar_one()
    )


def due_sources(connection: Connection, at: str) -> list[SourceRow]:
    """Active sources due at ``at``, longest-waiting first."""
    rows = connection.execute(
        select(sources)
        .where(sources.c.paused == 0, sources.c.next_poll_at <= at)
        .order_by(sources.c.next_poll_at, sources.c.id)
    )
    return [SourceRow(**row._mapping) for row in rows]


def first_poll_at(connection: Connection) -> str | None:
    """When the first active source is due; None without any."""
    found: str | None = connection.execute(
        select(sources.c.next_poll_at)
        .where(sources.c.paused == 0)
        .order_by(sources.c.next_poll_at)
        .limit(1)
    ).scalar_one_or_none()
    return found


def record_success(
    connection: Connection,
    source_id: int,
    at: str,
    new_items: int,
    next_poll_at: str,
    validators: tuple[str | None, str | None] | None,
) -> None:
    """A good poll at ``at``; ``validators`` (etag, last-modified) replace the stored ones when
    given."""
    values: dict[str, Any] = {
        "last_polled_at": at,
        "last_success_at": at,
        "failures": 0,
        "items_seen": sources.c.items_seen + new_items,
        "next_poll_at": next_poll_at,
    }
    if validators is not None:
        values.update(etag=validators[0], last_modified=validators[1])
    set_source(connection, source_id, **values)


def record_failure(
    connection: Connection, source_id: int, at: str, error: str, failures: int, next_poll_at: str
) -> None:
    """A failed poll at ``at``, the ``failures``-th in a row."""
    set_source(
        connection,
        source_id,
        last_polled_at=at,
        last_error_at=at,
        last_error=error,
        failures=failures,
        next_poll_at=next_poll_at,
    )


# -- the items a source handed over ------------------------------------------------------------


class ItemSeen(NamedTuple):
    """A row of ``source_items``: an item URL (or ``text:`` key) a source has handed over."""

    source_id: int
    url: str
    document_id: int | None
    first_seen: str


class PageRead(NamedTuple):
    """A page or child sitemap a ``claimreview`` source has read: its listing date and digest."""

    url: str
    listed: str | None
    digest: str | None


def item_seen(connection: Connection, source_id: int, url: str) -> bool:
    """Whether source ``source_id`` already handed over the item keyed ``url``."""
    found = connection.execute(
        select(source_items.c.url).where(
            source_items.c.source_id == source_id, source_items.c.url == url
        )
    ).first()
    return found is not None


def items_seen(connection: Connection, source_id: int, urls: list[str]) -> set[str]:
    """Those of ``urls`` that source ``source_id`` already handed over."""
    return set(
        connection.execute(
            select(source_items.c.url).where(
                source_items.c.source_id == source_id, source_items.c.url.in_(urls)
            )
        ).scalars()
    )


def add_items(connection: Connection, rows: list[ItemSeen]) -> None:
    if rows:
        connection.execute(source_items.insert(), [row._asdict() for row in rows])


def pages_read(connection: Connection, source_id: int) -> list[PageRead]:
    rows = connection.execute(
        select(source_items.c.url, source_items.c.listed, source_items.c.digest).where(
            source_items.c.source_id == source_id
        )
    )
    return [PageRead._make(row) for row in rows]


def set_page_read(
    connection: Connection, source_id: int, page: PageRead, first_seen: str, known: bool
) -> None:
    """Record ``page`` as read by source ``source_id``: updated when ``known``, else added."""
    values = {"listed": page.listed, "digest": page.digest}
    if known:
        connection.execute(
            update(source_items)
            .where(source_items.c.source_id == source_id, source_items.c.url == page.url)
            .values(**values)
        )
    else:
        connection.execute(
            source_items.insert().values(
                source_id=source_id, url=page.url, document_id=None, first_seen=first_seen, **values
            )
        )
