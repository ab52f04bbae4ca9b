"""The tables, as SQLAlchemy Core metadata. Migrations in ``migrations/versions`` create them."""

from __future__ import annotations

from typing import Any

import numpy as np
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
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

metadata = MetaData()
EMBEDDING_DIM = 384


class Embedding(TypeDecorator[bytes]):
    """A float32 vector, read and written as its bytes: a blob on SQLite, a pgvector
    ``vector(384)`` on PostgreSQL (where HNSW search runs inside the database)."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from pgvector.sqlalchemy import VECTOR

            return dialect.type_descriptor(VECTOR(EMBEDDING_DIM))
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return np.frombuffer(value, dtype=np.float32)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None or dialect.name != "postgresql":
            return value  # type: ignore[no-any-return]
        return np.asarray(value, dtype=np.float32).tobytes()


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
    Column("embedding", Embedding),  # float32 passage vector of the claim
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
