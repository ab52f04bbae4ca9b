"""Term statistics of the lexical index (FTS5 vocabulary), to leave out terms too common to help.

Revision ID: 0004
Revises: 0001
"""

from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":  # the same two columns, from the terms table
        op.execute(
            "CREATE VIEW factchecks_vocab AS SELECT term, count(*) AS doc FROM factchecks_terms "
            "GROUP BY term"
        )
        return
    op.execute("CREATE VIRTUAL TABLE factchecks_vocab USING fts5vocab(factchecks_fts, 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP VIEW factchecks_vocab")
        return
    op.execute("DROP TABLE factchecks_vocab")
