"""Helpers shared by the commands: reading JSONL input, writing output, progress bars."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..errors import InputError

if TYPE_CHECKING:
    from ..store import Store

stderr = Console(stderr=True)


class Output(str, Enum):
    """What ``--format`` accepts for a listing."""

    table = "table"
    jsonl = "jsonl"


_open_stores: list[Store] = []


def open_store() -> Store:
    """The data directory's store for this command; ``main`` closes it when the command ends,
    however it ends."""
    from ..store import Store

    store = Store()
    _open_stores.append(store)
    return store


def close_stores() -> None:
    while _open_stores:
        _open_stores.pop().close()


def read_jsonl(
    path: Path,
    required: tuple[str, ...] = (),
    on_problem: Callable[[str], None] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line, split on ``\\n`` only; ``-`` reads
    standard input.

    A bad line raises a one-line ``InputError``; with ``on_problem`` it is reported there
    ("file:line: why") and skipped instead, and the lines after it are still read.
    """
    from .. import untrusted

    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        text = untrusted.decode(data)
    except untrusted.Unreadable as error:
        raise InputError(f"{path}: {error.message}") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    for number, line in untrusted.lines(text):
        if not line.strip():
            continue
        try:
            yield number, _parse_line(path, number, line, required)
        except InputError as error:
            if on_problem is None:
                raise
            on_problem(error.message)


def _parse_line(path: Path, number: int, line: str, required: tuple[str, ...]) -> dict[str, Any]:
    from .. import untrusted

    try:
        item = untrusted.loads(line)
    except untrusted.Unreadable as error:
        raise InputError(f"{path}:{number}: {error.message}") from None
    if not isinstance(item, dict):
        raise InputError(f"{path}:{number}: expected a JSON object")
    why = untrusted.problem(item)
    if why is not None:
        raise InputError(f"{path}:{number}: holds {why}")
    for key in required:
        if key not in item:
            raise InputError(f"{path}:{number}: missing field {key!r}")
    return item


def write_jsonl(item: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


@contextmanager
def progress(description: str, total: int | None) -> Iterator[Any]:
    """A progress bar on a terminal (stderr); silent when output is piped or redirected."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=not stderr.is_terminal,
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)
        yield lambda advance=1: bar.advance(task, advance)
