"""Core tables: documents, claims, fact-checks (with FTS5 index), claim matches.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.Text(), unique=True),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text()),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("published", sa.String()),
        sa.Column("site", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("duplicate_of", sa.Integer(), sa.ForeignKey("documents.id"), index=True),
        sa.Column("duplicate_kind", sa.String(8)),
        sa.Column("similarity", sa.Float()),
        sa.Column("minhash", sa.LargeBinary()),
        sa.Column("ingested_at", sa.String(), nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.UniqueConstraint("document_id", "start", "end"),
    )
    op.create_table(
        "factchecks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False, unique=True),
        sa.Column("claim_reviewed", sa.Text(), nullable=False),
        sa.Column("rating_text", sa.Text()),
        sa.Column("rating_value", sa.Integer()),
        sa.Column("rating_label", sa.String(32)),
        sa.Column("language", sa.String(8)),
        sa.Column("date_published", sa.String()),
        sa.Column("publisher", sa.Text()),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("embedding", sa.LargeBinary()),
        sa.Column("updated_at", sa.String(), nullable=False),
    )
    op.create_table(
        "claim_matches",
        sa.Column(
            "claim_id",
            sa.Integer(),
            sa.ForeignKey("claims.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "factcheck_id",
            sa.Integer(),
            sa.ForeignKey("factchecks.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
    )
    # SQLite-specific: the lexical index. A PostgreSQL backend would use tsvector instead.
    op.execute(
        "CREATE VIRTUAL TABLE factchecks_fts USING fts5("
        "search_text, content='factchecks', content_rowid='id', tokenize='unicode61')"
    )
    op.execute(
        "CREATE TRIGGER factchecks_ai AFTER INSERT ON factchecks BEGIN "
        "INSERT INTO factchecks_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER factchecks_ad AFTER DELETE ON factchecks BEGIN "
        "INSERT INTO factchecks_fts(factchecks_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER factchecks_au AFTER UPDATE OF search_text ON factchecks BEGIN "
        "INSERT INTO factchecks_fts(factchecks_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO factchecks_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def downgrade() -> None:
    op.execute("DROP TABLE factchecks_fts")
    for table in ("claim_matches", "factchecks", "claims", "documents", "meta"):
        op.drop_table(table)
