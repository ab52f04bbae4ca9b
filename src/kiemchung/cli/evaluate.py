"""``kiemchung eval``: quality figures on labelled sets."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputError
from ..evaluation.rewrites import REWRITES
from . import app
from .common import progress, read_jsonl, stderr

eval_app = typer.Typer(
    help=(
        "Measure quality on labelled sets (formats: docs/eval-formats.md). "
        "Example: kiemchung eval matching --library eval/library.jsonl "
        "--queries eval/queries.jsonl"
    ),
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")


def _show(title: str, figures: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        if isinstance(value, dict):
            for sub, number in value.items():
                table.add_row(
                    f"{key.removesuffix('_by_kind').removesuffix('_rate')} ({sub})", f"{number:.3f}"
                )
        elif isinstance(value, float):
            table.add_row(key, f"{value:.3f}")
        elif value is None:  # nothing to measure it on
            table.add_row(key, "—")
        else:
            table.add_row(key, str(value))
    Console().print(table)


def _line(text: str) -> None:
    """``text`` on stderr as written, on one line (a kind in brackets is not Rich markup)."""
    stderr.print(text, markup=False, highlight=False, soft_wrap=True)


@eval_app.command("matching")
def eval_matching(
    library: Path = typer.Option(..., "--library", "-l", help="ClaimReview JSONL library."),
    queries: Path = typer.Option(..., "--queries", "-q", help="Queries JSONL with relevant urls."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    errors: bool = typer.Option(False, "--errors", help="Also list the queries judged wrongly."),
    rewrite: str = typer.Option(
        "",
        "--rewrite",
        help="Rewrite every query the way real posts are written before matching it: "
        + ", ".join(REWRITES)
        + " (evaluation/rewrites.py).",
    ),
    take_out_answers: bool = typer.Option(
        False,
        "--take-out-answers",
        help="Match each query as if its own answers were not in the library, and count each "
        "match as false: how often a post on a claim nobody has checked yet is answered anyway.",
    ),
    as_monitored: bool = typer.Option(
        False,
        "--as-monitored",
        help="Match each query as a post from a monitored source is matched: through the "
        "claims found in it, a short post whole (KIEMCHUNG_WHOLE_POST_CHARS), kept where it "
        "matches even with no claim found (KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS); a longer "
        "post with no claim found is matched to nothing.",
    ),
    outcomes_path: Path | None = typer.Option(
        None,
        "--outcomes",
        help="Also write every query's outcome to this JSONL file (its first fact-checks, "
        "matched, confidence, clashes) to study the errors or draw your own curves.",
    ),
    thresholds: str = typer.Option(
        "",
        "--thresholds",
        help="Comma-separated confidences, e.g. 0.40,0.5,0.6: one row of figures at each, as "
        "KIEMCHUNG_MATCH_THRESHOLD would give them, instead of the usual table.",
    ),
) -> None:
    """MAP@5 (overall, per kind), correct-match rate and false-match rate.

    The library is imported into a fresh temporary store, so your own data is not touched.
    ``--rewrite`` measures how much the form of a post alone moves these figures.
    ``--take-out-answers`` measures false matches on every query, real ones included, with
    none written to be negatives: each query is matched as if its own answers were not in
    the library. ``--as-monitored`` measures the path of a monitored post (its claims) instead
    of the tipline's (the whole text). ``--thresholds`` shows what raising or lowering the threshold costs on your
    own set: every query is matched at each.

    Example: kiemchung eval matching --library eval/library.jsonl --queries eval/queries.jsonl
    """
    from ..evaluation import matching
    from ..evaluation.rewrites import rewrite as rewritten
    from ..library.importer import import_files

    if rewrite and rewrite not in REWRITES:
        raise InputError(f"--rewrite {rewrite}: unknown; choose one of {', '.join(REWRITES)}")
    levels = _thresholds(thresholds) if thresholds else []
    if levels and outcomes_path is not None:
        raise InputError("--outcomes and --thresholds: give one; outcomes are of one threshold")
    if outcomes_path is not None and (outcomes_path.is_dir() or not outcomes_path.parent.is_dir()):
        raise InputError(f"--outcomes {outcomes_path}: not a file in an existing folder")
    rows = matching.load_queries(list(read_jsonl(queries)), queries)
    if rewrite:
        rows = [dict(row, text=rewritten(rewrite, row["text"])) for row in rows]
    if take_out_answers:
        rows = matching.answers_taken_out(rows)

    def load(store, path):  # type: ignore[no-untyped-def]
        import_files(store, [path], on_problem=lambda p: _line(str(p)))

    if levels:
        with progress("matching", len(rows) * len(levels)) as advance:
            table = matching.sweep(
                library, rows, load, levels, advance=advance, monitored=as_monitored
            )
        _show_sweep(table, as_json)
        return
    with progress("matching", len(rows)) as advance:
        figures, outcomes = matching.run(
            library, rows, load, advance=advance, monitored=as_monitored
        )
    _show("Matching", figures, as_json)
    if outcomes_path is not None:
        _write_outcomes(outcomes_path, outcomes)
    if errors:
        for o in outcomes:
            wrong = (
                o.matched
                if not o.relevant
                else not (o.matched and o.ranked and o.ranked[0] in o.relevant)
            )
            if wrong:
                _line(f"{o.id} [{o.kind}] matched={o.matched} first={o.ranked[:1]}")


def _write_outcomes(path: Path, outcomes: list) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            for outcome in outcomes:
                out.write(json.dumps(outcome.as_json(), ensure_ascii=False) + "\n")
    except OSError as error:
        raise InputError(f"--outcomes {path}: cannot be written ({error.strerror})") from None


def _thresholds(text: str) -> list[float]:
    try:
        levels = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"--thresholds {text}: not numbers; write them as 0.40,0.5,0.6") from None
    if not levels or any(not 0.0 <= level <= 1.0 for level in levels):
        raise InputError(f"--thresholds {text}: each must be a confidence from 0 to 1")
    return levels


def _show_sweep(rows: list[dict], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    names = ("correct_match_rate", "false_match_rate", "correct_alone_rate", "false_alone_rate")
    table = Table(title="Matching at each threshold")
    for column in ("threshold", "correct", "false", "correct alone", "false alone", "weakest kind"):
        table.add_column(column, justify="left" if column == "weakest kind" else "right")
    for row in rows:
        kinds = row["correct_match_rate_by_kind"]
        weakest = min(kinds, key=kinds.get) if kinds else None
        table.add_row(
            f"{row['threshold']:.2f}",
            *("—" if row[name] is None else f"{row[name]:.3f}" for name in names),
            f"{weakest} {kinds[weakest]:.3f}" if weakest else "—",
        )
    Console().print(table)


@eval_app.command("claims")
def eval_claims(
    gold: Path | None = typer.Option(None, "--gold", "-g", help="Check-worthiness JSONL."),
    posts: Path | None = typer.Option(
        None,
        "--posts",
        "-p",
        help="Matching queries JSONL: of those with answers, the share the detector finds a "
        "claim in.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    errors: bool = typer.Option(False, "--errors", help="Also list the sentences judged wrongly."),
) -> None:
    """Precision, recall and F1 of the check-worthy class (``--gold``), and the share of posts
    carrying a fact-checked claim in which a claim is found (``--posts``): a post with none
    found never reaches matching when it comes from a monitored source.

    Example: kiemchung eval claims --gold eval/checkworthy.jsonl --posts eval/queries.jsonl
    """
    from ..evaluation import claims

    if gold is None and posts is None:
        raise InputError("eval claims: give --gold, --posts or both")
    figures: dict = {}
    wrong: list[dict] = []
    if gold is not None:
        items = [row for _, row in read_jsonl(gold, required=("text", "checkworthy"))]
        figures, wrong = claims.run(items)
    missed: list[dict] = []
    if posts is not None:
        found, missed = claims.found_in_posts(
            [row for _, row in read_jsonl(posts, required=("text",))]
        )
        figures.update(found)
    _show("Check-worthiness", figures, as_json)
    if errors:
        for item in wrong:
            _line(f"{item['id']} gold={item['gold']} score={item['score']}: {item['text']}")
        for post in missed:
            _line(f"{post['id']} [{post['kind']}] no claim found: {post['text']}")
