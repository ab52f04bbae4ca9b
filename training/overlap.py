"""Report training texts that repeat eval texts (``eval/``, ``eval/blind/`` and
``eval/blind-real/``): the check run whenever training data is added.

    .venv/bin/python training/overlap.py [THRESHOLD]    # default 0.5

For each training query and claim, the eval query or claim whose word set (lower case, tone
marks folded) overlaps it most, by Jaccard; prints those above THRESHOLD. A training text that
repeats an eval text makes eval's figures flatter than the held-out set's will be.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def words(text: str) -> set[str]:
    decomposed = unicodedata.normalize("NFD", text.lower())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return set(re.findall(r"\w+", folded))


def texts(folder: str) -> list[tuple[str, str]]:
    found = []
    for name in ("queries.jsonl", "queries-real.jsonl"):
        if not (ROOT / folder / name).exists():
            continue
        for line in (ROOT / folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                found.append((item["id"], item["text"]))
    for line in (ROOT / folder / "library.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            found.append((item["url"], item["claimReviewed"]))
    return found


def main() -> None:
    threshold = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
    held = [(key, text, words(text)) for folder in ("eval", "eval/blind", "eval/blind-real")
            for key, text in texts(folder)]
    for key, text in texts("training"):
        mine = words(text)
        score, other, their = max(
            ((len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0, k, t)
             for k, t, theirs in held), key=lambda item: item[0])
        if score > threshold:
            print(f"{score:.2f} {key} | {text[:80]} || {other} | {their[:80]}")


if __name__ == "__main__":
    main()
