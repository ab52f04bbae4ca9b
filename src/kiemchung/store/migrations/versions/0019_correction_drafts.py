"""Desk: the correction being written to a published fact-check, saved as it is typed.

Revision ID: 0019
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0002"
branch_labels = ("correction_drafts",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_correction_drafts",
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("desk_items.id"), primary_key=True),
        sa.Column("claim_summary", sa.Text(), nullable=False),
        sa.Column("rating_label", sa.String(32), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("desk_users.id"), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("desk_correction_drafts")
