"""The image tables: stored images (content-addressed), their perceptual hashes, and which
fact-checks are about which images.

An image is named by the sha256 of the file kept in the data directory (EXIF stripped), so the
same picture sent twice is one row and one file. Nothing here says who sent an image.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from ..store.schema import metadata

images = Table(
    "images",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("format", String(8), nullable=False),  # "png" or "jpeg": the file's extension
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("created_at", String, nullable=False),
)

# PDQ hashes (64 hex digits) of an image and of its centre crops, so that a cropped copy is
# still near one of them.
image_hashes = Table(
    "image_hashes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "sha256",
        String(64),
        ForeignKey("images.sha256", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("variant", String(16), nullable=False),  # "full", "crop90", "crop80", …
    Column("pdq", String(64), nullable=False),
    Column("quality", Integer, nullable=False),
    UniqueConstraint("sha256", "variant"),
)

# The images a fact-check is about: its claim's appearances (imported) or attached when it was
# published. Keyed by the fact-check's url, as the library is.
factcheck_images = Table(
    "factcheck_images",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("factcheck_url", Text, nullable=False, index=True),
    Column(
        "sha256",
        String(64),
        ForeignKey("images.sha256", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", String, nullable=False),
    UniqueConstraint("factcheck_url", "sha256"),
)

# Images a reader sent with a tip, kept with the queue item so that the fact-check published on
# it is about them too.
item_images = Table(
    "item_images",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("desk_items.id", ondelete="CASCADE"), nullable=False),
    Column(
        "sha256",
        String(64),
        ForeignKey("images.sha256", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", String, nullable=False),
    UniqueConstraint("item_id", "sha256"),
)
