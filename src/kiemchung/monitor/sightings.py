"""When and where a narrative was seen: the documents carrying its claims, and their duplicates.

Ingest stores claims only for original documents; a copy of the same text on another site is
linked to the original as an exact or near duplicate. Such copies are how a claim spreads, so a
narrative's documents are the originals with its claims plus every duplicate of them.

A document is seen at its publication time when it has a believable one (not after it was
ingested), else when it was ingested: a first poll that brings in a month of old articles then
does not look like a sudden spike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable
from urllib.parse import urlsplit

from sqlalchemy import Connection

from ..clock import iso, parse_iso
from ..store.queries import narratives as queries

CLOCK_SKEW = timedelta(hours=1)


def sighting(published: str | None, ingested_at: str) -> str:
    """The stored time a document counts as seen (see the module docstring)."""
    found = parse_iso(published)
    ingested = parse_iso(ingested_at)
    if found is not None and ingested is not None and found <= ingested + CLOCK_SKEW:
        return iso(found)
    return iso(ingested) if ingested is not None else ingested_at


@dataclass(frozen=True)
class Sighting:
    narrative_id: int
    document_id: int
    seen_at: datetime
    site: str  # the outlet: a site name or host, never a person or an account
    url: str | None


def site_of(site: str | None, url: str | None) -> str:
    if url:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    return site or "(no site)"


def sightings(
    connection: Connection,
    *,
    since: datetime | None = None,
    narrative_ids: Iterable[int] | None = None,
) -> list[Sighting]:
    """Each (narrative, document) once, duplicates included, seen at or after ``since``."""
    wanted = list(narrative_ids) if narrative_ids is not None else None
    found: dict[tuple[int, int], Sighting] = {}
    # seen_at is never more than CLOCK_SKEW after ingestion
    ingested_since = iso(since - CLOCK_SKEW) if since is not None else None
    for row in queries.sighting_rows(connection, ingested_since, wanted):
        key = (row.narrative_id, row.id)
        if key in found:
            continue
        seen = parse_iso(sighting(row.published, row.ingested_at))
        if seen is None or (since is not None and seen < since):
            continue
        found[key] = Sighting(row.narrative_id, row.id, seen, site_of(row.site, row.url), row.url)
    return sorted(found.values(), key=lambda s: (s.seen_at, s.document_id))


def by_narrative(found: Iterable[Sighting]) -> dict[int, list[Sighting]]:
    grouped: dict[int, list[Sighting]] = {}
    for item in found:
        grouped.setdefault(item.narrative_id, []).append(item)
    return grouped
