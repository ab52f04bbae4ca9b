"""Posts from JSONL or CSV files: one object per line with ``text`` and optional ``url``,
``published``, ``source``, ``title`` and ``id``. A bad line is reported with file:line and
skipped; the rest of the file continues."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any, Generator, Iterator

from .. import untrusted
from .items import Item, OnProblem, Problem

OPTIONAL = ("url", "published", "source", "title", "id")
# The csv module refuses a field over 131,072 characters and stops the file there; a long post
# is cut to KIEMCHUNG_MAX_POST_CHARS when it is stored, so the reader takes any field.
csv.field_size_limit(sys.maxsize)


def post_item(row: Any, where: str) -> Item | str:
    """The item of one parsed row, or why the row cannot be used."""
    if not isinstance(row, dict):
        return "expected an object with a 'text' field"
    text = row.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        return "missing or empty 'text'"
    if not isinstance(text, str):
        return "'text' must be a string"
    values: dict[str, str | None] = {}
    for key in OPTIONAL:
        value = row.get(key)
        if value is not None and not isinstance(value, (str, int)):
            return f"{key!r} must be a string"
        values[key] = (str(value).strip() or None) if value is not None else None
    url = values["url"]
    if url is not None and not url.lower().startswith(("http://", "https://")):
        return f"'url' must be an http(s) URL, not {url[:60]!r}"
    return Item(
        text=text.strip(),
        kind="post",
        ref=where,
        url=url,
        title=values["title"],
        published=values["published"],
        source=values["source"],
        external_id=values["id"],
    )


def _rows_jsonl(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in untrusted.lines(text):
        if not line.strip():
            continue
        try:
            row = untrusted.loads(line)
        except untrusted.Unreadable as error:
            yield number, ValueError(error.message)
            continue
        why = untrusted.problem(row)
        yield number, ValueError(f"holds {why}") if why else row


def _rows_csv(text: str) -> Iterator[tuple[int, Any]]:
    """(line, row or why not) for each record; a record the csv module cannot read (an
    unterminated quote, which would swallow every row after it) is reported and reading starts
    again on the line after it."""
    physical = text.split("\n")
    header = next(csv.reader(physical[:1]), None)
    if header is None or "text" not in header:
        yield 1, ValueError("the header has no 'text' column")
        return
    position = 1  # index in ``physical`` of the next line to read
    while position < len(physical):
        restart = yield from _records(physical, position, header)
        if restart is None:
            return
        position = restart


def _records(
    physical: list[str], position: int, header: list[str]
) -> Generator[tuple[int, Any], None, int | None]:
    """Records from ``physical[position:]``; the index to restart at after a broken one."""
    lines = iter(physical[position:])
    reader = csv.DictReader((line + "\n" for line in lines), fieldnames=header, strict=True)
    start = position + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return None
        except csv.Error as error:
            yield (
                start,
                ValueError(f"not valid CSV ({error}); the lines after it are read as rows again"),
            )
            return start  # the line after the broken record's first, as an index
        if None in row:  # more cells than the header has
            cells = len(header) + len(row[None])
            yield start, ValueError(f"{cells} cells, the header has {len(header)}")
        else:
            why = untrusted.problem([value for value in row.values() if value])
            yield start, ValueError(f"holds {why}") if why else row
        start = position + reader.line_num + 1


def read(path: Path, on_problem: OnProblem) -> Iterator[Item]:
    """The posts of a .jsonl or .csv file, in file order; a bad line is reported and skipped,
    every good one before and after it is read (an invalid byte spoils only its line)."""
    try:
        text = untrusted.decode(path.read_bytes())
    except OSError as error:
        on_problem(Problem(f"cannot be read ({error.strerror})", str(path), fatal=True))
        return
    rows = _rows_csv(text) if path.suffix.lower() == ".csv" else _rows_jsonl(text)
    for number, row in rows:
        where = f"{path}:{number}"
        item = row if isinstance(row, ValueError) else post_item(row, where)
        if isinstance(item, Item):
            yield item
        else:
            on_problem(Problem(f"{item}; line skipped", where))


_item = post_item  # the name the monitor's readers first used
