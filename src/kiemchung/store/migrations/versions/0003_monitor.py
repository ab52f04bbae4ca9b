"""Monitor: sources and the items they gave, narratives and their claims, alerts.

Revision ID: 0003
Revises: 0001 (a branch: the store upgrades to every head)
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = ("monitor",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("tags", sa.Text(), nullable=False, server_default=""),
        sa.Column("every", sa.Float(), nullable=False),
        sa.Column("paused", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("next_poll_at", sa.String(), nullable=False, index=True),
        sa.Column("last_polled_at", sa.String()),
        sa.Column("last_success_at", sa.String()),
        sa.Column("last_error_at", sa.String()),
        sa.Column("last_error", sa.Text()),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("items_seen", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("added_at", sa.String(), nullable=False),
    )
    op.create_table(
        "source_items",
        sa.Column(
            "source_id",
            sa.Integer(),
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("url", sa.Text(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("first_seen", sa.String(), nullable=False),
    )
    op.create_table(
        "narratives",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False, server_default="0"),
        sa.Column(
            "factcheck_id", sa.Integer(), sa.ForeignKey("factchecks.id", ondelete="SET NULL")
        ),
        sa.Column("first_seen", sa.String()),
        sa.Column("last_seen", sa.String()),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("merged_into", sa.Integer(), sa.ForeignKey("narratives.id")),
    )
    op.create_table(
        "narrative_claims",
        sa.Column(
            "claim_id",
            sa.Integer(),
            sa.ForeignKey("claims.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "narrative_id", sa.Integer(), sa.ForeignKey("narratives.id"), nullable=False, index=True
        ),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("seen_at", sa.String(), nullable=False, index=True),
        sa.Column("similarity", sa.Float()),
        sa.Column("assigned_by", sa.String(8), nullable=False, server_default="auto"),
        sa.Column("embedding", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("narrative_id", sa.Integer(), sa.ForeignKey("narratives.id"), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("window_start", sa.String(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("statistic", sa.Float()),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("delivered_at", sa.String()),
        sa.Column("delivery_error", sa.Text()),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_alerts_narrative_created", "alerts", ["narrative_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_alerts_narrative_created", "alerts")
    for table in ("alerts", "narrative_claims", "narratives", "source_items", "sources"):
        op.drop_table(table)
