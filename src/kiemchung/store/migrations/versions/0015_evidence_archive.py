"""Evidence that lasts: the archived copy (a WARC file in the data directory) a source was read
from, and when it was archived.

Revision ID: 0015
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0002"
branch_labels = ("evidence_archive",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("desk_evidence") as batch:
        batch.add_column(sa.Column("archive", sa.String(80)))
        batch.add_column(sa.Column("archived_at", sa.String()))


def downgrade() -> None:
    with op.batch_alter_table("desk_evidence") as batch:
        batch.drop_column("archived_at")
        batch.drop_column("archive")
