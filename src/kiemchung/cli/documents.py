"""``kiemchung documents list``: what was collected, with claim counts and matched fact-checks."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import typer

from . import app
from .common import Output, open_store, write_jsonl

documents_app = typer.Typer(
    help=("Documents collected by ingest and the monitor. Example: kiemchung documents list"),
    no_args_is_help=True,
)
app.add_typer(documents_app, name="documents")


def parse_since(value: str) -> datetime:
    """A start time: a duration back from now (``7d``, ``6h``) or an ISO date/time."""
    from ..clock import ago, parse_duration, parse_iso
    from ..errors import InputError

    moment = parse_iso(value)
    if moment is not None:
        return moment
    try:
        return ago(parse_duration(value))
    except InputError:
        raise InputError(
            f"--since {value!r} is neither a duration (7d, 6h) nor a date (2025-01-31)"
        ) from None


@documents_app.command("list")
def list_command(
    since: Optional[str] = typer.Option(
        None, "--since", help="Only documents collected since, e.g. 24h, 7d or 2025-01-31."
    ),
    format: Output = typer.Option(Output.jsonl, "--format", help="Output format."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many."),
) -> None:
    """Collected documents, oldest first.

    As JSONL each line is {"url", "title", "source", "published", "claims": <count>,
    "matches": [<fact-check urls>]}.
    Example: kiemchung documents list --since 24h --format jsonl
    """
    from ..monitor.collected import collected

    found = collected(open_store(), parse_since(since) if since else None, limit)
    if format == "jsonl":
        for item in found:
            write_jsonl(item.as_json())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("published", "source", "title", "claims", "matches"):
        table.add_column(column, overflow="fold")
    for item in found:
        table.add_row(
            (item.published or "")[:16],
            item.source or "",
            item.title or item.url or "",
            str(item.claims),
            "\n".join(item.matches),
        )
    Console(width=200).print(table)
