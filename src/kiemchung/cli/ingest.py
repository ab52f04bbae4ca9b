"""``kiemchung ingest``: read pages, feeds, posts and text files into the store."""

from __future__ import annotations

from typing import List

import typer

from . import app
from .common import open_store, progress, stderr


@app.command("ingest")
def ingest_command(
    inputs: List[str] = typer.Argument(
        ...,
        metavar="PATH_OR_URL",
        help="Files (.jsonl, .csv, .txt, .html, RSS/Atom) or http(s) URLs of pages and feeds.",
    ),
) -> None:
    """Ingest documents, link exact and near duplicates, and find their check-worthy claims.

    Posts files have one object per line with "text" and optional "url", "published",
    "source", "title", "id". A feed's entries are fetched one by one (robots.txt is honoured).
    Safe to run again or after an interruption: nothing is stored twice.

    Example: kiemchung ingest posts.jsonl https://example.org/feed.xml
    """
    from ..ingest.ingest import ingest

    problems: list[object] = []

    def tell(problem: object) -> None:
        problems.append(problem)
        # Something left out is an error; something worked around (a text cut) a warning.
        label = "error" if getattr(problem, "skipped", True) else "warning"
        stderr.print(f"{label}: {problem}", markup=False, highlight=False, soft_wrap=True)

    store = open_store()
    try:
        with progress("ingest", None) as advance:
            report = ingest(store, inputs, advance=advance, on_problem=tell)
    finally:
        store.close()
    if not (report.documents or report.known) and (report.failed_inputs or problems):
        raise typer.Exit(1)
    summary = (
        f"ingested {report.documents} documents ({report.exact_duplicates} exact "
        f"duplicates, {report.near_duplicates} near duplicates, {report.skipped} "
        f"skipped), {report.claims} claims"
    )
    if report.known:
        summary += f"; {report.known} already ingested"
    typer.echo(summary)
    if report.failed_inputs or report.skipped:  # what loaded is kept; the status says what not
        raise typer.Exit(1)
