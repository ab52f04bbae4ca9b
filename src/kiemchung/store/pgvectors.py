"""Nearest fact-checks by embedding inside PostgreSQL: pgvector's HNSW index on the embedding
column, written in the same transaction as the row, so every process sees one library and there
is no index file to rebuild. Answers as ``VectorIndex.search`` does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import text

if TYPE_CHECKING:
    from .database import Database

# Candidates HNSW keeps while walking the graph (pgvector's hnsw.ef_search; its default is 40).
# The same figure as the usearch index's expansion; recall against exact search is measured in
# bench/pgvector_recall.py.
EF_SEARCH = 256


class PgVectorIndex:
    def __init__(self, database: Database) -> None:
        self.database = database

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """For each query vector, up to ``k`` (fact-check id, cosine similarity), best first."""
        found: list[list[tuple[int, float]]] = []
        with self.database.transaction() as connection:
            connection.execute(text(f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, k)}"))
            for vector in np.atleast_2d(vectors):
                literal = "[" + ",".join(repr(float(x)) for x in vector) + "]"
                rows = connection.execute(
                    text(
                        "SELECT id, 1 - (embedding <=> CAST(:query AS vector)) FROM factchecks "
                        "WHERE embedding IS NOT NULL "
                        "ORDER BY embedding <=> CAST(:query AS vector) LIMIT :k"
                    ),
                    {"query": literal, "k": k},
                )
                found.append([(int(key), float(similarity)) for key, similarity in rows])
        return found

    def __len__(self) -> int:
        with self.database.read() as connection:
            return int(
                connection.execute(
                    text("SELECT count(*) FROM factchecks WHERE embedding IS NOT NULL")
                ).scalar_one()
            )
