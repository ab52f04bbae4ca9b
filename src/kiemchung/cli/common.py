"""Helpers shared by the commands: reading JSONL input, writing output, progress bars."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

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


def read_jsonl(path: Path, required: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a bad line raises a one-line InputError."""
    try:  # utf-8-sig: a byte-order mark is not text
        handle = open(path, encoding="utf-8-sig")  # noqa: SIM115 (closed by the with below)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield number, _parse_line(path, number, line, required)
        except UnicodeDecodeError:
            raise InputError(f"{path}:{number + 1}: not UTF-8 text") from None


def _parse_line(path: Path, number: int, line: str, required: tuple[str, ...]) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{number}: not valid JSON ({error.msg})") from None
    if not isinstance(item, dict):
        raise InputError(f"{path}:{number}: expected a JSON object")
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
