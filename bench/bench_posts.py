"""What matching posts with no claim found costs: real-styled posts through the whole pipeline
(text, claims, match) against their library, with KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS on and
off, one after the other in the same run.

    .venv/bin/python bench/bench_posts.py [--queries eval/blind-real/queries.jsonl]
        [--library eval/blind-real/library.jsonl] [--rounds 2]

Prints posts/s each way (the order alternating from round to round), how many posts have a
claim, and how many were kept whole (a claim scored under the detector's line: a post with no
claim found, matched to a fact-check).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from kiemchung.document import Document
from kiemchung.library.importer import import_files
from kiemchung.pipeline import Pipeline
from kiemchung.settings import Settings
from kiemchung.store import Store

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=ROOT / "eval/blind-real/queries.jsonl")
    parser.add_argument("--library", type=Path, default=ROOT / "eval/blind-real/library.jsonl")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in args.queries.read_text("utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        store = Store(home, Settings({"KIEMCHUNG_HOME": str(home)}))
        line = store.settings.number("KIEMCHUNG_CLAIM_THRESHOLD")  # a kept post scores under it
        import_files(store, [args.library])
        stores = {
            setting: Store(
                home,
                Settings(
                    {"KIEMCHUNG_HOME": str(home), "KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS": setting}
                ),
            )
            for setting in ("1", "0")
        }
        pipelines = {setting: Pipeline(each) for setting, each in stores.items()}
        for pipeline in pipelines.values():  # each store's matcher and models warmed first
            list(pipeline.pipe([Document(text=t) for t in texts[:64]]))
        for round_ in range(1, args.rounds + 1):
            order = ("1", "0") if round_ % 2 else ("0", "1")
            for setting in order:
                start = time.perf_counter()
                docs = list(
                    pipelines[setting].pipe([Document(text=t) for t in texts], batch_size=64)
                )
                seconds = time.perf_counter() - start
                kept = sum(1 for d in docs for c in d.claims if c.score < line) if setting == "1" else 0
                print(
                    f"round {round_}, KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS={setting}: "
                    f"{len(texts) / seconds:.1f} posts/s ({len(texts)} posts, "
                    f"{sum(1 for d in docs if d.claims)} with a claim; kept whole: {kept})"
                )
        for each in (store, *stores.values()):
            each.close()


if __name__ == "__main__":
    main()
