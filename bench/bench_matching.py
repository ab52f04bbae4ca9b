"""Matching speed and memory against a large library.

    .venv/bin/python bench/bench_matching.py [--size 100000] [--outside-encoder]
        [--database sqlite|postgresql]

Builds a synthetic library of --size entries (see common.py) in a temporary data directory,
then measures: batch matching of the eval queries (queries/s), one query at a time (p50/p95
latency), and the process's peak memory. ``--database postgresql`` runs the same on a throwaway
PostgreSQL with pgvector started for the run (lexical search and HNSW inside the database),
vacuumed after the write as autovacuum would be. ``--outside-encoder`` also times single queries with
their embeddings and reranker scores worked out beforehand: the matcher's own time, which
drifts less. The reranker's share (``matching/reranker.py``, one pair per query) is printed
beside the batch figure.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from common import database, eval_queries, synthetic_library

from kiemchung.matching import matcher as matcher_module
from kiemchung.matching import reranker
from kiemchung.matching.matcher import Matcher
from kiemchung.settings import Settings
from kiemchung.store import Store


class Scores:
    """The reranker, timed (``cache``: each pair scored once, then read back)."""

    def __init__(self, scorer: reranker.Reranker, cache: bool = False) -> None:
        self.scorer, self.cache = scorer, cache
        self.known: dict[tuple[str, str], float] = {}
        self.seconds, self.pairs = 0.0, 0

    def scores(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        missing = [pair for pair in pairs if not self.cache or pair not in self.known]
        started = time.perf_counter()
        found = self.scorer.scores(missing)
        self.seconds += time.perf_counter() - started
        self.pairs += len(missing)
        if not self.cache:
            return found
        self.known.update(zip(missing, found.tolist()))
        return np.array([self.known[pair] for pair in pairs], dtype=np.float32)


def outside(matcher: Matcher, queries: list[str]) -> None:
    """Single queries timed with their embeddings and reranker scores worked out beforehand:
    the time the matcher spends outside the encoder, which drifts less than the encoder does."""
    real = matcher_module.embed_queries
    real_reranker = reranker.shared
    scorer = real_reranker()
    cached_scores = Scores(scorer, cache=True) if scorer else None
    reranker.shared = lambda: cached_scores  # type: ignore[assignment,return-value]
    vectors: dict[str, np.ndarray] = {}

    def cached(texts: list[str]) -> np.ndarray:
        missing = [text for text in texts if text not in vectors]
        if missing:
            vectors.update(zip(missing, real(missing)))
        return np.stack([vectors[text] for text in texts])

    matcher_module.embed_queries = cached
    try:
        matcher.match(queries)  # what the matcher embeds (restored, normalised), worked out once
        latencies = []
        for text in queries:
            started = time.perf_counter()
            matcher.match([text])
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        matcher_module.embed_queries = real
        reranker.shared = real_reranker  # type: ignore[assignment]
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"outside the encoder: mean {statistics.mean(latencies):.1f} ms, "
          f"p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms "
          f"over {len(latencies)} queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=200, help="queries timed one by one")
    parser.add_argument("--outside-encoder", action="store_true",
                        help="also time single queries with their embeddings worked out before")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    queries = eval_queries()
    with tempfile.TemporaryDirectory() as home, database(args.database) as values:
        store = Store(Path(home), Settings(values))
        print(f"database: {store.db.dialect}")
        started = time.perf_counter()
        synthetic_library(store, args.size)
        print(f"library of {args.size:,} entries written in {time.perf_counter() - started:.0f} s")
        if store.db.is_postgresql:  # what autovacuum does after a bulk write: the visibility
            # map lets lexical search read postings from the index alone
            started = time.perf_counter()
            with store.db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM (ANALYZE)")
            print(f"vacuumed in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        vectors = store.vectors
        print(f"vector index built in {time.perf_counter() - started:.1f} s ({len(vectors):,})")
        matcher = Matcher(store)
        matcher.match(queries[:8])  # warm: model, restorer, caches
        real_reranker = reranker.shared
        scorer = real_reranker()
        timed = Scores(scorer) if scorer else None
        reranker.shared = lambda: timed  # type: ignore[assignment,return-value]
        started = time.perf_counter()
        for start in range(0, len(queries), 32):
            matcher.match(queries[start:start + 32])
        elapsed = time.perf_counter() - started
        reranker.shared = real_reranker  # type: ignore[assignment]
        print(f"batch: {len(queries)} queries in {elapsed:.1f} s = "
              f"{len(queries) / elapsed:.1f} queries/s")
        if timed is not None:
            print(f"  of which the reranker: {timed.seconds:.1f} s for {timed.pairs} pairs "
                  f"({1000 * timed.seconds / max(timed.pairs, 1):.1f} ms a pair)")
        latencies = []
        for text in queries[:args.single]:
            started = time.perf_counter()
            matcher.match([text])
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"single: p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms "
              f"over {len(latencies)} queries")
        if args.outside_encoder:
            outside(matcher, queries[:300])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS): {peak:,.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
