"""The SQLAlchemy tables and the migrations describe the same schema."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from kiemchung.channels import tables as _channels  # noqa: F401  (adds the channel tables)
from kiemchung.desk import schema as _desk  # noqa: F401  (adds the desk tables to metadata)
from kiemchung.images import tables as _images  # noqa: F401  (adds the image tables)
from kiemchung.monitor import tables as _monitor  # noqa: F401  (adds the monitor tables)
from kiemchung.store import Store
from kiemchung.store.schema import metadata
from kiemchung.work import ledger as _work  # noqa: F401  (adds the work queue tables)

# Made by raw SQL in the migrations, on purpose not in metadata: the lexical index of the library
# (FTS5 and its shadow tables on SQLite; the terms, lengths and totals tables on PostgreSQL), the
# HNSW index of the embeddings (PostgreSQL), and alembic's own bookkeeping.
NOT_IN_METADATA = ("factchecks_fts", "factchecks_vocab", "factchecks_terms", "factchecks_lengths",
                   "factchecks_totals", "factchecks_embedding_hnsw", "alembic_version")


def _ours(diff: object) -> bool:
    if isinstance(diff, list):  # a column's changes come as a list of tuples
        return any(_ours(change) for change in diff)
    subject = diff[1] if isinstance(diff, tuple) and len(diff) > 1 else None
    name = getattr(subject, "name", "") or ""
    table = getattr(getattr(subject, "table", None), "name", "") or ""
    return not (str(name).startswith(NOT_IN_METADATA) or str(table).startswith(NOT_IN_METADATA))


@pytest.mark.migrates_from_scratch
def test_the_tables_in_code_match_a_database_migrated_to_head(tmp_path: Path) -> None:
    store = Store(tmp_path)
    try:
        with store.db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = [diff for diff in compare_metadata(context, metadata) if _ours(diff)]
    finally:
        store.close()
    assert differences == []
