"""``kiemchung match``: which fact-checks answer each text, and whether one is the same claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import InputError
from ..matching import unmatchable
from . import app
from .common import open_store, progress, read_jsonl, stderr, write_jsonl


@app.command("match")
def match_command(
    text: Optional[str] = typer.Argument(None, help="One text to match (instead of --input)."),
    input: Optional[Path] = typer.Option(
        None, "--input", "-i", help='JSONL file of {"id", "text"} ("-": standard input).'
    ),
    top: int = typer.Option(5, "--top", "-k", min=1, max=50, help="How many matches to list."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Texts embedded together."),
    explain: bool = typer.Option(
        False,
        "--explain",
        help='Add "why": the decision\'s confidence, its threshold and what it read in the pair.',
    ),
    image: Optional[list[Path]] = typer.Option(
        None,
        "--image",
        help="A screenshot or photo (PNG, JPEG, WebP, GIF) to read and match; repeatable.",
    ),
) -> None:
    """Match texts against the fact-check library; one JSON line per input.

    Each line is {"id", "matched": true|false, "matches": [{"url", "claim", "rating", "score"}]},
    best first. "matched" is the calibrated decision that the first match answers the same
    claim; a text no fact-check answers gets false. "score" is the ranker's score of each
    fact-check (0–1), which orders the list, save that where the first three are close the
    reranker, reading each with the text, may order them again; "matched" is the decision on
    the first.

    A text must not be empty nor longer than 5,000 characters (a longer one is a document:
    `kiemchung ingest` finds its claims and matches each). A bad line of --input is reported
    on stderr with its line and skipped; the exit status is then 1.

    With --image FILE each image gives {"id": FILE, "text", "matched", "matches"}: the text
    read on it (OCR, Vietnamese and English, without the chat app's chrome) matched like typed
    text, after the fact-checks about a copy of the picture itself (score 1.0).

    With --explain each line also has "why": {"confidence", "threshold", "read": [...]}, the
    signals the decision read in the text and its first match (a named thing swapped, a
    denial, other years or numbers, the rare words in common, the reranker's score of the two
    read together).

    Examples: kiemchung match "vua an sau rieng vua uong bia la chet" ;
    kiemchung match --input queries.jsonl --top 3 ;
    kiemchung match --explain "Uống cà phê không gây loãng xương" ;
    kiemchung match --image screenshot.png --image photo.jpg
    """
    from ..matching.matcher import Matcher
    from ..store import factchecks as library

    given = [
        name for name, value in (("a text", text), ("--input", input), ("--image", image)) if value
    ]
    if len(given) > 1:
        raise InputError(f"give one of a text, --input or --image, not {' and '.join(given)}")
    if image:
        _match_images(image, top, explain)
        return
    if text is None and input is None:
        raise InputError("give a text, --input FILE.jsonl or --image FILE")
    if text is not None:
        problem = unmatchable(text)
        if problem:
            raise InputError(problem)
        rows: list[dict[str, Any]] = [{"id": None, "text": text}]
        skipped = 0
    else:
        rows, skipped = _readable_rows(input)  # type: ignore[arg-type]
    store = open_store()
    with store.reading() as connection:
        empty = not library.any_entry(connection)
    if empty:
        stderr.print(
            "note: the fact-check library is empty; load one with `kiemchung factchecks "
            "import FILE` (or try `kiemchung demo`)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    matcher = Matcher(store)
    with progress("match", len(rows)) as advance:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            results = matcher.match([r["text"] for r in batch], top=top, explain=explain)
            for row, result in zip(batch, results):
                write_jsonl(result.as_json(row.get("id")))
            advance(len(batch))
    if skipped:
        raise typer.Exit(1)


def _readable_rows(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The lines of ``path`` that can be matched, and how many were reported and skipped (a
    line that is not JSON, has no string "text", or whose text is empty or too long)."""
    skipped = 0

    def skip(message: str) -> None:
        nonlocal skipped
        skipped += 1
        stderr.print(f"error: {message} (skipped)", markup=False, highlight=False, soft_wrap=True)

    rows = []
    for number, row in read_jsonl(path, required=("text",), on_problem=skip):
        problem = (
            "'text' must be a string"
            if not isinstance(row["text"], str)
            else unmatchable(row["text"])
        )
        if problem:
            skip(f"{path}:{number}: {problem}")
        else:
            rows.append(row)
    return rows, skipped


def _match_images(paths: list[Path], top: int, explain: bool) -> None:
    from ..images import image_matches, read_image
    from ..matching.matcher import Matcher

    store = open_store()
    matcher = Matcher(store)
    for path in paths:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as error:
            raise InputError(f"{path}: cannot be read ({error.strerror})") from None
        reading = read_image(store, data, name=str(path))
        pictured = image_matches(store, reading)
        line: dict[str, Any] = {"id": str(path), "text": reading.text, "matched": bool(pictured)}
        line["matches"] = pictured
        if reading.text:
            said = matcher.match([reading.text], top=top, explain=explain)[0].as_json()
            seen = {match["url"] for match in pictured}
            line["matched"] = line["matched"] or said["matched"]
            line["matches"] += [m for m in said["matches"] if m["url"] not in seen]
            if "why" in said:
                line["why"] = said["why"]
        line["matches"] = line["matches"][:top]
        write_jsonl(line)
