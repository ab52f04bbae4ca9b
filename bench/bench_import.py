"""Fact-check import speed: the repo's real libraries into an empty store (with embedding).

    .venv/bin/python bench/bench_import.py [--repeat 5] [FILE...]

FILE: other libraries to import instead, e.g. a real one nobody here wrote
(../shared/data/checkthat2022-2a/library.jsonl); entries skipped are counted too.

Each repeat imports into a fresh store; prints every run's rate and their median (the machine's
speed varies from run to run by ±15%).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT

from kiemchung.library.importer import import_files
from kiemchung.matching.dense import embed_passages
from kiemchung.store import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.files or [ROOT / "training" / "library.jsonl", ROOT / "eval" / "library.jsonl",
                           ROOT / "src" / "kiemchung" / "demo" / "factchecks.jsonl"]
    embed_passages(["khởi động"])  # load the model outside the timing
    rates = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as home:
            store = Store(Path(home))
            started = time.perf_counter()
            report = import_files(store, paths)
            elapsed = time.perf_counter() - started
            total = report.created + report.updated
            rates.append(total / elapsed)
            print(f"first import: {total} entries in {elapsed:.1f} s = {rates[-1]:.1f} entries/s, "
                  f"{report.skipped} skipped")
            started = time.perf_counter()
            report = import_files(store, paths)
            elapsed = time.perf_counter() - started
            print(f"re-import (unchanged claims, no embedding): {report.updated} entries in "
                  f"{elapsed:.1f} s = {report.updated / elapsed:.1f} entries/s")
            store.close()
    print(f"first import, median of {len(rates)}: {statistics.median(rates):.1f} entries/s "
          f"(range {min(rates):.1f}–{max(rates):.1f})")


if __name__ == "__main__":
    main()
