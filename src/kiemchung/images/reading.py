"""Reading an image a reader sent: the text on it and the fact-checks about the picture itself.

``read_image`` is what the tipline's channels, the web form and ``kiemchung match --image``
call. The text then goes through claims and matching like any typed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..store.queries import images as queries
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
    if not urls:
        return []
    with store.reading() as connection:
        slugs = queries.published_slugs(connection, urls)
    return [slugs[url] for url in urls if url in slugs]


def image_matches(store: Store, reading: ImageReading) -> list[dict[str, Any]]:
    """The fact-checks about copies of the picture, in the shape ``kiemchung match`` prints
    (score 1.0: the picture itself, not its words, was matched)."""
    if not reading.factcheck_urls:
        return []
    with store.reading() as connection:
        rows = queries.factcheck_summaries(connection, reading.factcheck_urls)
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
