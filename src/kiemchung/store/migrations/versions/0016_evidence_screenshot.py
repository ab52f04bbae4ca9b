"""Evidence that lasts: a screenshot of the archived page (a PNG file beside the WARC, named by
its sha256), when Chromium is present, and when it was taken.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("desk_evidence") as batch:
        batch.add_column(sa.Column("screenshot", sa.String(80)))
        batch.add_column(sa.Column("screenshot_at", sa.String()))


def downgrade() -> None:
    with op.batch_alter_table("desk_evidence") as batch:
        batch.drop_column("screenshot_at")
        batch.drop_column("screenshot")
