"""Rematch speed: VFND's articles ingested against the demo library, then matched again after a
fact-check is imported (what ``kiemchung rematch`` and the monitor do).

    .venv/bin/python bench/bench_rematch.py

Prints the stored claims matched again per second (and the ingest time, for scale).
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from kiemchung.ingest.ingest import ingest
from kiemchung.library.importer import import_files
from kiemchung.matching.rematch import rematch, stale_claims
from kiemchung.store import Store

ROOT = Path(__file__).resolve().parent.parent
VFND = ROOT.parent / "shared" / "data" / "vfnd" / "vn_news_226_tlfr.csv"
NEW = {"@type": "ClaimReview", "url": "https://bench.example/new", "inLanguage": "vi",
       "claimReviewed": "Bộ Y tế công bố dịch bệnh mới lây qua đường hô hấp.",
       "reviewRating": {"alternateName": "Sai"}}


def main() -> None:
    csv.field_size_limit(sys.maxsize)
    with open(VFND, encoding="utf-8") as handle:
        posts = [{"text": row["text"]} for row in csv.DictReader(handle)]
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        store = Store(home / "home")
        import_files(store, [ROOT / "src" / "kiemchung" / "demo" / "factchecks.jsonl"])
        (home / "posts.jsonl").write_text(
            "".join(json.dumps(post, ensure_ascii=False) + "\n" for post in posts),
            encoding="utf-8")
        started = time.perf_counter()
        report = ingest(store, [str(home / "posts.jsonl")])
        print(f"ingest: {report.added} documents, {report.claims} claims in "
              f"{time.perf_counter() - started:.1f} s")
        (home / "new.jsonl").write_text(json.dumps(NEW, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
        import_files(store, [home / "new.jsonl"])
        stale = stale_claims(store)
        started = time.perf_counter()
        done = rematch(store)
        elapsed = time.perf_counter() - started
        print(f"rematch: {done.checked} of {stale} stale claims in {elapsed:.1f} s = "
              f"{done.checked / elapsed:.1f} claims/s ({done.newly_matched} newly matched)")
        store.close()


if __name__ == "__main__":
    main()
