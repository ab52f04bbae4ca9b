"""The work queue's ledger: keys of work done (a message delivered twice does its work once),
the dead letters of tasks that failed on every try, and claims' narrative vectors embedded
ahead of the serial narratives step.

Revision ID: 0014
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0001"
branch_labels = ("work_queue",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_done",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("task", sa.String(64), nullable=False),
        sa.Column("done_at", sa.String(), nullable=False),
    )
    op.create_table(
        "work_claim_vectors",
        sa.Column(
            "claim_id",
            sa.Integer(),
            sa.ForeignKey("claims.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("encoder", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "work_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_id", sa.String(64), nullable=False, unique=True),
        sa.Column("task", sa.String(64), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.String(), nullable=False),
    )
    op.create_index("ix_work_failures_failed_at", "work_failures", ["failed_at"])


def downgrade() -> None:
    op.drop_index("ix_work_failures_failed_at", "work_failures")
    op.drop_table("work_failures")
    op.drop_table("work_claim_vectors")
    op.drop_table("work_done")
