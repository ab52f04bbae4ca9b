"""The tables, as SQLAlchemy Core metadata. Migrations in ``migrations/versions`` create them."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

# A document is a page, feed entry, post or text file. Who wrote or posted it is not stored:
# claims, not people (docs/principles.md, 1); the url is the public citation.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, unique=True),
    Column("title", Text),
    Column("text", Text),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("published", String),
    Column("site", Text),
    Column("source", Text),
    Column("kind", String(16), nullable=False),
    Column("language", String(8)),
    Column("duplicate_of", Integer, ForeignKey("documents.id"), index=True),
    Column("duplicate_kind", String(8)),  # "exact" or "near"
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Column("ingested_at", String, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("score", Float, nullable=False),
    # The library and decision model its matches were found against (``matching.rematch``);
    # None: never matched.
    Column("matched_version", String(80), index=True),
    UniqueConstraint("document_id", "start", "end"),
)

factchecks = Table(
    "factchecks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("claim_reviewed", Text, nullable=False),
    Column("rating_text", Text),
    Column("rating_value", Integer),  # 1 (Sai) … 6 (Đúng); NULL for "unproven"/unknown
    Column("rating_label", String(32)),  # canonical key on the shared scale, e.g. "false"
    Column("language", String(8)),
    Column("date_published", String),
    Column("publisher", Text),
    Column("data", Text, nullable=False),  # the ClaimReview object as imported (JSON)
    Column("search_text", Text, nullable=False),  # folded, abbreviation-expanded claim for FTS
    Column("embedding", LargeBinary),  # float32 passage vector of the claim
    # What the claim states, read at import (JSON; matching.features.ClaimTerms.stored)
    Column("terms", Text),
    Column("updated_at", String, nullable=False),
)

claim_matches = Table(
    "claim_matches",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "factcheck_id", Integer, ForeignKey("factchecks.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("score", Float, nullable=False),
    Column("matched", Integer, nullable=False),
)
