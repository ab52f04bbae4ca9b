"""Which library (and decision model) each stored claim was matched against, so claims matched
before a fact-check arrived can be matched again (``kiemchung rematch``).

Revision ID: 0005
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = ("rematch",)
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("matched_version", sa.String(80)))
    op.create_index("ix_claims_matched_version", "claims", ["matched_version"])


def downgrade() -> None:
    op.drop_index("ix_claims_matched_version", "claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("matched_version")
