"""Importing many sources at once from an OPML subscription list or a CSV file.

OPML is read with ``listparser`` (the feed list format every feed reader exports); CSV needs a
header with at least ``url`` and may have ``kind``, ``every``, ``name`` and ``tags``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .. import untrusted
from ..clock import parse_duration
from ..errors import FetchRefused, InputError, KiemchungError
from ..store import Store
from . import sources
from .kinds import kind_from_url


@dataclass
class Entry:
    url: str
    kind: str | None = None
    every: float | None = None
    name: str | None = None
    tags: list[str] = field(default_factory=list)
    problem: str | None = None  # why this line cannot be a source ("line 4: …"); it is skipped


@dataclass
class ImportReport:
    added: list[sources.Source] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: "url: why"
    bad: int = 0  # of those, lines of the file that could not be read (not sources already there)


def read_opml(data: bytes) -> list[Entry]:
    """The feeds of an OPML document, with their titles and categories as name and tags."""
    import listparser

    # bytes: listparser never fetches anything itself; what trips a feed parser trips it too
    from ..ingest.feeds import readable

    try:
        parsed = listparser.parse(readable(data))
    except Exception as error:  # a parser failure is the file's, whatever its kind
        raise InputError(f"not a readable OPML file ({type(error).__name__}: {error})") from None
    if parsed.bozo and not parsed.feeds:
        raise InputError(f"not a readable OPML file ({parsed.bozo_exception})")
    # OPML lists feeds: the kind is the URL's when it says, else a feed (RSS and Atom are read
    # alike), so importing hundreds of feeds costs no fetch.
    return [_opml_entry(feed) for feed in parsed.feeds]


def _opml_entry(feed: dict[str, Any]) -> Entry:
    url = str(feed["url"])
    try:
        kind = kind_from_url(url) or "rss"
    except ValueError as error:  # "https://[::1/x"
        return Entry(url=url, problem=f"not a valid address ({error})")
    return Entry(
        url=url, kind=kind, name=feed.get("title") or None, tags=list(feed.get("tags") or [])
    )


def read_csv(text: str) -> list[Entry]:
    """Rows of a CSV with a header naming at least ``url``."""
    entries = []
    for number, found in untrusted.csv_rows(text, "url", fold=True):
        if isinstance(found, ValueError):
            if number == 1:
                raise InputError(
                    "the CSV needs a header row with a 'url' column "
                    "(and optionally kind, every, name, tags)"
                )
            entries.append(Entry(url="", problem=f"line {number}: {found}"))
            continue
        row = {key: (value or "").strip() for key, value in found.items()}
        if not row.get("url"):
            continue
        try:
            every = parse_duration(row["every"]) if row.get("every") else None
        except InputError as error:
            entries.append(Entry(url=row["url"], problem=f"line {number}: {error.message}"))
            continue
        entries.append(
            Entry(
                url=row["url"],
                kind=row.get("kind") or None,
                every=every,
                name=row.get("name") or None,
                tags=sources.clean_tags([row.get("tags", "").replace(";", ",")]),
            )
        )
    return entries


def read_file(path: Path) -> list[Entry]:
    """Entries of an ``.opml``/``.xml`` or ``.csv`` file, by its extension or its first bytes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if path.suffix.lower() in {".opml", ".xml"} or data.lstrip().startswith(b"<"):
        return read_opml(data)
    try:
        return read_csv(untrusted.decode(data))
    except untrusted.Unreadable as error:
        raise InputError(f"{path}: {error.message}") from None


def import_entries(
    store: Store, entries: Iterable[Entry], *, every: float | None = None, tags: Iterable[str] = ()
) -> ImportReport:
    """Add every entry that is not a source yet; the others are reported, not fatal.

    An entry without a kind has it detected (which may cost one fetch).
    """
    report = ImportReport()
    extra = list(tags)
    for entry in entries:
        if entry.problem is not None:
            report.bad += 1
            report.skipped.append(f"{entry.url}: {entry.problem}" if entry.url else entry.problem)
            continue
        try:
            report.added.append(
                sources.add(
                    store,
                    entry.url,
                    kind=entry.kind,
                    every=entry.every or every,
                    name=entry.name,
                    tags=[*entry.tags, *extra],
                )
            )
        except FetchRefused as error:  # a private host: as bad as a bad line
            report.bad += 1
            report.skipped.append(f"{entry.url}: {error.message}")
        except KiemchungError as error:
            report.skipped.append(f"{entry.url}: {error.message}")
    return report
