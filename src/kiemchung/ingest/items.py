"""What readers of inputs produce: items to store, and problems to report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass
class Item:
    """One document read from an input, before deduplication and storage."""

    text: str
    kind: str  # "page", "entry", "post" or "text"
    ref: str  # where it came from, for problem messages: a URL or file:line
    url: str | None = None
    title: str | None = None
    published: str | None = None
    byline: str | None = None  # shown while reading; never stored (docs/principles.md, 1)
    site: str | None = None
    source: str | None = None
    external_id: str | None = None
    stored: bool = False  # its URL is already stored, so it was not fetched again


@dataclass(frozen=True)
class Problem:
    """Something in the input that was skipped or worked around; one line for the user.

    ``skipped``: something was left out (a line, an entry, a whole input); ``fatal``: a whole
    input gave nothing (missing file, refused URL).
    """

    message: str
    where: str | None = None
    fatal: bool = False
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


OnProblem = Callable[[Problem], None]
Known = Callable[[str], bool]  # url → already stored?
