"""Lexical search over fact-checks: BM25 on folded, expanded text.

On SQLite the index is FTS5; on PostgreSQL it is ``factchecks_terms`` (each token and adjacent
pair of a fact-check's search text, kept by a trigger), scored here with FTS5's own formula —
k1 1.2, b 0.75, idf floored at 1e-6, a pair scored as FTS5 scores a phrase — so the matcher's
lexical features mean the same on both stores.

A query keeps its rarest informative terms only: a term found in a large share of the library
("viet nam" in a Vietnamese one) ranks nothing and makes BM25 score most of the index, which is
what made 100,000-entry libraries slow.
"""

from __future__ import annotations

import re
from typing import Mapping

from sqlalchemy import Connection, text

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
COMMON_SHARE = 0.05  # terms in more than this share of entries (and > 50 of them) are left out
# BM25's work grows with the entries its terms hold: past this many, the commoner terms are
# dropped (the rarest, which rank best, are kept). Bounds a query's time in a large library.
POSTINGS_BUDGET = 3000
K1, B = 1.2, 0.75  # FTS5's bm25() defaults

Frequency = tuple[Mapping[str, int], int]  # term → entries holding it; entries in all


def fts_query(terms: list[str], words: list[str]) -> str:
    """An FTS5 OR-query of ``terms`` and of adjacent pairs of them as they occur in ``words``."""
    kept = set(terms)
    phrases = [f'"{a} {b}"' for a, b in zip(words, words[1:]) if a in kept and b in kept]
    return " OR ".join(dict.fromkeys([f'"{term}"' for term in terms] + phrases))


def informative_terms(
    connection: Connection, tokens: list[str], frequency: Frequency | None = None
) -> list[str]:
    """The rarest tokens of a query, without those too common in the library to rank it."""
    unique = list(dict.fromkeys(tokens))
    if not unique:
        return []
    if frequency is None:
        placeholders = ", ".join(f":t{i}" for i in range(len(unique)))
        counts: Mapping[str, int] = dict(
            connection.execute(
                text(f"SELECT term, doc FROM factchecks_vocab WHERE term IN ({placeholders})"),
                {f"t{i}": token for i, token in enumerate(unique)},
            ).all()
        )
        size = connection.execute(text("SELECT count(*) FROM factchecks")).scalar_one()
    else:
        counts, size = frequency
    ceiling = max(50, COMMON_SHARE * size)
    found = sorted(
        (token for token in unique if 0 < counts.get(token, 0) <= ceiling),
        key=lambda token: counts[token],
    )[:MAX_TERMS]
    kept: list[str] = []
    postings = 0
    for token in found:
        if kept and postings + counts[token] > POSTINGS_BUDGET:
            break
        kept.append(token)
        postings += counts[token]
    return kept


def search(
    connection: Connection,
    search_text: str,
    limit: int,
    stopwords: frozenset[str] = frozenset(),
    frequency: Frequency | None = None,
) -> list[tuple[int, float]]:
    """Fact-check ids and BM25 scores (higher is better) for a folded query text."""
    return search_many(connection, [search_text], limit, stopwords, frequency)[0]


def search_many(
    connection: Connection,
    search_texts: list[str],
    limit: int,
    stopwords: frozenset[str] = frozenset(),
    frequency: Frequency | None = None,
) -> list[list[tuple[int, float]]]:
    """``search`` for each of several folded query texts; on PostgreSQL in one statement."""
    asked: list[tuple[list[str], list[str]]] = []
    for search_text in search_texts:
        words = _TOKEN.findall(search_text)
        terms = informative_terms(connection, [w for w in words if w not in stopwords], frequency)
        asked.append((terms, words))
    if connection.dialect.name == "postgresql":
        return _search_postgresql(
            connection, [_phrases(terms, words) for terms, words in asked], limit
        )
    return [_search_sqlite(connection, terms, words, limit) for terms, words in asked]


def _search_sqlite(
    connection: Connection, terms: list[str], words: list[str], limit: int
) -> list[tuple[int, float]]:
    if not terms:
        return []
    rows = connection.execute(
        text(
            "SELECT rowid, -bm25(factchecks_fts) AS score FROM factchecks_fts "
            "WHERE factchecks_fts MATCH :query ORDER BY bm25(factchecks_fts) LIMIT :limit"
        ),
        {"query": fts_query(terms, words), "limit": limit},
    )
    return [(int(row[0]), float(row[1])) for row in rows]


def _phrases(terms: list[str], words: list[str]) -> list[str]:
    """The terms, then adjacent pairs of them as they occur in ``words``: what ``fts_query``
    asks FTS5 for, as the keys of ``factchecks_terms``."""
    kept = set(terms)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:]) if a in kept and b in kept]
    return list(dict.fromkeys(terms + pairs))


# The postings of every query's terms and pairs are read once (with each row's length), each
# term's weight from how many rows hold it, and FTS5's BM25 summed per query and row; the best
# ``limit`` of each query are kept.
_BM25_MANY = text(
    "WITH asked AS ("
    "  SELECT q, term FROM unnest(CAST(:queries AS integer[]), CAST(:terms AS text[])) AS a(q, term)"
    "), postings AS ("
    "  SELECT term, factcheck_id, tf, length FROM factchecks_terms"
    "  WHERE term = ANY(CAST(:distinct AS text[]))"
    "), weights AS ("
    "  SELECT term, greatest(ln(((totals.documents - count(*))::float8 + 0.5)"
    "         / (count(*)::float8 + 0.5)), 1e-6) AS idf"
    "  FROM postings CROSS JOIN factchecks_totals AS totals"
    "  GROUP BY term, totals.documents"
    "), scored AS ("
    "  SELECT a.q, p.factcheck_id, sum(w.idf * p.tf * (:k1 + 1) / (p.tf + :k1 * (1 - :b + :b * "
    "    p.length / (SELECT tokens::float8 / greatest(documents, 1) FROM factchecks_totals)"
    "  ))) AS score"
    "  FROM asked a JOIN postings p ON p.term = a.term JOIN weights w ON w.term = a.term"
    "  GROUP BY a.q, p.factcheck_id"
    "), ranked AS ("
    "  SELECT q, factcheck_id, score,"
    "         row_number() OVER (PARTITION BY q ORDER BY score DESC, factcheck_id) AS place"
    "  FROM scored"
    ") "
    "SELECT q, factcheck_id, score FROM ranked WHERE place <= :limit ORDER BY q, place"
)


def _search_postgresql(
    connection: Connection, phrases: list[list[str]], limit: int
) -> list[list[tuple[int, float]]]:
    """One statement for every query: FTS5's BM25 over ``factchecks_terms``."""
    found: list[list[tuple[int, float]]] = [[] for _ in phrases]
    queries = [q for q, keys in enumerate(phrases) for _ in keys]
    if not queries:
        return found
    terms = [key for keys in phrases for key in keys]
    rows = connection.execute(
        _BM25_MANY,
        {
            "queries": queries,
            "terms": terms,
            "distinct": list(dict.fromkeys(terms)),
            "k1": K1,
            "b": B,
            "limit": limit,
        },
    )
    for q, key, score in rows:
        found[int(q)].append((int(key), float(score)))
    return found
