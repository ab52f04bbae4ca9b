"""``kiemchung trends``: rising narratives; ``kiemchung narratives``: show, merge, split."""

from __future__ import annotations

from typing import Any, List

import typer

from . import app
from .common import Output, open_store, write_jsonl

narratives_app = typer.Typer(
    help=(
        "Narratives: claims that say the same thing, grouped. An editor can "
        "merge and split them. Example: kiemchung narratives show 1"
    ),
    no_args_is_help=True,
)
app.add_typer(narratives_app, name="narratives")


@app.command("trends")
def trends_command(
    since: str = typer.Option(
        "7d",
        "--since",
        help="The window: narratives are compared with "
        "the window of the same length before it (e.g. 6h, 24h, 7d).",
    ),
    limit: int = typer.Option(20, "--limit", min=1, help="How many narratives."),
    format: Output = typer.Option(Output.table, "--format", help="Output format."),
) -> None:
    """Rising narratives: more documents in the window than in the one before, most growth
    first, with a chart of documents per hour (windows up to 2 days) or per day.

    Example: kiemchung trends --since 7d
    """
    from datetime import timedelta

    from ..clock import parse_duration
    from ..monitor.trends import rising, sparkline

    window = timedelta(seconds=parse_duration(since))
    found = rising(open_store(), window, limit=limit)
    if format == "jsonl":
        for trend in found:
            write_jsonl(trend.as_json())
        return
    if not found:
        print(f"no narrative grew in the last {since}")
        return
    for trend in found:
        verdict = ""
        if trend.factcheck is not None:
            verdict = f"  fact-check: {trend.factcheck.rating or '?'} {trend.factcheck.url}\n"
        sites = ", ".join(f"{site} ({count})" for site, count in trend.sites[:5])
        print(
            f"#{trend.id} +{trend.growth} ({trend.previous} → {trend.documents} documents)  "
            f"{sparkline(trend.series)}  per {trend.step}\n"
            f"  {trend.label}\n{verdict}"
            f"  sites: {sites}\n"
            f"  first seen {trend.first_seen}, latest {trend.last_seen}"
        )


@narratives_app.command("show")
def show_command(
    narrative: int = typer.Argument(..., help="Narrative id."),
    since: str = typer.Option("30d", "--since", help="Window of the chart."),
) -> None:
    """One narrative as JSON: figures, sites, fact-check, series and its claims.

    Example: kiemchung narratives show 12
    """
    import json
    from datetime import timedelta

    from ..clock import parse_duration
    from ..monitor.editing import claims_of, resolve_id
    from ..monitor.trends import trends

    store = open_store()
    narrative = resolve_id(store, narrative)
    window = timedelta(seconds=parse_duration(since))
    found = trends(store, window, narrative_ids=[narrative])
    data: dict[str, Any] = found[0].as_json() if found else {"id": narrative, "documents": 0}
    data["claims"] = claims_of(store, narrative)
    print(json.dumps(data, ensure_ascii=False, indent=2))


@narratives_app.command("merge")
def merge_command(
    into: int = typer.Argument(..., help="The narrative that stays."),
    others: List[int] = typer.Argument(..., help="Narratives merged into it."),
) -> None:
    """Merge narratives that an editor judges to be the same claim.

    Example: kiemchung narratives merge 12 15
    """
    from ..monitor.editing import merge

    print(f"merged into narrative {merge(open_store(), into, others)}")


@narratives_app.command("split")
def split_command(
    narrative: int = typer.Argument(..., help="The narrative to split."),
    claims: List[int] = typer.Argument(
        ..., help="Claim ids that form the new narrative (see narratives show)."
    ),
) -> None:
    """Move some claims of a narrative into a new one (an editor's correction).

    Example: kiemchung narratives split 12 301 302
    """
    from ..monitor.editing import split

    print(f"split into new narrative {split(open_store(), narrative, claims)}")
