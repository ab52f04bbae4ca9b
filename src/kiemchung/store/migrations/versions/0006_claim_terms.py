"""What each fact-check's claim states (numbers, years, directions, negations, loanwords), read
once at import instead of at every query that meets it (``matching.features.ClaimTerms``).

Revision ID: 0006
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = ("claim_terms",)
depends_on = None


def upgrade() -> None:
    op.add_column("factchecks", sa.Column("terms", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("factchecks") as batch:
        batch.drop_column("terms")
