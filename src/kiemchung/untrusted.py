"""Reading data from outside: JSON and lines that can neither crash nor hang a reader.

Every reader of outside data (fact-check files, posts, ``claims --input``, the monitor's JSONL
sources) parses JSON with ``loads`` and splits lines with ``lines``. What Python's own
``json.loads`` and ``str.splitlines`` do wrong for such data:

* a document nested ~1,000 deep raises ``RecursionError`` (and a few hundred levels already
  break any code that walks the value recursively): refused beyond ``MAX_DEPTH``;
* an integer of more than 4,300 digits raises ``ValueError``, ``NaN`` and ``Infinity`` are
  accepted although JSON has no such numbers: each marks its record as unusable;
* an escaped lone surrogate (``"\\ud800"``) or an invalid UTF-8 byte (read with
  ``surrogateescape``) makes a string that cannot be stored: its record is unusable;
* ``str.splitlines`` also splits on U+2028, U+2029, U+0085 and other separators that JSON
  writers leave unescaped inside strings: ``lines`` splits on ``\\n`` only;
* the csv module stops the whole file at a field over 131,072 characters, and an unterminated
  quote swallows every row after it: ``csv_rows`` reads any field and reports the broken record.

``loads`` raises ``Unreadable`` for a document that cannot be read at all; ``problem(value)``
says why one parsed record cannot be used, or None. Both messages fit in one line.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from typing import Any, Generator, Iterator

MAX_DEPTH = 100  # ClaimReview, posts and webhook payloads are a dozen levels deep at most
_SURROGATE = re.compile("[\ud800-\udfff]")
csv.field_size_limit(sys.maxsize)  # lengths are checked by the readers, against the settings


class Unreadable(ValueError):
    """A document that is not readable JSON; ``lineno`` is where the parser stopped."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lineno = lineno


class _Refused:
    """What a number JSON cannot carry is parsed to: it marks the record, not the document."""

    def __init__(self, why: str) -> None:
        self.why = why

    def __repr__(self) -> str:
        return f"<refused: {self.why}>"


def _integer(digits: str) -> int | _Refused:
    if len(digits.lstrip("-")) > 4300:  # Python's own limit on int(str)
        return _Refused("a number of more than 4,300 digits")
    return int(digits)


def _constant(name: str) -> _Refused:
    return _Refused(f"{name}, which is not a JSON number")


def loads(text: str | bytes) -> Any:
    """The JSON value of ``text``; ``Unreadable`` when it is not JSON or is nested too deeply.

    Numbers JSON cannot carry do not stop the document: ``problem`` reports the record holding
    them. Control characters inside strings are accepted (publishers write them unescaped).
    """
    try:
        return json.loads(text, strict=False, parse_int=_integer, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise Unreadable(f"not valid JSON ({error.msg})", error.lineno) from None
    except RecursionError:
        raise Unreadable(f"JSON nested more than {MAX_DEPTH} levels deep") from None
    except UnicodeDecodeError as error:
        raise Unreadable(f"not UTF-8 text (byte {error.start})") from None


def problem(value: Any) -> str | None:
    """Why a parsed record cannot be used (too deep, a refused number, text that is not valid
    Unicode), or None. Walks the value without recursion, in time linear in its size."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return "text that is not valid Unicode (an invalid UTF-8 byte or a lone surrogate)"
        elif isinstance(item, _Refused):
            return item.why
        elif isinstance(item, (list, dict)):
            if depth > MAX_DEPTH:
                return f"nested more than {MAX_DEPTH} levels deep"
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
    return None


def too_deep(value: Any) -> str | None:
    """Why ``value`` is too deep to be walked (nested beyond ``MAX_DEPTH``), or None."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, (list, dict)):
            if depth > MAX_DEPTH:
                return f"nested more than {MAX_DEPTH} levels deep"
            stack.extend((child, depth + 1) for child in children)
    return None


def lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number from 1, line) of ``text`` split on ``\\n`` only, ``\\r`` at the end removed.

    U+2028, U+2029, U+0085, form feeds and the like stay inside their line, where JSON writers
    put them.
    """
    for number, line in enumerate(text.split("\n"), 1):
        yield number, line[:-1] if line.endswith("\r") else line


def decode(raw: bytes) -> str:
    """UTF-8 text with a leading byte-order mark removed; an invalid byte becomes a lone
    surrogate (``surrogateescape``), so only the record holding it is refused by ``problem``.
    ``Unreadable`` for UTF-16 or UTF-32 text (every character would be refused)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("not UTF-8 text (UTF-16 or UTF-32: save it as UTF-8)")
    return raw.decode("utf-8-sig", errors="surrogateescape")


def csv_rows(text: str, required: str, fold: bool = False) -> Iterator[tuple[int, Any]]:
    """(line, row or why not) for each record of a CSV whose header names ``required``.

    The row is a dict by header name (stripped and lower-cased with ``fold``); why not is a
    ``ValueError``. A record the csv module cannot read (an unterminated quote, which would
    swallow every row after it) is reported and reading starts again on the line after it; a
    field of any length is read (the csv module stops at 131,072 characters).
    """
    physical = text.split("\n")
    header = next(csv.reader(physical[:1]), None) or []
    if fold:
        header = [name.strip().lower() for name in header]
    if required not in header:
        yield 1, ValueError(f"the header has no {required!r} column")
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
    lines = (physical[index] + "\n" for index in range(position, len(physical)))
    reader = csv.DictReader(lines, fieldnames=header, strict=True)
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
            why = problem([value for value in row.values() if value])
            yield start, ValueError(f"holds {why}") if why else row
        start = position + reader.line_num + 1
