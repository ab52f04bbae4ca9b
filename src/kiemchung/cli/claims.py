"""``kiemchung claims``: check-worthy spans of each input text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from . import app
from .common import progress, read_jsonl, write_jsonl


@app.command("claims")
def claims_command(
    input: Optional[Path] = typer.Option(
        None, "--input", "-i", help='JSONL file of {"id", "text"}.'
    ),
    text: Optional[str] = typer.Argument(None, help="One text to analyse (instead of --input)."),
) -> None:
    """Find the check-worthy claims in texts; one JSON line per input.

    Each output line is {"id", "claims": [{"text", "start", "end", "score"}]}, with character
    offsets into the input text as given. A bad line of --input (or a text longer than
    KIEMCHUNG_MAX_POST_CHARS) is reported on stderr with its line and skipped; the exit status
    is then 1.

    Example: kiemchung claims --input posts.jsonl > claims.jsonl
    """
    from ..claims.detector import ClaimDetector
    from ..settings import Settings

    settings = Settings.from_env()
    detector = ClaimDetector(settings=settings)
    if text is not None:
        write_jsonl({"id": None, "claims": [_claim(c) for c in detector.claims(text)]})
        return
    if input is None:
        raise InputError("give a text or --input FILE.jsonl")
    longest = settings.integer("KIEMCHUNG_MAX_POST_CHARS")
    skipped = 0

    def skip(message: str) -> None:
        nonlocal skipped
        skipped += 1
        print(f"error: {message} (skipped)", file=sys.stderr)

    rows = list(read_jsonl(input, required=("text",), on_problem=skip))
    with progress("claims", len(rows)) as advance:
        for number, row in rows:
            advance()
            if not isinstance(row["text"], str):
                skip(f"{input}:{number}: 'text' must be a string")
            elif len(row["text"]) > longest:
                skip(
                    f"{input}:{number}: text of {len(row['text'])} characters is longer than "
                    f"the limit of {longest} (KIEMCHUNG_MAX_POST_CHARS)"
                )
            else:
                claims = detector.claims(row["text"])
                write_jsonl({"id": row.get("id"), "claims": [_claim(c) for c in claims]})
    if skipped:
        raise typer.Exit(1)


def _claim(claim) -> dict:  # type: ignore[no-untyped-def]
    return {"text": claim.text, "start": claim.start, "end": claim.end, "score": claim.score}
