"""Access on the desk: server-side sessions, removed accounts, and corrections of a published
fact-check waiting for review like a verdict.

Revision ID: 0008
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0002"
branch_labels = ("desk_access",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("desk_users.id"), nullable=False, index=True
        ),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("expires_at", sa.String(), nullable=False),
    )
    op.add_column("desk_users", sa.Column("removed_at", sa.String()))
    op.add_column("desk_verdicts", sa.Column("correction_note", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("desk_verdicts") as batch:
        batch.drop_column("correction_note")
    with op.batch_alter_table("desk_users") as batch:
        batch.drop_column("removed_at")
    op.drop_table("desk_sessions")
