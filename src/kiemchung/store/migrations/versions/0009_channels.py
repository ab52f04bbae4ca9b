"""Messaging channels: encrypted reply addresses per tip, the follow-up outbox and the hashes
of platform message ids already answered.

Revision ID: 0009
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0002"
branch_labels = ("channels",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tip_id", sa.Integer(), sa.ForeignKey("desk_tips.id"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("waiting", sa.String(16), nullable=False),
        sa.Column("factcheck_url", sa.Text()),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.UniqueConstraint("tip_id"),
    )
    op.create_index("ix_channel_replies_created_at", "channel_replies", ["created_at"])
    op.create_table(
        "channel_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reply_id", sa.Integer(), sa.ForeignKey("channel_replies.id"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.String(), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.UniqueConstraint("reply_id"),
    )
    op.create_index("ix_channel_outbox_next_attempt_at", "channel_outbox", ["next_attempt_at"])
    op.create_table(
        "channel_seen",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("seen_at", sa.String(), nullable=False),
    )
    op.create_index("ix_channel_seen_seen_at", "channel_seen", ["seen_at"])


def downgrade() -> None:
    op.drop_table("channel_seen")
    op.drop_table("channel_outbox")
    op.drop_table("channel_replies")
