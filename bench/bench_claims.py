"""Claim extraction speed on the Vietnamese news of VFND (shared/data/vfnd).

    .venv/bin/python bench/bench_claims.py [--repeat 3]

Splits every article into sentences and scores each one; prints sentences/s.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from kiemchung.claims.detector import ClaimDetector
from kiemchung.text.sentences import split_sentences

VFND = Path(__file__).resolve().parents[2] / "shared" / "data" / "vfnd" / "vn_news_226_tlfr.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=VFND)
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with open(args.data, encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    detector = ClaimDetector()
    detector.claims("Khởi động mô hình.")  # load weights outside the timing
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        sentences = claims = 0
        for text in texts:
            spans = split_sentences(text)
            sentences += len(spans)
            claims += len(detector.claims(text, spans))
        best = min(best, time.perf_counter() - started)
    print(f"{len(texts)} documents, {sentences} sentences, {claims} claims")
    print(f"best of {args.repeat}: {best:.2f} s = {sentences / best:,.0f} sentences/s "
          f"(split + score)")


if __name__ == "__main__":
    main()
