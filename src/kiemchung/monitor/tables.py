"""The monitor's tables (sources, narratives, alerts), on the store's one ``metadata``.

Migration ``0003`` creates them. Nothing here records who wrote or posted anything: sources are
sites and feeds, narratives are groups of claims, alerts are about narratives
(docs/principles.md, 1).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

from ..store.schema import metadata

# Times are ISO 8601 strings in UTC ("2025-01-31T08:00:00+00:00"), like the core tables, so
# that they compare as text.

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # rss, atom, sitemap, page, jsonl, claimreview
    Column("name", Text),
    Column("tags", Text, nullable=False, default=""),  # comma-separated
    Column("every", Float, nullable=False),  # seconds between polls
    Column("paused", Integer, nullable=False, default=0),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("next_poll_at", String, nullable=False, index=True),
    Column("last_polled_at", String),
    Column("last_success_at", String),
    Column("last_error_at", String),
    Column("last_error", Text),
    Column("failures", Integer, nullable=False, default=0),  # consecutive
    Column("items_seen", Integer, nullable=False, default=0),
    Column("added_at", String, nullable=False),
)

# Which item URLs a source has already handed over, so a re-poll skips them without a fetch.
source_items = Table(
    "source_items",
    metadata,
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("url", Text, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("first_seen", String, nullable=False),
    # Migration 0007, for ``claimreview`` sources: the date the listing gave the page (sitemap
    # lastmod, feed entry date) and a digest of its ClaimReview ("" when it has none).
    Column("listed", Text),
    Column("digest", Text),
)

narratives = Table(
    "narratives",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("label", Text, nullable=False),  # the claim that started it (or an editor's choice)
    Column("form", Text, nullable=False),  # lexical search form of the label
    Column("centroid", LargeBinary, nullable=False),  # float32 mean of member vectors, normalised
    Column("size", Integer, nullable=False, default=0),  # member claims
    Column("factcheck_id", Integer, ForeignKey("factchecks.id", ondelete="SET NULL")),
    Column("first_seen", String),
    Column("last_seen", String),
    Column("created_at", String, nullable=False),
    Column("merged_into", Integer, ForeignKey("narratives.id")),
)

narrative_claims = Table(
    "narrative_claims",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("narrative_id", Integer, ForeignKey("narratives.id"), nullable=False, index=True),
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seen_at", String, nullable=False, index=True),
    Column("similarity", Float),
    Column("assigned_by", String(8), nullable=False, default="auto"),  # auto or editor
    Column("embedding", LargeBinary, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule", String(32), nullable=False),
    Column("narrative_id", Integer, ForeignKey("narratives.id"), nullable=False),
    Column("created_at", String, nullable=False),
    Column("window_start", String, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("statistic", Float),
    Column("message", Text, nullable=False),
    Column("data", Text, nullable=False),  # JSON: the figures behind the message
    Column("delivered_at", String),
    Column("delivery_error", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Index("ix_alerts_narrative_created", "narrative_id", "created_at"),
)
