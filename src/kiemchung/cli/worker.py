"""``kiemchung worker``: take tasks from the work queue; ``kiemchung worker failed``: the dead
letters."""

from __future__ import annotations

import os
import sys
from typing import List

import typer

from ..errors import InputError, SettingError
from ..settings import Settings
from ..work import QUEUES
from . import app
from .common import Output, open_store, write_jsonl

IDLE_POLL_MS = 100

worker_app = typer.Typer(invoke_without_command=True)
app.add_typer(worker_app, name="worker")


@worker_app.callback()
def worker_command(
    context: typer.Context,
    queues: List[str] = typer.Option(
        [],
        "--queues",
        metavar="QUEUE",
        help="Queues to take tasks from (repeat; default: all of poll, ingest, match, "
        "narratives, alerts, tipline).",
    ),
    processes: int = typer.Option(1, "--processes", min=1, help="Worker processes."),
    threads: int = typer.Option(
        1,
        "--threads",
        min=1,
        help="Threads in each process (tipline: one per reader waiting at once, say 16; their "
        "texts are matched together).",
    ),
) -> None:
    """Take tasks from the work queue until stopped (Ctrl-C or SIGTERM): polls, ingest,
    matching, narratives (one at a time across all workers), alerts and the texts readers send
    the web app's tipline.

    A worker killed mid-task loses nothing: its task goes to another worker once it misses its
    heartbeat (KIEMCHUNG_WORKER_HEARTBEAT), and work already committed is not done again.

    Example: kiemchung worker --queues match --queues ingest --processes 2

    Example: kiemchung worker --queues tipline --threads 16
    """
    if context.invoked_subcommand is not None:
        return
    if not str(Settings.from_env().get("KIEMCHUNG_BROKER_URL")):
        raise SettingError(
            "KIEMCHUNG_BROKER_URL is not set: there is no queue to take tasks from "
            "(without it, kiemchung monitor does the work itself)."
        )
    unknown = [name for name in queues if name not in QUEUES]
    if unknown:
        raise InputError(f"--queues: no queue named {unknown[0]!r} (one of {', '.join(QUEUES)})")
    _reachable(str(Settings.from_env().get("KIEMCHUNG_BROKER_URL")))
    command = [
        sys.executable,
        "-m",
        "dramatiq",
        "kiemchung.work.tasks",
        "--processes",
        str(processes),
        "--threads",
        str(threads),
    ]
    if queues:
        command += ["--queues", *dict.fromkeys(queues)]
    # An idle worker looks for messages at least this often (ms; Dramatiq's default is 1000):
    # a reader's text should not wait a second for a worker to wake up.
    os.environ.setdefault("dramatiq_worker_timeout", str(IDLE_POLL_MS))
    sys.stdout.flush()
    os.execv(sys.executable, command)  # the worker replaces this process: signals go to it


def _reachable(url: str) -> None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=5).ping()
    except RedisError as error:
        reason = str(error).rstrip(".")
        raise SettingError(
            f"The work queue KIEMCHUNG_BROKER_URL={url} cannot be reached: {reason}."
        ) from None


@worker_app.command("failed")
def failed_command(
    limit: int = typer.Option(20, "--limit", min=1, help="How many, newest first."),
    format: Output = typer.Option(Output.table, "--format", help="Output format."),
) -> None:
    """Tasks that failed on every try (KIEMCHUNG_WORKER_TRIES), with the reason.

    Example: kiemchung worker failed --limit 5
    """
    from ..store.queries import work as ledger

    with open_store().reading() as connection:
        found = ledger.failures(connection, limit)
    if format == "jsonl":
        for failure in found:
            write_jsonl(
                {
                    "task": failure.task,
                    "queue": failure.queue,
                    "arguments": failure.arguments,
                    "tries": failure.tries,
                    "reason": failure.reason,
                    "failed_at": failure.failed_at,
                    "message_id": failure.message_id,
                }
            )
        return
    if not found:
        print("no failed tasks")
    for failure in found:
        print(
            f"{failure.failed_at} {failure.task}{tuple(failure.arguments)!r} on {failure.queue}, "
            f"{failure.tries} tries\n  {failure.reason}"
        )
