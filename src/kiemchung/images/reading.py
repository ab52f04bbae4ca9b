"""Reading an image a reader sent: the text on it and the fact-checks about the picture itself.

``read_image`` is what the tipline's channels, the web form and ``kiemchung match --image``
call. The text then goes through claims and matching like any typed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from . import library
from .ocr import Reader

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class ImageReading:
    """What was read in one image.

    ``sha256`` names the kept copy (EXIF stripped); ``text`` is the message read on it without
    the chat app's chrome (empty for a photo without text); ``factcheck_slugs`` are this site's
    published fact-checks about a picture this one is a copy of, and ``factcheck_urls`` every
    such fact-check in the library (imported ones too), nearest first.
    """

    sha256: str
    text: str
    factcheck_slugs: list[str] = field(default_factory=list)
    factcheck_urls: list[str] = field(default_factory=list)


def read_image(store: Store, data: bytes, name: str = "the image") -> ImageReading:
    """Keep the image in ``data``, read its text and find fact-checks about copies of it.

    Raises ``InputError`` (one line, starting with ``name``) for a file that is not an image,
    too large, or a decompression bomb; ``OcrUnavailable`` when Tesseract is not installed.
    """
    image, kept = library.decode(store, data, name)
    reader = Reader.of(store.settings)
    reader.check()  # before anything is written: a missing Tesseract keeps nothing
    library.keep(store, kept)
    text = reader.text(image)
    urls = [near.factcheck_url for near in library.near(store, image)]
    return ImageReading(kept.sha256, text, _slugs(store, urls), urls)


def _slugs(store: Store, urls: list[str]) -> list[str]:
    from ..desk.schema import published

    if not urls:
        return []
    with store.db.read() as connection:
        slugs = dict(
            connection.execute(
                select(published.c.url, published.c.slug).where(published.c.url.in_(urls))
            ).all()
        )
    return [slugs[url] for url in urls if url in slugs]


def image_matches(store: Store, reading: ImageReading) -> list[dict[str, Any]]:
    """The fact-checks about copies of the picture, in the shape ``kiemchung match`` prints
    (score 1.0: the picture itself, not its words, was matched)."""
    from ..store.schema import factchecks

    if not reading.factcheck_urls:
        return []
    with store.db.read() as connection:
        rows = {
            row.url: row
            for row in connection.execute(
                select(
                    factchecks.c.url, factchecks.c.claim_reviewed, factchecks.c.rating_text
                ).where(factchecks.c.url.in_(reading.factcheck_urls))
            )
        }
    return [
        {
            "url": url,
            "claim": rows[url].claim_reviewed,
            "rating": rows[url].rating_text,
            "score": 1.0,
        }
        for url in reading.factcheck_urls
        if url in rows
    ]
