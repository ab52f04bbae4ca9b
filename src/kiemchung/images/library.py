"""Images in the store: kept once by content, hashed when a fact-check is about them, and found
again from a copy.

``keep`` stores a reader's image (file and row); ``attach`` makes an image one a fact-check is
about (kept, hashed whole and as centre crops); ``remember_for_item`` keeps a reader's image with
the queue item its tip joined, so that the fact-check published on that item is about it too;
``near`` lists the fact-checks whose images a given picture is a copy of, nearest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from PIL import Image
from sqlalchemy import Connection

from ..clock import iso, now, timestamp
from ..errors import NotFound
from ..store.files import remove_stale
from ..store.queries import images as queries
from . import files, hashing

if TYPE_CHECKING:
    from ..store import Store

LEAST_QUALITY = hashing.LEAST_QUALITY


@dataclass(frozen=True)
class Near:
    """A fact-check one of whose images is a copy of the picture asked about."""

    factcheck_url: str
    sha256: str
    distance: int  # bits of 256 that differ, 0 for the same picture


def decode(store: Store, data: bytes, name: str = "the image") -> tuple[Image.Image, files.Kept]:
    """``data`` decoded within the store's limits, and the file it is kept as (not written)."""
    image, kind = files.decode(data, files.Limits.of(store.settings), name)
    return image, files.encode(image, kind)


def keep(store: Store, kept: files.Kept) -> None:
    """Write ``kept`` to the data directory and its row to the database, once."""
    files.write(store.home, kept)
    with store.writing() as connection:
        _row(connection, kept)


def _row(connection: Connection, kept: files.Kept) -> None:
    queries.add_image(
        connection, kept.sha256, kept.format, kept.width, kept.height, len(kept.data), timestamp()
    )


def attach(store: Store, factcheck_url: str, data: bytes, name: str = "the image") -> str:
    """Make the image in ``data`` one that the fact-check at ``factcheck_url`` is about;
    returns its sha256. Attaching it again changes nothing."""
    image, kept = decode(store, data, name)
    files.write(store.home, kept)
    found = hashing.hashes(image)
    with store.writing() as connection:
        _row(connection, kept)
        add_hashes(connection, kept.sha256, found)
        queries.link_factcheck(connection, factcheck_url, kept.sha256, timestamp())
    return kept.sha256


def add_hashes(connection: Connection, sha256: str, found: list[hashing.Hash]) -> None:
    for one in found:
        queries.add_hash(connection, sha256, one.variant, one.pdq, one.quality)


def read(store: Store, sha256: str) -> bytes:
    """The kept file of the image ``sha256``."""
    with store.reading() as connection:
        kind = queries.image_format(connection, sha256)
    if kind is None:
        raise NotFound(f"no image {sha256}")
    return files.path_of(store.home, sha256, kind).read_bytes()


def remember_for_item(store: Store, item_id: int, sha256: str) -> None:
    """Keep with queue item ``item_id`` that a reader sent image ``sha256`` about it (hashed
    now, so that once the item's fact-check is published, copies of the image find it)."""
    image, _ = files.decode(read(store, sha256), files.Limits.of(store.settings))
    found = hashing.hashes(image)
    with store.writing() as connection:
        add_hashes(connection, sha256, found)
        queries.link_item(connection, item_id, sha256, timestamp())


def of_item(store: Store, item_id: int) -> list[str]:
    """The sha256s of the images readers sent about queue item ``item_id``, first sent first:
    the desk sees the picture, not only the text read on it."""
    with store.reading() as connection:
        return [sha256 for sha256, _ in queries.images_of_item(connection, item_id)]


def kept_file(store: Store, sha256: str) -> tuple[bytes, str]:
    """The kept file of image ``sha256`` and its media type; ``NotFound`` when none is kept."""
    with store.reading() as connection:
        kind = queries.image_format(connection, sha256)
    if kind is None:
        raise NotFound(f"no image {sha256}", code="not_found")
    return files.path_of(store.home, sha256, kind).read_bytes(), f"image/{kind}"


def of_factcheck(store: Store, factcheck_url: str) -> list[str]:
    """The sha256s of the images the fact-check at ``factcheck_url`` is about."""
    with store.reading() as connection:
        return queries.images_of_factcheck(connection, factcheck_url)


def near(store: Store, image: Image.Image) -> list[Near]:
    """Fact-checks with an image that ``image`` is a copy of (within the distance setting),
    nearest first, each once."""
    limit = store.settings.integer("KIEMCHUNG_IMAGE_DISTANCE")
    asked = hashing.queries(image)
    if not asked:
        return []
    with store.reading() as connection:
        rows = queries.hashes_about_factchecks(connection, LEAST_QUALITY)
    best: dict[str, Near] = {}
    for url, sha256, pdq in rows:
        found = min(hashing.distance(query, pdq) for query in asked)
        if found <= limit and (url not in best or found < best[url].distance):
            best[url] = Near(url, sha256, found)
    return sorted(best.values(), key=lambda one: (one.distance, one.factcheck_url))


def purge(store: Store) -> int:
    """Delete the images kept longer than ``KIEMCHUNG_IMAGE_RETENTION_DAYS`` that no queue item
    and no fact-check is about (a picture a reader checked and was answered at once, or whose
    queue item is gone), their rows and files, and any image file a killed write left half
    written; returns how many images were deleted (``retention.tidy``)."""
    days = store.settings.number("KIEMCHUNG_IMAGE_RETENTION_DAYS")
    cutoff = iso(now() - timedelta(days=days))
    with store.writing() as connection:
        old = queries.unneeded_before(connection, cutoff)
        queries.drop_images(connection, [sha256 for sha256, _ in old])
        # Inside the transaction: if it does not commit, the rows stay, old and unneeded, and
        # the next purge deletes them (a file already gone is no error).
        for sha256, kind in old:
            files.path_of(store.home, sha256, kind).unlink(missing_ok=True)
    remove_stale(store.home / files.FOLDER, suffix=".part")
    return len(old)
