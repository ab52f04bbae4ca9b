"""``kiemchung factchecks``: import, export and list the fact-check library (ClaimReview)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from . import app
from .common import open_store, progress

factchecks_app = typer.Typer(
    help=(
        "The fact-check library: import and export ClaimReview. Example: "
        "kiemchung factchecks import claimreviews.jsonl"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(factchecks_app, name="factchecks")


class Format(str, Enum):
    jsonl = "jsonl"


@factchecks_app.command("import")
def import_command(
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE...",
        help="ClaimReview files: JSONL, JSON, JSON-LD, HTML "
        "pages or Google Fact Check Tools responses.",
    ),
) -> int:
    """Import fact-checks into the library; an entry already there (same url) is updated.

    Bad entries are listed on stderr, one line each with file and line, and skipped; the rest
    still load. Exits 1 when any entry was skipped.

    Example: kiemchung factchecks import eval/library.jsonl
    """
    from ..library.importer import import_files
    from ..matching.rematch import stale_claims

    store = open_store()
    try:
        with progress("fact-checks", None) as advance:
            report = import_files(
                store,
                files,
                advance=advance,
                on_problem=lambda problem: print(f"error: {problem}", file=sys.stderr),
            )
        stale = stale_claims(store) if report.loaded else 0
    finally:
        store.close()
    print(
        f"imported {report.created} new, {report.updated} updated, {report.skipped} skipped",
        file=sys.stderr,
    )
    if stale:
        print(
            f"{stale} stored claims were matched against an earlier library: run "
            "`kiemchung rematch` to check them against it now",
            file=sys.stderr,
        )
    return 1 if report.skipped else 0


@factchecks_app.command("export")
def export_command(
    format: Format = typer.Option(Format.jsonl, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="File to write (default: standard output)."
    ),
) -> None:
    """Export the whole library as ClaimReview JSON Lines, which import back unchanged.

    Example: kiemchung factchecks export --format jsonl --output library.jsonl
    """
    from ..library.export import export_jsonl

    store = open_store()
    try:
        if output is None:
            export_jsonl(store, sys.stdout)
            return
        temporary = output.with_name(output.name + ".tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                count = export_jsonl(store, handle)
            temporary.replace(output)
        except OSError as error:
            raise InputError(f"{output}: cannot be written ({error.strerror})") from None
        print(f"exported {count} fact-checks to {output}", file=sys.stderr)
    finally:
        store.close()


@factchecks_app.command("list")
def list_command(
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="How many to show."),
) -> None:
    """List the library, newest import last: verdict, url and claim, one per line.

    Example: kiemchung factchecks list --limit 20
    """
    from ..store.factchecks import all_records

    store = open_store()
    try:
        with store.reading() as connection:
            records = all_records(connection)
    finally:
        store.close()
    for item in records[-limit:]:
        print(f"[{item.rating_text or item.rating_label or '?'}] {item.url}\t{item.claim_reviewed}")
