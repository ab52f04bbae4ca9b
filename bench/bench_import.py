"""Fact-check import speed: the repo's real libraries into an empty store (with embedding).

    .venv/bin/python bench/bench_import.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import ROOT

from kiemchung.library.importer import import_files
from kiemchung.matching.dense import embed_passages
from kiemchung.store import Store


def main() -> None:
    paths = [ROOT / "training" / "library.jsonl", ROOT / "eval" / "library.jsonl",
             ROOT / "src" / "kiemchung" / "demo" / "factchecks.jsonl"]
    embed_passages(["khởi động"])  # load the model outside the timing
    with tempfile.TemporaryDirectory() as home:
        store = Store(Path(home))
        started = time.perf_counter()
        report = import_files(store, paths)
        elapsed = time.perf_counter() - started
        total = report.created + report.updated
        print(f"first import: {total} entries in {elapsed:.1f} s = {total / elapsed:.1f} entries/s")
        started = time.perf_counter()
        report = import_files(store, paths)
        elapsed = time.perf_counter() - started
        print(f"re-import (unchanged claims, no embedding): {report.updated} entries in "
              f"{elapsed:.1f} s = {report.updated / elapsed:.1f} entries/s")
        store.close()


if __name__ == "__main__":
    main()
