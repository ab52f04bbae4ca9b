"""Posts from JSONL or CSV files: one object per line with ``text`` and optional ``url``,
``published``, ``source``, ``title`` and ``id``. A bad line is reported with file:line and
skipped; the rest of the file continues."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from .items import Item, OnProblem, Problem

OPTIONAL = ("url", "published", "source", "title", "id")


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


def _rows_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, ValueError(f"not valid JSON ({error.msg})")


def _rows_csv(handle: Iterable[str]) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(handle)
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        yield 1, ValueError("the header has no 'text' column")
        return
    start = 2
    for row in reader:
        if None in row:  # more cells than the header has
            yield (
                start,
                ValueError(
                    f"{len(reader.fieldnames) + len(row[None])} cells, "
                    f"the header has {len(reader.fieldnames)}"
                ),
            )
        else:
            yield start, row
        start = reader.line_num + 1


def read(path: Path, on_problem: OnProblem) -> Iterator[Item]:
    """The posts of a .jsonl or .csv file, in file order."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = _rows_csv(handle) if path.suffix.lower() == ".csv" else _rows_jsonl(handle)
        try:
            for number, row in rows:
                where = f"{path}:{number}"
                item = row if isinstance(row, ValueError) else post_item(row, where)
                if isinstance(item, Item):
                    yield item
                else:
                    on_problem(Problem(f"{item}; line skipped", where))
        except UnicodeDecodeError:
            on_problem(Problem("not UTF-8 text; rest of the file skipped", str(path)))
        except csv.Error as error:
            on_problem(Problem(f"not valid CSV ({error}); rest of the file skipped", str(path)))


_item = post_item  # the name the monitor's readers first used
