"""``kiemchung sources``: the feeds, sitemaps and pages the monitor polls."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app
from .common import Output, open_store, write_jsonl

sources_app = typer.Typer(
    help=(
        "Sources the monitor polls: add, list (with health), pause, resume, "
        "remove, import. Example: kiemchung sources add "
        "https://vnexpress.net/rss/suc-khoe.rss --every 15m"
    ),
    no_args_is_help=True,
)
app.add_typer(sources_app, name="sources")

KIND_HELP = (
    "rss, atom, sitemap, page or jsonl (detected when not given); claimreview for a "
    "fact-checker's feed, sitemap or page whose ClaimReview goes into the library."
)


@sources_app.command("add")
def add_command(
    url: str = typer.Argument(..., help="The feed, sitemap, page or JSONL export to poll."),
    kind: Optional[str] = typer.Option(None, "--kind", help=KIND_HELP),
    every: Optional[str] = typer.Option(
        None, "--every", help="Time between polls, e.g. 15m, 1h (default: KIEMCHUNG_MONITOR_EVERY)."
    ),
    name: Optional[str] = typer.Option(None, "--name", help="A name to show instead of the URL."),
    tag: List[str] = typer.Option([], "--tag", help="A tag (repeat for more)."),
) -> None:
    """Add a source to monitor; it is due at once.

    Example: kiemchung sources add https://vnexpress.net/rss/suc-khoe.rss --every 15m --tag y-te

    A fact-checker's ClaimReview, into the library: kiemchung sources add
    https://factcheck.afp.com/sitemap.xml --kind claimreview --every 6h
    """
    from ..clock import format_duration, parse_duration
    from ..monitor import sources

    store = open_store()
    source = sources.add(
        store, url, kind=kind, every=parse_duration(every) if every else None, name=name, tags=tag
    )
    print(
        f"added source {source.id}: {source.url} ({source.kind}, every "
        f"{format_duration(source.every)})"
    )


@sources_app.command("list")
def list_command(
    format: Output = typer.Option(Output.table, "--format", help="Output format."),
) -> None:
    """Every source with its health: last success, last error, items seen.

    Example: kiemchung sources list
    """
    from ..monitor import sources

    found = sources.all_sources(open_store())
    if format == "jsonl":
        for source in found:
            write_jsonl(source.as_json())
        return
    _print_table(found)


def _print_table(found: list) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..clock import format_duration

    if not found:
        print("no sources yet (add one: kiemchung sources add URL)")
        return
    table = Table(box=None, pad_edge=False)
    for column in (
        "id",
        "source",
        "kind",
        "every",
        "health",
        "last success",
        "items",
        "last error",
    ):
        table.add_column(column, overflow="fold")
    for source in found:
        table.add_row(
            str(source.id),
            source.name or source.url,
            source.kind,
            format_duration(source.every),
            source.health,
            (source.last_success_at or "never").replace("+00:00", "Z"),
            str(source.items_seen),
            source.last_error or "",
        )
    Console(width=200).print(table)


def _change(action: str, ref: str) -> None:
    from ..monitor import sources

    done = {"pause": "paused", "resume": "resumed", "remove": "removed"}[action]
    source = getattr(sources, action)(open_store(), ref)
    print(f"{done} source {source.id}: {source.url}")


@sources_app.command("pause")
def pause_command(ref: str = typer.Argument(..., help="Source id or URL.")) -> None:
    """Stop polling a source (its history is kept).

    Example: kiemchung sources pause 3
    """
    _change("pause", ref)


@sources_app.command("resume")
def resume_command(ref: str = typer.Argument(..., help="Source id or URL.")) -> None:
    """Poll a paused or unhealthy source again, at once.

    Example: kiemchung sources resume 3
    """
    _change("resume", ref)


@sources_app.command("remove")
def remove_command(ref: str = typer.Argument(..., help="Source id or URL.")) -> None:
    """Stop monitoring a source; documents it brought in stay.

    Example: kiemchung sources remove 3
    """
    _change("remove", ref)


@sources_app.command("import")
def import_command(
    path: Path = typer.Argument(
        ...,
        help="An OPML file, or a CSV with a url column (and optionally kind, every, name, tags).",
    ),
    every: Optional[str] = typer.Option(
        None, "--every", help="Time between polls for entries that do not say."
    ),
    tag: List[str] = typer.Option([], "--tag", help="A tag added to every imported source."),
) -> None:
    """Add many sources from an OPML subscription list or a CSV file.

    Sources already monitored and bad lines are reported and skipped; a bad line makes the exit
    status 1.
    Example: kiemchung sources import feeds.opml
    """
    from ..clock import parse_duration
    from ..monitor import sourcelist
    from .common import stderr

    report = sourcelist.import_entries(
        open_store(),
        sourcelist.read_file(path),
        every=parse_duration(every) if every else None,
        tags=tag,
    )
    for line in report.skipped:
        stderr.print(f"skipped {line}", markup=False, highlight=False)
    print(f"added {len(report.added)} sources, skipped {len(report.skipped)}")
    if report.bad:  # what could be added was; the status says a line could not be read
        raise typer.Exit(1)
