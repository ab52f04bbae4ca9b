"""Importing fact-check files into the library, in batches that each commit on their own.

A killed import keeps every finished batch; running it again duplicates nothing, because an
entry is identified by its url and updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from sqlalchemy.exc import OperationalError

from ..errors import InputError, KiemchungError
from .claimreview import Problem, read_file
from .record import FactCheck

if TYPE_CHECKING:
    from ..store import Store

BATCH_SIZE = 64
# Failures that are not one entry's: the store cannot be used (locked, full, unreadable).
_NOT_THE_ENTRY = (KiemchungError, OperationalError)


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


def import_files(
    store: Store,
    paths: Iterable[Path | str],
    on_problem: Callable[[Problem], None] | None = None,
    advance: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import every ClaimReview in ``paths`` into ``store``; bad entries are reported and skipped.

    ``on_problem`` is called once per skipped entry, ``advance(n)`` after each committed batch of
    ``n`` entries (and after each skipped one). An entry the code itself fails on (a bug) is
    skipped and reported like a bad one, with its file, line and the error. A missing file
    raises ``InputError`` before anything is written.
    """
    files = [Path(path) for path in paths]
    _check_readable(files)
    longest = store.settings.integer("KIEMCHUNG_MAX_CLAIM_CHARS")
    report = ImportReport()
    batch: list[tuple[FactCheck, str, int | str | None]] = []  # entry, file, line

    def skip(problem: Problem) -> None:
        report.skipped += 1
        if on_problem is not None:
            on_problem(problem)
        if advance is not None:
            advance(1)

    def flush() -> None:
        from ..images.appearances import attach_all

        skipped = report.skipped
        created, updated = _add(store, batch, skip)
        report.created += created
        report.updated += updated
        attach_all(store, batch, on_problem)  # the images the claims appeared as
        if advance is not None:  # a skipped entry has advanced already
            advance(len(batch) - (report.skipped - skipped))
        batch.clear()

    for path in files:
        for line, entry in read_file(path):
            if isinstance(entry, FactCheck) and len(entry.claim_reviewed) > longest:
                entry = Problem(
                    str(path),
                    line,
                    f"claimReviewed of {len(entry.claim_reviewed)} characters is longer than "
                    f"the limit of {longest} (KIEMCHUNG_MAX_CLAIM_CHARS)",
                )
            if isinstance(entry, Problem):
                skip(entry)
                continue
            batch.append((entry, str(path), line))
            if len(batch) >= batch_size:
                flush()
    if batch:
        flush()
    return report


def _add(
    store: Store,
    batch: list[tuple[FactCheck, str, int | str | None]],
    skip: Callable[[Problem], None],
) -> tuple[int, int]:
    """Add a batch in one transaction; (created, updated). When the code fails on it, each
    entry on its own, so that the one it fails on is reported and skipped and the rest load."""
    from ..matching.library_index import add_factchecks

    if len(batch) > 1:
        try:
            return add_factchecks(store, [item for item, _, _ in batch])
        except _NOT_THE_ENTRY:
            raise
        except Exception:  # found below, entry by entry
            pass
    created = updated = 0
    for item, path, line in batch:
        try:
            one_created, one_updated = add_factchecks(store, [item])
        except _NOT_THE_ENTRY:
            raise
        except Exception as error:
            skip(Problem.of_bug(path, line, error))
            continue
        created, updated = created + one_created, updated + one_updated
    return created, updated
