"""Sources the monitor polls: add, list with health, pause, resume, remove.

A source is a site's feed, sitemap, page or JSONL export, never a person or an account
(docs/principles.md, 1). Health is what the last polls did: when the last one succeeded, the
last error, and how many items the source has handed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Connection

from .. import fetch as guard
from ..clock import iso, now
from ..errors import FetchFailed, FetchRefused, InputError, NotFound
from ..settings import Settings
from ..store import Store
from ..store.queries import sources as queries
from ..store.queries.sources import SourceRow
from .kinds import KINDS, kind_from_content, kind_from_url


@dataclass
class Source:
    id: int
    url: str
    kind: str
    name: str | None
    tags: list[str]
    every: float
    paused: bool
    next_poll_at: str
    last_polled_at: str | None
    last_success_at: str | None
    last_error_at: str | None
    last_error: str | None
    failures: int
    items_seen: int
    etag: str | None
    last_modified: str | None
    unhealthy_after: int  # KIEMCHUNG_MONITOR_UNHEALTHY_AFTER of the store it was read from

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def health(self) -> str:
        """``paused``, ``new`` (never polled), ``ok``, ``failing`` or ``unhealthy``."""
        if self.paused:
            return "paused"
        if self.failures >= self.unhealthy_after:
            return "unhealthy"
        if self.failures:
            return "failing"
        return "ok" if self.last_success_at else "new"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "kind": self.kind,
            "name": self.name,
            "tags": self.tags,
            "every": self.every,
            "health": self.health,
            "next_poll_at": self.next_poll_at,
            "last_success_at": self.last_success_at,
            "last_error_at": self.last_error_at,
            "last_error": self.last_error,
            "failures": self.failures,
            "items_seen": self.items_seen,
        }


def _source(row: SourceRow, settings: Settings) -> Source:
    return Source(
        id=row.id,
        url=row.url,
        kind=row.kind,
        name=row.name,
        tags=[tag for tag in (row.tags or "").split(",") if tag],
        every=row.every,
        paused=bool(row.paused),
        next_poll_at=row.next_poll_at,
        last_polled_at=row.last_polled_at,
        last_success_at=row.last_success_at,
        last_error_at=row.last_error_at,
        last_error=row.last_error,
        failures=row.failures,
        items_seen=row.items_seen,
        etag=row.etag,
        last_modified=row.last_modified,
        unhealthy_after=settings.integer("KIEMCHUNG_MONITOR_UNHEALTHY_AFTER"),
    )


def normalize_url(url: str) -> str:
    """The URL as a source is keyed: scheme and host in lower case, no fragment."""
    value = url.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise InputError(f"{url!r} is not an http(s) URL")
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored: trimmed, no commas, each once, in the order given."""
    found: list[str] = []
    for tag in tags:
        for part in tag.split(","):
            part = part.strip()
            if part and part not in found:
                found.append(part)
    return found


Fetcher = Callable[[str], Any]  # url → an object with .content_type and .content (FetchResult)


def detect_kind(url: str, fetcher: Fetcher) -> str:
    """The kind of ``url``: from its path when that tells, else from one fetch with ``fetcher``."""
    found = kind_from_url(url)
    if found is not None:
        return found
    try:
        result = fetcher(url)
    except (FetchFailed, FetchRefused) as error:
        raise InputError(
            f"cannot tell what kind of source {url} is ({error.message}); give --kind"
        ) from None
    return kind_from_content(result.content_type, result.content)


def add(
    store: Store,
    url: str,
    *,
    kind: str | None = None,
    every: float | None = None,
    name: str | None = None,
    tags: Iterable[str] = (),
    fetcher: Fetcher | None = None,
) -> Source:
    """Add a source, due at once; its kind is detected when not given.

    Raises ``InputError`` for a bad URL or kind and when the URL is already a source, and
    ``FetchRefused`` for a private host (unless ``KIEMCHUNG_ALLOW_PRIVATE_HOSTS``).
    """
    url = normalize_url(url)
    if kind is not None and kind not in KINDS:
        raise InputError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    every = float(every if every is not None else store.settings.get("KIEMCHUNG_MONITOR_EVERY"))  # type: ignore[arg-type]
    if every <= 0:
        raise InputError("--every must be longer than zero")
    with store.reading() as connection:
        if queries.find_source(connection, url) is not None:
            raise InputError(f"{url} is already a source")
    guarded = guard.Fetcher(store.settings)
    guarded.check(url)
    kind = kind or detect_kind(url, fetcher or guarded.fetch)
    moment = iso(now())
    with store.writing() as connection:
        if queries.find_source(connection, url) is not None:
            raise InputError(f"{url} is already a source")
        queries.add_source(connection, url, kind, name, ",".join(clean_tags(tags)), every, moment)
        return _source(_lookup(connection, url), store.settings)


def all_sources(store: Store) -> list[Source]:
    """Every source, in the order they were added."""
    with store.reading() as connection:
        rows = queries.all_sources(connection)
    return [_source(row, store.settings) for row in rows]


def get(store: Store, ref: str | int) -> Source:
    """A source by id or URL; ``NotFound`` when there is none."""
    with store.reading() as connection:
        row = _lookup(connection, ref)
    return _source(row, store.settings)


def _lookup(connection: Connection, ref: str | int) -> SourceRow:
    text = str(ref).strip()
    if text.isdigit():
        row = queries.source_by_id(connection, int(text))
    else:
        try:
            url = normalize_url(text)
        except InputError:
            url = text
        row = queries.find_source(connection, url)
    if row is None:
        raise NotFound(f"no source {text} (see: kiemchung sources list)")
    return row


def pause(store: Store, ref: str | int) -> Source:
    """Stop polling a source until it is resumed; its history is kept."""
    return _set(store, ref, paused=1)


def resume(store: Store, ref: str | int) -> Source:
    """Poll a paused (or unhealthy) source again, at once, with its failure count reset."""
    return _set(store, ref, paused=0, failures=0, next_poll_at=iso(now()))


def _set(store: Store, ref: str | int, **values: Any) -> Source:
    with store.writing() as connection:
        row = _lookup(connection, ref)
        queries.set_source(connection, row.id, **values)
        return _source(_lookup(connection, row.id), store.settings)


def remove(store: Store, ref: str | int) -> Source:
    """Stop monitoring a source for good. The documents it brought in stay in the store."""
    with store.writing() as connection:
        row = _lookup(connection, ref)
        queries.remove_source(connection, row.id)
    return _source(row, store.settings)


def count_due(store: Store) -> int:
    """How many active sources are due now."""
    with store.reading() as connection:
        return queries.count_due(connection, iso(now()))
