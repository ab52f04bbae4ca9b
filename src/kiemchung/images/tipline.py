"""An image sent with a tip: what the tip records, and the image kept with its queue item.

The web form and the channels record a tip about an image as ``[ảnh <sha256 prefix>]`` and the
words around it (the reader's caption and the text read on the image), so the desk sees which
image the tip was about. When the tip joins the queue, the image is kept with the queue item:
once its fact-check is published, copies of the image find it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from sqlalchemy import Connection

from ..clock import timestamp
from ..store.queries import images as queries
from . import files, hashing
from .library import add_hashes, read
from .reading import ImageReading

if TYPE_CHECKING:
    from ..store import Store

LABEL = "[ảnh {prefix}]"


def said(caption: str, reading: ImageReading) -> str:
    """The words of a tip about an image: the reader's caption, then the text on the image."""
    return " ".join(" ".join(part.split()) for part in (caption, reading.text) if part.strip())


def tip_text(caption: str, reading: ImageReading, limit: int) -> str:
    """What the tip records: the image's label and the words, cut to ``limit`` characters."""
    label = LABEL.format(prefix=reading.sha256[:12])
    return f"{label} {said(caption, reading)}".strip()[:limit]


def keep_with_tip(store: Store, sha256: str) -> Callable[[Connection, int], None]:
    """A hook for ``desk.tips.submit(then=…)``: in the tip's own transaction, the image is kept
    with the queue item the tip joined (nothing when the tip was answered at once)."""
    image, _ = files.decode(read(store, sha256), files.Limits.of(store.settings))
    found = hashing.hashes(image)  # before the transaction: hashing takes a while

    def then(connection: Connection, tip_id: int) -> None:
        item_id = queries.item_of_tip(connection, tip_id)
        if item_id is None:
            return
        add_hashes(connection, sha256, found)
        queries.link_item(connection, item_id, sha256, timestamp())

    return then
