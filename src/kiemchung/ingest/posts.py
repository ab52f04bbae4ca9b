"""Posts from JSONL or CSV files: one object per line with ``text`` and optional ``url``,
``published``, ``source``, ``title`` and ``id``. A bad line is reported with file:line and
skipped; the rest of the file continues."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .. import untrusted
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


def read(path: Path, on_problem: OnProblem) -> Iterator[Item]:
    """The posts of a .jsonl or .csv file, in file order; a bad line is reported and skipped,
    every good one before and after it is read (an invalid byte spoils only its line)."""
    try:
        text = untrusted.decode(path.read_bytes())
    except OSError as error:
        on_problem(Problem(f"cannot be read ({error.strerror})", str(path), fatal=True))
        return
    except untrusted.Unreadable as error:
        on_problem(Problem(error.message, str(path), fatal=True))
        return
    csv = path.suffix.lower() == ".csv"
    rows = untrusted.csv_rows(text, "text") if csv else _rows_jsonl(text)
    for number, row in rows:
        where = f"{path}:{number}"
        item = row if isinstance(row, ValueError) else post_item(row, where)
        if isinstance(item, Item):
            yield item
        else:
            on_problem(Problem(f"{item}; line skipped", where))


_item = post_item  # the name the monitor's readers first used
