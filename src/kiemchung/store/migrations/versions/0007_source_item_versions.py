"""Monitor: what the listing said of each item (its date) and a digest of what was taken from it,
so a fact-checker's page whose ClaimReview changed is read again and its entries updated.

Revision ID: 0007
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("source_items", sa.Column("listed", sa.Text()))
    op.add_column("source_items", sa.Column("digest", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.drop_column("digest")
        batch.drop_column("listed")
