"""Core tables: documents, claims, fact-checks (with their lexical index), claim matches.

The lexical index is SQLite's FTS5 there; on PostgreSQL it is a table of the fact-checks' own
tokens and adjacent pairs (``factchecks_terms``) kept by a trigger, scored as FTS5's BM25 is
(``store/lexical.py``), and the embedding column is a pgvector ``vector(384)`` with an HNSW index.

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
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS vector")
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
        sa.Column("embedding", _embedding_type(postgresql)),
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
    if postgresql:
        _postgresql_index()
    else:
        _sqlite_index()


def _embedding_type(postgresql: bool) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    if postgresql:
        from pgvector.sqlalchemy import VECTOR

        return VECTOR(384)
    return sa.LargeBinary()


def _sqlite_index() -> None:
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


# Every token of search_text and every adjacent pair ("a b": what an FTS5 phrase query finds),
# with its count in the row and the row's length in tokens (one index scan scores a term); the
# library's totals for BM25.
_POSTGRESQL_INDEX = (
    "CREATE INDEX factchecks_embedding_hnsw ON factchecks USING hnsw (embedding vector_cosine_ops)",
    "CREATE TABLE factchecks_terms (term text NOT NULL, factcheck_id integer NOT NULL, "
    "tf integer NOT NULL, length integer NOT NULL, PRIMARY KEY (term, factcheck_id))",
    "CREATE INDEX factchecks_terms_factcheck ON factchecks_terms (factcheck_id)",
    "CREATE TABLE factchecks_lengths (factcheck_id integer PRIMARY KEY, length integer NOT NULL)",
    "CREATE TABLE factchecks_totals (one integer PRIMARY KEY CHECK (one = 1), "
    "documents bigint NOT NULL, tokens bigint NOT NULL)",
    "INSERT INTO factchecks_totals VALUES (1, 0, 0)",
    r"""CREATE FUNCTION factchecks_index_terms() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    size integer;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM factchecks_lengths WHERE factcheck_id = OLD.id RETURNING length INTO size;
        DELETE FROM factchecks_terms WHERE factcheck_id = OLD.id;
        UPDATE factchecks_totals SET documents = documents - 1, tokens = tokens - coalesce(size, 0);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT count(*) INTO size
        FROM unnest(regexp_split_to_array(btrim(NEW.search_text), '\s+')) AS word
        WHERE word <> '';
        INSERT INTO factchecks_terms (term, factcheck_id, tf, length)
        WITH words AS (
            SELECT word, position
            FROM unnest(regexp_split_to_array(btrim(NEW.search_text), '\s+'))
                 WITH ORDINALITY AS split(word, position)
            WHERE word <> ''
        ), grams AS (
            SELECT word AS term FROM words
            UNION ALL
            SELECT a.word || ' ' || b.word FROM words a JOIN words b ON b.position = a.position + 1
        )
        SELECT term, NEW.id, count(*), size FROM grams GROUP BY term;
        INSERT INTO factchecks_lengths VALUES (NEW.id, size);
        UPDATE factchecks_totals SET documents = documents + 1, tokens = tokens + size;
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER factchecks_terms_ai AFTER INSERT ON factchecks "
    "FOR EACH ROW EXECUTE FUNCTION factchecks_index_terms()",
    "CREATE TRIGGER factchecks_terms_au AFTER UPDATE OF search_text ON factchecks "
    "FOR EACH ROW EXECUTE FUNCTION factchecks_index_terms()",
    "CREATE TRIGGER factchecks_terms_ad AFTER DELETE ON factchecks "
    "FOR EACH ROW EXECUTE FUNCTION factchecks_index_terms()",
)


def _postgresql_index() -> None:
    for statement in _POSTGRESQL_INDEX:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("factchecks_terms", "factchecks_lengths", "factchecks_totals"):
            op.execute(f"DROP TABLE {table}")
        op.execute("DROP FUNCTION factchecks_index_terms() CASCADE")
    else:
        op.execute("DROP TABLE factchecks_fts")
    for table in ("claim_matches", "factchecks", "claims", "documents", "meta"):
        op.drop_table(table)
