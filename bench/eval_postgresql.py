"""The matcher's quality on PostgreSQL beside SQLite, set by set.

    .venv/bin/python bench/eval_postgresql.py [SET_DIR ...]   (default: eval eval/blind eval/blind-real)

Runs ``kiemchung eval matching --json`` on each set (a folder with library.jsonl and
queries.jsonl) twice: on SQLite, and with KIEMCHUNG_DATABASE_URL pointing at a fresh database
of a throwaway PostgreSQL with pgvector. Prints MAP@5, correct-match and false-match for both and
their largest difference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from common import ROOT, database
from sqlalchemy import create_engine, text

METRICS = ("map@5", "correct_match_rate", "false_match_rate")


def evaluate(folder: Path, url: str | None) -> dict[str, float]:
    environment = dict(os.environ)
    environment.pop("KIEMCHUNG_DATABASE_URL", None)
    if url:
        environment["KIEMCHUNG_DATABASE_URL"] = url
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "kiemchung"), "eval", "matching", "--json",
         "--library", str(folder / "library.jsonl"), "--queries", str(folder / "queries.jsonl")],
        capture_output=True, text=True, env=environment, check=True).stdout
    figures = json.loads(out)
    return {name: float(figures[name]) for name in METRICS if figures.get(name) is not None}


def main() -> None:
    folders = [Path(arg) for arg in sys.argv[1:]] or [ROOT / "eval", ROOT / "eval" / "blind",
                                                      ROOT / "eval" / "blind-real"]
    with database("postgresql") as values:
        base = values["KIEMCHUNG_DATABASE_URL"]
        engine = create_engine(base.replace("/bench?", "/postgres?"), isolation_level="AUTOCOMMIT")
        for number, folder in enumerate(folders):
            with engine.connect() as connection:
                connection.execute(text(f"CREATE DATABASE eval{number}"))
            on_sqlite = evaluate(folder, None)
            on_postgresql = evaluate(folder, base.replace("/bench?", f"/eval{number}?"))
            gap = max(abs(on_sqlite[m] - on_postgresql[m]) for m in on_sqlite)
            print(f"{folder.relative_to(ROOT)}: SQLite {on_sqlite}  PostgreSQL {on_postgresql}  "
                  f"largest difference {gap:.4f}")
        engine.dispose()


if __name__ == "__main__":
    main()
