"""Nearest fact-checks by embedding inside PostgreSQL: pgvector's HNSW index on the embedding
column, written in the same transaction as the row, so every process sees one library and there
is no index file to rebuild. Answers as ``VectorIndex.search`` does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import Connection, text

if TYPE_CHECKING:
    from .database import Database

# Candidates HNSW keeps while walking the graph (pgvector's hnsw.ef_search; its default is 40),
# unless KIEMCHUNG_PG_EF_SEARCH says otherwise. The same figure as the usearch index's
# expansion; recall against exact search is measured by bench/bench_pgvector.py.
EF_SEARCH = 256


_NEAREST = text(
    "SELECT q.n, f.id, f.similarity "
    "FROM unnest(CAST(:queries AS vector[])) WITH ORDINALITY AS q(v, n) "
    "CROSS JOIN LATERAL ("
    "  SELECT id, 1 - (embedding <=> q.v) AS similarity FROM factchecks"
    "  WHERE embedding IS NOT NULL ORDER BY embedding <=> q.v LIMIT :k"
    ") AS f ORDER BY q.n, f.similarity DESC"
)


def _expand(connection: Connection, ef_search: int) -> None:
    """Set ``hnsw.ef_search`` for the session of ``connection`` (an autocommit one), once per
    pooled connection rather than in a transaction of its own at every search."""
    if connection.info.get("hnsw.ef_search") != ef_search:
        connection.exec_driver_sql(f"SET hnsw.ef_search = {int(ef_search)}")
        connection.info["hnsw.ef_search"] = ef_search


class PgVectorIndex:
    def __init__(self, database: Database, ef_search: int = EF_SEARCH) -> None:
        self.database = database
        self.ef_search = ef_search

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """For each query vector, up to ``k`` (fact-check id, cosine similarity), best first:
        one statement for the whole batch, each vector an HNSW index scan of its own."""
        queries = np.atleast_2d(vectors)
        found: list[list[tuple[int, float]]] = [[] for _ in range(len(queries))]
        literals = ["[" + ",".join(repr(float(x)) for x in vector) + "]" for vector in queries]
        with self.database.lookup() as connection:
            _expand(connection, max(self.ef_search, k))
            rows = connection.execute(_NEAREST, {"queries": literals, "k": k})
            for number, key, similarity in rows:
                found[int(number) - 1].append((int(key), float(similarity)))
        return found

    def __len__(self) -> int:
        with self.database.lookup() as connection:
            return int(
                connection.execute(
                    text("SELECT count(*) FROM factchecks WHERE embedding IS NOT NULL")
                ).scalar_one()
            )
