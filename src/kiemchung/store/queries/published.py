"""The desk's published fact-checks and their public corrections."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, func, select, update

from ...desk import schema as desk


class PublishedRow(NamedTuple):
    """A published fact-check with the name of the editor who approved it; ``url`` is the one
    stored at publication, ``appearances`` a JSON list."""

    id: int
    item_id: int
    slug: str
    url: str
    claim_reviewed: str
    rating_label: str
    explanation: str
    author_name: str
    reviewer_name: str | None
    appearances: str
    claim_date: str | None
    date_published: str
    date_modified: str


class CorrectionRow(NamedTuple):
    """A public correction; ``before`` is the JSON of the fields it changed, as they were."""

    note: str
    created_at: str
    before: str
    editor: str  # the editor's name


def add_published(
    connection: Connection,
    *,
    item_id: int,
    verdict_id: int,
    slug: str,
    url: str,
    claim_reviewed: str,
    rating_label: str,
    explanation: str,
    author_name: str,
    appearances: str,
    claim_date: str | None,
    at: str,
) -> None:
    """Publish a fact-check at ``at``; claim ``item_id`` is published with it."""
    connection.execute(
        desk.published.insert().values(
            item_id=item_id,
            verdict_id=verdict_id,
            slug=slug,
            url=url,
            claim_reviewed=claim_reviewed,
            rating_label=rating_label,
            explanation=explanation,
            author_name=author_name,
            appearances=appearances,
            claim_date=claim_date,
            date_published=at,
            date_modified=at,
        )
    )
    items = desk.items
    connection.execute(
        update(items).where(items.c.id == item_id).values(status="published", published_at=at)
    )


def _published() -> Select[Any]:
    published, verdicts = desk.published, desk.verdicts
    reviewer = desk.users.alias("reviewer")
    return (
        select(
            published.c.id,
            published.c.item_id,
            published.c.slug,
            published.c.url,
            published.c.claim_reviewed,
            published.c.rating_label,
            published.c.explanation,
            published.c.author_name,
            reviewer.c.name.label("reviewer_name"),
            published.c.appearances,
            published.c.claim_date,
            published.c.date_published,
            published.c.date_modified,
        )
        .join(verdicts, verdicts.c.id == published.c.verdict_id)
        .outerjoin(reviewer, reviewer.c.id == verdicts.c.reviewer_id)
    )


def by_slug(connection: Connection, slug: str) -> PublishedRow | None:
    row = connection.execute(_published().where(desk.published.c.slug == slug)).first()
    return None if row is None else PublishedRow._make(row)


def of_item(connection: Connection, item_id: int) -> PublishedRow | None:
    """The fact-check published on claim ``item_id``, if any."""
    row = connection.execute(_published().where(desk.published.c.item_id == item_id)).first()
    return None if row is None else PublishedRow._make(row)


def latest(connection: Connection, limit: int, offset: int = 0) -> list[PublishedRow]:
    """Fact-checks newest first, ``offset`` skipped, at most ``limit``."""
    published = desk.published
    rows = connection.execute(
        _published()
        .order_by(published.c.date_published.desc(), published.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [PublishedRow._make(row) for row in rows]


def count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(desk.published)).scalar_one())


def slugs_by_url(connection: Connection) -> dict[str, str]:
    """url stored at publication → slug, of every published fact-check."""
    published = desk.published
    return {
        row.url: row.slug for row in connection.execute(select(published.c.url, published.c.slug))
    }


def change_published(
    connection: Connection, factcheck_id: int, changes: dict[str, str], at: str
) -> None:
    """Fact-check ``factcheck_id`` takes ``changes`` (column → new text), modified at ``at``."""
    published = desk.published
    connection.execute(
        update(published).where(published.c.id == factcheck_id).values(date_modified=at, **changes)
    )


def add_correction(
    connection: Connection, *, factcheck_id: int, note: str, before: str, editor_id: int, at: str
) -> None:
    connection.execute(
        desk.corrections.insert().values(
            factcheck_id=factcheck_id, note=note, before=before, editor_id=editor_id, created_at=at
        )
    )


def corrections_of(connection: Connection, factcheck_id: int) -> list[CorrectionRow]:
    """The public corrections of fact-check ``factcheck_id``, oldest first."""
    corrections, users = desk.corrections, desk.users
    rows = connection.execute(
        select(corrections.c.note, corrections.c.created_at, corrections.c.before, users.c.name)
        .join(users, users.c.id == corrections.c.editor_id)
        .where(corrections.c.factcheck_id == factcheck_id)
        .order_by(corrections.c.id)
    )
    return [CorrectionRow._make(row) for row in rows]
