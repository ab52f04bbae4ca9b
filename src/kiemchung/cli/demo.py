"""``kiemchung demo``: the main job on the bundled demo data, as a reader would want to see it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from . import app
from .common import open_store, progress, stderr


def demo_files() -> tuple[Path, Path]:
    folder = resources.files("kiemchung") / "demo"
    return Path(str(folder / "factchecks.jsonl")), Path(str(folder / "posts.jsonl"))


@app.command("demo")
def demo_command(
    serve: bool = typer.Option(False, "--serve", help="Start the web app afterwards."),
) -> None:
    """Load the demo fact-check library, ingest the demo posts, and show which claims in them
    are already fact-checked. Safe to run again: nothing is duplicated.

    Example: kiemchung demo
    """
    from ..desk import users
    from ..findings import findings
    from ..ingest.ingest import ingest
    from ..library.importer import import_files
    from ..matching.rematch import rematch, stale_claims

    library, posts = demo_files()
    store = open_store()
    stderr.print(f"Data directory: {store.home}")
    with progress("fact-checks", None) as advance:
        report = import_files(
            store, [library], on_problem=lambda p: stderr.print(str(p)), advance=advance
        )
    stderr.print(f"Fact-check library: {report.created} new, {report.updated} updated")
    with progress("posts", None) as advance:
        ingested = ingest(
            store, [str(posts)], on_problem=lambda p: stderr.print(str(p)), advance=advance
        )
    stderr.print(
        f"Posts: {ingested.added} new, {ingested.exact_duplicates} exact and "
        f"{ingested.near_duplicates} near duplicates linked"
    )
    # Posts from an earlier run, matched before the library or the model last changed.
    with progress("claims matched again", stale_claims(store)) as advance:
        rematch(store, advance=advance)
    show(findings(store))
    if not users.all_users(store):
        stderr.print(
            "The desk (/desk) needs an account: kiemchung users add you@example.vn --role admin",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if serve:
        from .serve import serve_command

        serve_command()


def show(found) -> None:  # type: ignore[no-untyped-def]
    console = Console()
    checked = sum(1 for doc in found for claim in doc.claims if claim.factcheck_url)
    total = sum(len(doc.claims) for doc in found)
    for doc in found:
        lines = Text()
        for claim in doc.claims:
            if claim.factcheck_url:
                lines.append("✔ Đã có bài kiểm chứng ", style="bold green")
                lines.append(f"[{claim.rating}] ", style="bold yellow")
                lines.append(f"“{claim.text}”\n")
                lines.append(
                    f"   → {claim.factcheck_claim}\n   → {claim.factcheck_url}\n", style="cyan"
                )
            else:
                lines.append("• Nhận định cần kiểm chứng ", style="bold")
                lines.append(f"“{claim.text}”\n")
        title = doc.title or (doc.url or f"document {doc.id}")
        subtitle = " · ".join(x for x in (doc.source, doc.published, doc.url) if x)
        console.print(Panel(lines, title=title[:90], subtitle=subtitle[:110], title_align="left"))
    console.print(
        f"[bold]{total} nhận định cần kiểm chứng trong {len(found)} bài; {checked} "
        f"đã có bài kiểm chứng.[/bold] ({total} check-worthy claims, {checked} already "
        "fact-checked)"
    )
