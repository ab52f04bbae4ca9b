"""Lexical search over fact-checks with SQLite FTS5 (BM25) on folded, expanded text."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(search_text: str) -> str:
    """An FTS5 OR-query of the distinct tokens and adjacent-token phrases of ``search_text``."""
    tokens = list(dict.fromkeys(_TOKEN.findall(search_text)))
    if not tokens:
        return ""
    terms = [f'"{token}"' for token in tokens]
    words = _TOKEN.findall(search_text)
    terms += [f'"{a} {b}"' for a, b in zip(words, words[1:])]
    return " OR ".join(dict.fromkeys(terms))


def search(connection: Connection, search_text: str, limit: int) -> list[tuple[int, float]]:
    """Fact-check ids and BM25 scores (higher is better) for a folded query text."""
    query = fts_query(search_text)
    if not query:
        return []
    rows = connection.execute(
        text(
            "SELECT rowid, -bm25(factchecks_fts) AS score FROM factchecks_fts "
            "WHERE factchecks_fts MATCH :query ORDER BY bm25(factchecks_fts) LIMIT :limit"
        ),
        {"query": query, "limit": limit},
    )
    return [(int(row[0]), float(row[1])) for row in rows]
