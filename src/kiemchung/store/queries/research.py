"""Research on the desk's claims: where a claim stands (status, assignee, topic), the notes on
it and the evidence kept for it, with the archived copies and screenshots of that evidence."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, or_, select, update

from ...desk import schema as desk


class NoteRow(NamedTuple):
    id: int
    author: str  # the author's name
    body: str
    created_at: str


class EvidenceRow(NamedTuple):
    """A source kept for a claim; ``added_by`` is the name of who added it."""

    id: int
    url: str
    title: str | None
    text: str
    sha256: str
    read_at: str
    added_by: str
    archive: str | None
    archived_at: str | None
    screenshot: str | None
    screenshot_at: str | None


# -- where a claim stands --------------------------------------------------------------------


def move_claim(connection: Connection, item_id: int, status: str) -> None:
    """Claim ``item_id`` is in ``status`` now."""
    items = desk.items
    connection.execute(update(items).where(items.c.id == item_id).values(status=status))


def set_status(connection: Connection, item_id: int, status: str, duplicate_of: int | None) -> None:
    """Claim ``item_id`` is in ``status`` now, a duplicate of ``duplicate_of`` (or of none)."""
    items = desk.items
    connection.execute(
        update(items).where(items.c.id == item_id).values(status=status, duplicate_of=duplicate_of)
    )


def set_assignee(
    connection: Connection, item_id: int, assignee_id: int | None, status: str | None = None
) -> None:
    """Claim ``item_id`` is assigned to ``assignee_id`` (None: to nobody), and moved to
    ``status`` when one is given."""
    values: dict[str, object] = {"assignee_id": assignee_id}
    if status is not None:
        values["status"] = status
    items = desk.items
    connection.execute(update(items).where(items.c.id == item_id).values(values))


def set_topic(connection: Connection, item_id: int, topic: str | None) -> None:
    items = desk.items
    connection.execute(update(items).where(items.c.id == item_id).values(topic=topic))


# -- notes -----------------------------------------------------------------------------------


def add_note(connection: Connection, *, item_id: int, author_id: int, body: str, at: str) -> None:
    connection.execute(
        desk.notes.insert().values(item_id=item_id, author_id=author_id, body=body, created_at=at)
    )


def notes_of(connection: Connection, item_id: int) -> list[NoteRow]:
    """The notes on claim ``item_id``, oldest first."""
    notes, users = desk.notes, desk.users
    rows = connection.execute(
        select(notes.c.id, users.c.name, notes.c.body, notes.c.created_at)
        .join(users, users.c.id == notes.c.author_id)
        .where(notes.c.item_id == item_id)
        .order_by(notes.c.id)
    )
    return [NoteRow._make(row) for row in rows]


# -- evidence --------------------------------------------------------------------------------


def same_evidence(connection: Connection, item_id: int, url: str, sha256: str) -> int | None:
    """The id of the source of claim ``item_id`` read from ``url`` with this hash, if kept."""
    evidence = desk.evidence
    return connection.execute(
        select(evidence.c.id).where(
            evidence.c.item_id == item_id, evidence.c.url == url, evidence.c.sha256 == sha256
        )
    ).scalar()


def add_evidence(
    connection: Connection,
    *,
    item_id: int,
    url: str,
    title: str | None,
    text: str,
    sha256: str,
    read_at: str,
    added_by: int,
    archive: str | None,
    archived_at: str | None,
    screenshot: str | None,
    screenshot_at: str | None,
) -> None:
    connection.execute(
        desk.evidence.insert().values(
            item_id=item_id,
            url=url,
            title=title,
            text=text,
            sha256=sha256,
            read_at=read_at,
            added_by=added_by,
            archive=archive,
            archived_at=archived_at,
            screenshot=screenshot,
            screenshot_at=screenshot_at,
        )
    )


def evidence_of(connection: Connection, item_id: int) -> list[EvidenceRow]:
    """The sources kept for claim ``item_id``, in the order they were added."""
    evidence, users = desk.evidence, desk.users
    rows = connection.execute(
        select(
            evidence.c.id,
            evidence.c.url,
            evidence.c.title,
            evidence.c.text,
            evidence.c.sha256,
            evidence.c.read_at,
            users.c.name,
            evidence.c.archive,
            evidence.c.archived_at,
            evidence.c.screenshot,
            evidence.c.screenshot_at,
        )
        .join(users, users.c.id == evidence.c.added_by)
        .where(evidence.c.item_id == item_id)
        .order_by(evidence.c.id)
    )
    return [EvidenceRow._make(row) for row in rows]


def archive_published(connection: Connection, name: str) -> bool:
    """Whether ``name`` is the archived copy or screenshot of a source of a published
    fact-check."""
    evidence = desk.evidence
    found = connection.execute(
        select(evidence.c.id)
        .join(desk.published, desk.published.c.item_id == evidence.c.item_id)
        .where(or_(evidence.c.archive == name, evidence.c.screenshot == name))
        .limit(1)
    ).first()
    return found is not None


def archive_names(connection: Connection) -> set[str]:
    """The names of every archived copy and screenshot a kept source has."""
    rows = connection.execute(select(desk.evidence.c.archive, desk.evidence.c.screenshot))
    return {name for row in rows for name in row if name}


def screenshot_kept(connection: Connection, name: str) -> bool:
    """Whether a kept source has the screenshot ``name``."""
    evidence = desk.evidence
    found = connection.execute(
        select(evidence.c.id).where(evidence.c.screenshot == name).limit(1)
    ).first()
    return found is not None
