"""``kiemchung monitor``: poll sources on schedule; ``kiemchung alerts``: what was raised."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Any, Optional

import typer

from . import app
from .common import Output, open_store, stderr, write_jsonl

if TYPE_CHECKING:
    from ..store import Store


def _say(line: str) -> None:
    stderr.print(line, markup=False, highlight=False, soft_wrap=True)


def _summary(report) -> str:  # type: ignore[no-untyped-def]
    done = report.round
    text = (
        f"polled {done.polled} sources ({done.not_modified} unchanged, {done.failed} failed): "
        f"{done.new_items} new items, {done.documents} documents, {done.claims} claims; "
        f"{report.placed} claims placed in narratives"
    )
    if done.factchecks or done.factchecks_updated:
        text += (
            f"; {done.factchecks} fact-checks added to the library "
            f"({done.factchecks_updated} updated)"
        )
    if report.newly_matched:
        text += f"; {report.newly_matched} stored claims matched to a newer fact-check"
    if report.alerts:
        text += f"; {len(report.alerts)} alerts ({report.sent} sent)"
    return text


@app.command("monitor")
def monitor_command(
    once: bool = typer.Option(
        False, "--once", help="Poll every due source once and exit (for tests and cron)."
    ),
    workers: Optional[int] = typer.Option(
        None,
        "--workers",
        min=1,
        help="Hosts polled at the same time (default: KIEMCHUNG_MONITOR_WORKERS).",
    ),
    gap: Optional[float] = typer.Option(
        None,
        "--gap",
        min=0,
        help="Least seconds between two "
        "requests to one host (default: "
        "KIEMCHUNG_MONITOR_HOST_GAP).",
    ),
) -> None:
    """Poll the sources on their schedule until stopped (Ctrl-C or SIGTERM).

    New items go through the pipeline (extract, claims, match) into the store, claims are
    grouped into narratives and alerts are raised (and sent to KIEMCHUNG_ALERT_WEBHOOK).
    Fact-checkers' ClaimReview (claimreview sources) goes into the library, and stored claims
    are matched again against it.
    Killing it at any moment loses and duplicates nothing: run it again. With --once the exit
    status is 1 when every source polled failed.
    With KIEMCHUNG_BROKER_URL set it only schedules: `kiemchung worker` processes do the work.

    Example: kiemchung monitor --once
    """
    from ..monitor.run import Monitor
    from ..work import enabled

    store = open_store()
    if enabled(store.settings):
        _schedule(store, once)
        return
    monitor = Monitor(store, workers=workers, gap=gap)

    def show(report, summary: bool = True) -> None:  # type: ignore[no-untyped-def]
        for line in report.round.errors:
            _say(f"failed: {line}")
        for line in report.round.problems:
            _say(f"skipped: {line}")
        for alert in report.alerts:
            _say(f"alert: {alert.message}")
        if summary and (
            report.round.polled or report.placed or report.alerts or report.newly_matched
        ):
            _say(_summary(report))

    stop = threading.Event()
    if once:
        report = monitor.cycle(stop)
        show(report, summary=False)
        print(_summary(report))
        if report.round.polled and report.round.failed >= report.round.polled:
            raise typer.Exit(1)  # nothing could be polled: a cron job should hear of it
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    _say("monitoring; stop with Ctrl-C")
    try:
        monitor.run(stop, on_cycle=show)
    except KeyboardInterrupt:
        stop.set()
        _say("stopped; finished items are kept, run again to continue")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _reach(schedule: Any, store: Store) -> Any:
    from redis.exceptions import RedisError

    from ..errors import SettingError

    try:
        return schedule(store)
    except RedisError as error:
        url = store.settings.get("KIEMCHUNG_BROKER_URL")
        reason = str(error).rstrip(".")
        raise SettingError(
            f"The work queue KIEMCHUNG_BROKER_URL={url} cannot be reached: {reason}."
        ) from None


def _schedule(store, once: bool) -> None:  # type: ignore[no-untyped-def]
    """With a broker: send due polls and waiting work to the queue; workers do it."""
    from ..monitor.run import IDLE
    from ..monitor.schedule import next_due_in
    from ..work.tasks import schedule

    def line(done) -> str:  # type: ignore[no-untyped-def]
        return f"queued {done.polls} polls and {done.alerts} alerts for the workers"

    if once:
        print(line(_reach(schedule, store)))
        return
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    _say("scheduling onto the work queue; stop with Ctrl-C")
    try:
        while not stop.is_set():
            done = _reach(schedule, store)
            if done.polls or done.alerts:
                _say(line(done))
            wait = next_due_in(store)
            stop.wait(IDLE if wait is None else min(max(wait, 0.5), IDLE))
    except KeyboardInterrupt:
        _say("stopped; what was queued stays queued")
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command("alerts")
def alerts_command(
    limit: int = typer.Option(20, "--limit", min=1, help="How many, newest first."),
    format: Output = typer.Option(Output.table, "--format", help="Output format."),
) -> None:
    """The latest alerts: narratives spreading again or growing fast.

    Example: kiemchung alerts --limit 5 --format jsonl
    """
    from ..monitor import alerts

    found = alerts.recent(open_store(), limit)
    if format == "jsonl":
        for alert in found:
            write_jsonl(alert)
        return
    if not found:
        print("no alerts")
    for alert in found:
        state = (
            "sent"
            if alert["delivered_at"]
            else (f"not sent: {alert['delivery_error']}" if alert["delivery_error"] else "stored")
        )
        print(
            f"#{alert['id']} {alert['created_at']} [{alert['rule']}, narrative "
            f"{alert['narrative_id']}, {state}]\n  {alert['message']}"
        )
