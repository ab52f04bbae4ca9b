"""Images in the store: kept rows, their perceptual hashes, and what fact-checks they are about."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, delete, select, union, update

from ...desk import schema as desk
from ...images.tables import factcheck_images, image_hashes, images, item_images
from ..database import insert_new
from ..schema import factchecks


class HashAbout(NamedTuple):
    """A hash of an image that a fact-check is about."""

    factcheck_url: str
    sha256: str
    pdq: str


class FactcheckSummary(NamedTuple):
    url: str
    claim_reviewed: str
    rating_text: str | None


def add_image(
    connection: Connection, sha256: str, format: str, width: int, height: int, size: int, at: str
) -> None:
    """The row of a kept image, once. An image already there gets ``at`` as its time: the
    retention of an image no one needs counts from the last time it was sent."""
    connection.execute(
        insert_new(connection, images).values(
            sha256=sha256, format=format, width=width, height=height, bytes=size, created_at=at
        )
    )
    connection.execute(update(images).where(images.c.sha256 == sha256).values(created_at=at))


def add_hash(connection: Connection, sha256: str, variant: str, pdq: str, quality: int) -> None:
    connection.execute(
        insert_new(connection, image_hashes).values(
            sha256=sha256, variant=variant, pdq=pdq, quality=quality
        )
    )


def link_factcheck(connection: Connection, factcheck_url: str, sha256: str, at: str) -> None:
    """Image ``sha256`` is one the fact-check at ``factcheck_url`` is about (once)."""
    connection.execute(
        insert_new(connection, factcheck_images).values(
            factcheck_url=factcheck_url, sha256=sha256, created_at=at
        )
    )


def link_item(connection: Connection, item_id: int, sha256: str, at: str) -> None:
    """A reader sent image ``sha256`` about queue item ``item_id`` (once)."""
    connection.execute(
        insert_new(connection, item_images).values(item_id=item_id, sha256=sha256, created_at=at)
    )


def item_of_tip(connection: Connection, tip_id: int) -> int | None:
    """The queue item tip ``tip_id`` joined, if any."""
    found: int | None = connection.execute(
        select(desk.tips.c.item_id).where(desk.tips.c.id == tip_id)
    ).scalar_one_or_none()
    return found


def unneeded_before(connection: Connection, cutoff: str) -> list[tuple[str, str]]:
    """(sha256, format) of the images kept before ``cutoff`` that no fact-check and no queue
    item is about."""
    rows = connection.execute(
        select(images.c.sha256, images.c.format).where(
            images.c.created_at < cutoff,
            images.c.sha256.not_in(select(factcheck_images.c.sha256)),
            images.c.sha256.not_in(select(item_images.c.sha256)),
        )
    )
    return [(row.sha256, row.format) for row in rows]


def drop_images(connection: Connection, sha256s: list[str]) -> None:
    """Delete the rows of images ``sha256s`` and their hashes."""
    for start in range(0, len(sha256s), 500):
        chunk = sha256s[start : start + 500]
        connection.execute(delete(image_hashes).where(image_hashes.c.sha256.in_(chunk)))
        connection.execute(delete(images).where(images.c.sha256.in_(chunk)))


def image_format(connection: Connection, sha256: str) -> str | None:
    """The format of the kept image ``sha256``; None when no such image is kept."""
    found: str | None = connection.execute(
        select(images.c.format).where(images.c.sha256 == sha256)
    ).scalar_one_or_none()
    return found


def images_of_item(connection: Connection, item_id: int) -> list[tuple[str, str]]:
    """(sha256, format) of the images readers sent about queue item ``item_id``, first sent
    first."""
    rows = connection.execute(
        select(item_images.c.sha256, images.c.format)
        .join(images, images.c.sha256 == item_images.c.sha256)
        .where(item_images.c.item_id == item_id)
        .order_by(item_images.c.created_at, item_images.c.id)
    )
    return [(sha256, kind) for sha256, kind in rows]


def _about() -> Select[Any]:
    """(fact-check url, image sha256): images attached to a fact-check, and images readers sent
    about a queue item whose fact-check is published."""
    attached = select(factcheck_images.c.factcheck_url, factcheck_images.c.sha256)
    sent = select(desk.published.c.url.label("factcheck_url"), item_images.c.sha256).join(
        desk.published, desk.published.c.item_id == item_images.c.item_id
    )
    return union(attached, sent)  # type: ignore[return-value]


def images_of_factcheck(connection: Connection, factcheck_url: str) -> list[str]:
    """The sha256s of the images the fact-check at ``factcheck_url`` is about, sorted."""
    about = _about().subquery()
    return sorted(
        connection.execute(
            select(about.c.sha256).where(about.c.factcheck_url == factcheck_url)
        ).scalars()
    )


def hashes_about_factchecks(connection: Connection, least_quality: int) -> list[HashAbout]:
    """Every hash of at least ``least_quality`` of an image some fact-check is about."""
    about = _about().subquery()
    rows = connection.execute(
        select(about.c.factcheck_url, image_hashes.c.sha256, image_hashes.c.pdq)
        .join(image_hashes, image_hashes.c.sha256 == about.c.sha256)
        .where(image_hashes.c.quality >= least_quality)
    )
    return [HashAbout._make(row) for row in rows]


def published_slugs(connection: Connection, urls: list[str]) -> dict[str, str]:
    """The slug of each of ``urls`` that is a fact-check published on this site."""
    rows = connection.execute(
        select(desk.published.c.url, desk.published.c.slug).where(desk.published.c.url.in_(urls))
    )
    return {url: slug for url, slug in rows}


def factcheck_summaries(connection: Connection, urls: list[str]) -> dict[str, FactcheckSummary]:
    """Claim and rating of each of ``urls`` in the fact-check library, by url."""
    rows = connection.execute(
        select(factchecks.c.url, factchecks.c.claim_reviewed, factchecks.c.rating_text).where(
            factchecks.c.url.in_(urls)
        )
    )
    return {row.url: FactcheckSummary._make(row) for row in rows}
