"""Importing fact-check files into the library, in batches that each commit on their own.

A killed import keeps every finished batch; running it again duplicates nothing, because an
entry is identified by its url and updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ..errors import InputError
from .claimreview import Problem, parse_file
from .record import FactCheck

if TYPE_CHECKING:
    from ..store import Store

BATCH_SIZE = 64


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0

    @property
    def loaded(self) -> int:
        return self.created + self.updated


def _check_readable(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a file")


def import_files(store: Store, paths: Iterable[Path | str],
                 on_problem: Callable[[Problem], None] | None = None,
                 advance: Callable[[int], None] | None = None,
                 batch_size: int = BATCH_SIZE) -> ImportReport:
    """Import every ClaimReview in ``paths`` into ``store``; bad entries are reported and skipped.

    ``on_problem`` is called once per skipped entry, ``advance(n)`` after each committed batch of
    ``n`` entries (and after each skipped one). A missing file raises ``InputError`` before
    anything is written.
    """
    from ..matching.library_index import add_factchecks

    files = [Path(path) for path in paths]
    _check_readable(files)
    report = ImportReport()
    batch: list[FactCheck] = []

    def flush() -> None:
        created, updated = add_factchecks(store, batch)
        report.created += created
        report.updated += updated
        if advance is not None:
            advance(len(batch))
        batch.clear()

    for path in files:
        for entry in parse_file(path):
            if isinstance(entry, Problem):
                report.skipped += 1
                if on_problem is not None:
                    on_problem(entry)
                if advance is not None:
                    advance(1)
                continue
            batch.append(entry)
            if len(batch) >= batch_size:
                flush()
    if batch:
        flush()
    return report
