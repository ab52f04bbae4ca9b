"""PostgreSQL's lexical index written a statement at a time, and read from its index alone.

The terms of fact-checks inserted or deleted together are split and counted by one statement
(a statement-level trigger over the rows it touched) instead of once per row, and the library's
totals are updated once per statement rather than once per row. The terms' primary key carries
each posting's count and row length (``INCLUDE``), so a search reads postings from the index
without visiting the table. An edited claim is still re-indexed row by row (PostgreSQL does not
give an ``UPDATE OF column`` trigger its rows as a table). SQLite's FTS5 index is unchanged.

Revision ID: 0018
Revises: 0001
"""

from alembic import op

revision = "0018"
down_revision = "0001"
branch_labels = ("lexical_statements",)
depends_on = None

# The words of an added row's search text, as 0001's row trigger splits them.
_WORDS = r"unnest(regexp_split_to_array(btrim(added.search_text), '\s+'))"

_UPGRADE = (
    "ALTER TABLE factchecks_terms DROP CONSTRAINT factchecks_terms_pkey, "
    "ADD CONSTRAINT factchecks_terms_pkey PRIMARY KEY (term, factcheck_id) INCLUDE (tf, length)",
    "DROP TRIGGER factchecks_terms_ai ON factchecks",
    "DROP TRIGGER factchecks_terms_ad ON factchecks",
    rf"""CREATE FUNCTION factchecks_index_added_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO factchecks_lengths (factcheck_id, length)
    SELECT added.id, (SELECT count(*) FROM {_WORDS} AS word WHERE word <> '')
    FROM added;
    INSERT INTO factchecks_terms (term, factcheck_id, tf, length)
    WITH words AS (
        SELECT added.id, split.word, split.position
        FROM added CROSS JOIN LATERAL {_WORDS} WITH ORDINALITY AS split(word, position)
        WHERE split.word <> ''
    ), grams AS (
        SELECT id, word AS term FROM words
        UNION ALL
        SELECT a.id, a.word || ' ' || b.word
        FROM words a JOIN words b ON b.id = a.id AND b.position = a.position + 1
    )
    SELECT grams.term, grams.id, count(*), lengths.length
    FROM grams JOIN factchecks_lengths AS lengths ON lengths.factcheck_id = grams.id
    GROUP BY grams.term, grams.id, lengths.length;
    UPDATE factchecks_totals SET
        documents = documents + (SELECT count(*) FROM added),
        tokens = tokens + (SELECT coalesce(sum(lengths.length), 0)
                           FROM added JOIN factchecks_lengths AS lengths
                           ON lengths.factcheck_id = added.id);
    RETURN NULL;
END $$""",
    r"""CREATE FUNCTION factchecks_unindex_removed_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE factchecks_totals SET
        documents = documents - (SELECT count(*) FROM removed),
        tokens = tokens - (SELECT coalesce(sum(lengths.length), 0)
                           FROM removed JOIN factchecks_lengths AS lengths
                           ON lengths.factcheck_id = removed.id);
    DELETE FROM factchecks_terms WHERE factcheck_id IN (SELECT id FROM removed);
    DELETE FROM factchecks_lengths WHERE factcheck_id IN (SELECT id FROM removed);
    RETURN NULL;
END $$""",
    "CREATE TRIGGER factchecks_terms_ai AFTER INSERT ON factchecks "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
    "EXECUTE FUNCTION factchecks_index_added_terms()",
    "CREATE TRIGGER factchecks_terms_ad AFTER DELETE ON factchecks "
    "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT "
    "EXECUTE FUNCTION factchecks_unindex_removed_terms()",
)

_DOWNGRADE = (
    "DROP TRIGGER factchecks_terms_ai ON factchecks",
    "DROP TRIGGER factchecks_terms_ad ON factchecks",
    "DROP FUNCTION factchecks_index_added_terms()",
    "DROP FUNCTION factchecks_unindex_removed_terms()",
    "CREATE TRIGGER factchecks_terms_ai AFTER INSERT ON factchecks "
    "FOR EACH ROW EXECUTE FUNCTION factchecks_index_terms()",
    "CREATE TRIGGER factchecks_terms_ad AFTER DELETE ON factchecks "
    "FOR EACH ROW EXECUTE FUNCTION factchecks_index_terms()",
    "ALTER TABLE factchecks_terms DROP CONSTRAINT factchecks_terms_pkey, "
    "ADD CONSTRAINT factchecks_terms_pkey PRIMARY KEY (term, factcheck_id)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # FTS5 keeps its own index
    for statement in _UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _DOWNGRADE:
        op.execute(statement)
