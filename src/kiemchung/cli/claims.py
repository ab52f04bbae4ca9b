"""``kiemchung claims``: check-worthy spans of each input text."""

from __future__ import annotations

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
    offsets into the input text as given.

    Example: kiemchung claims --input posts.jsonl > claims.jsonl
    """
    from ..claims.detector import ClaimDetector

    detector = ClaimDetector()
    if text is not None:
        write_jsonl({"id": None, "claims": [_claim(c) for c in detector.claims(text)]})
        return
    if input is None:
        raise InputError("give a text or --input FILE.jsonl")
    rows = list(read_jsonl(input, required=("text",)))
    with progress("claims", len(rows)) as advance:
        for number, row in rows:
            if not isinstance(row["text"], str):
                raise InputError(f"{input}:{number}: 'text' must be a string")
            write_jsonl(
                {"id": row.get("id"), "claims": [_claim(c) for c in detector.claims(row["text"])]}
            )
            advance()


def _claim(claim) -> dict:  # type: ignore[no-untyped-def]
    return {"text": claim.text, "start": claim.start, "end": claim.end, "score": claim.score}
