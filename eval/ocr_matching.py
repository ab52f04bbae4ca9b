"""Screenshots of claims, read and matched, against the same texts typed.

Each query of ``eval/queries.jsonl`` (a deterministic share of them, ``--every``) is drawn as a
chat screenshot with the app's chrome around it (tests/screenshots.py: DejaVu Sans, Roboto
and Be Vietnam Pro; light, dark and blue-bubble themes; 720, 1080 and 1170 px wide phones,
one combination per query in turn), read by ``kiemchung.images`` (clean, Tesseract, chrome left
out) and matched against ``eval/library.jsonl``. The same texts are matched as typed. A query is
right when the decision is right: matched to one of its relevant fact-checks, or, for a
negative, not matched. The figure to watch is OCR correct-match ÷ typed correct-match (goal
≥ 0.80).

    .venv/bin/python eval/ocr_matching.py [--every 7]
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from screenshots import THEMES, WIDTHS, fonts, render  # noqa: E402

from kiemchung.images.ocr import Reader  # noqa: E402
from kiemchung.library.importer import import_files  # noqa: E402
from kiemchung.matching.matcher import Matcher  # noqa: E402
from kiemchung.settings import Settings  # noqa: E402
from kiemchung.store import Store  # noqa: E402


def _right(result: dict, relevant: list[str]) -> bool:
    if not relevant:
        return not result["matched"]
    return bool(result["matched"] and result["matches"] and result["matches"][0]["url"] in relevant)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=7, help="take every n-th query")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (ROOT / "eval/queries.jsonl").open(encoding="utf-8")]
    rows = rows[:: args.every]
    combos = list(itertools.product(fonts().items(), THEMES, WIDTHS))
    reader = Reader()
    reader.check()
    with tempfile.TemporaryDirectory() as home:
        store = Store(Path(home), Settings())
        import_files(store, [ROOT / "eval/library.jsonl"])
        matcher = Matcher(store)
        typed = [r.as_json() for r in matcher.match([row["text"] for row in rows])]
        read, seconds, similarity = [], [], []
        for row, ((font, path), theme, width) in zip(rows, itertools.cycle(combos)):
            image = render(row["text"], path, theme, width)
            start = time.perf_counter()
            text = reader.text(image)
            seconds.append(time.perf_counter() - start)
            similarity.append(difflib.SequenceMatcher(None, row["text"], text).ratio())
            read.append((text, font, theme, width))
        ocr = [r.as_json() for r in matcher.match([text or "." for text, *_ in read])]
        store.close()
    by: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for row, t, o, (_, font, theme, width) in zip(rows, typed, ocr, read):
        pair = (_right(t, row["relevant"]), _right(o, row["relevant"]))
        for key in ("all", row["kind"], font, theme, f"{width}px"):
            by[key].append(pair)
    print(f"{len(rows)} queries, OCR {sum(seconds) / len(seconds):.2f} s per image, "
          f"characters read right {sum(similarity) / len(similarity):.3f}")
    print(f"{'':16} {'n':>4} {'typed':>6} {'ocr':>6} {'ocr/typed':>9}")
    for key, pairs in by.items():
        typed_right = sum(t for t, _ in pairs) / len(pairs)
        ocr_right = sum(o for _, o in pairs) / len(pairs)
        ratio = ocr_right / typed_right if typed_right else float("nan")
        print(f"{key:16} {len(pairs):>4} {typed_right:>6.3f} {ocr_right:>6.3f} {ratio:>9.3f}")


if __name__ == "__main__":
    main()
