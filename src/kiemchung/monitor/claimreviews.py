"""Fact-checkers' own ClaimReview, collected from their feeds, sitemaps and pages into the library.

A source of kind ``claimreview`` is a fact-checker's feed, sitemap (or sitemap index) or listing
page. A poll lists the pages it names and fetches those that are new, or whose listing gives
another date than when they were read (at most ``KIEMCHUNG_MONITOR_FACTCHECK_PAGES`` pages and
as many child sitemaps; the rest wait for the next poll). Each page's ClaimReview JSON-LD is read
by the library's own reader; a page without any is recorded and left alone, a broken one is
reported and the others still load.

Each page is recorded for the source (``source_items``) with the date its listing gave and a
digest of its ClaimReview, after its entries were imported: a page seen again unchanged imports
nothing, one whose ClaimReview changed updates its entries in place (the library keys them by
url), and a crash between the two reads the page again and finds its entries already there.

Only what a fact-checker publishes as ClaimReview is taken, and only for pages of its own site;
an entry cites the fact-check by its public URL and names the publishing organisation, never a
person (docs/principles.md, 1).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import urlsplit

from sqlalchemy import Connection

from ..clock import iso, now
from ..errors import FetchFailed, FetchRefused
from ..library.claimreview import NO_MARKUP, Problem, parse_bytes
from ..library.record import FactCheck
from ..store.queries import library
from ..store.queries import sources as queries
from .kinds import kind_from_content
from .readers import FetchPage, article_links, sitemap_urls

if TYPE_CHECKING:
    from ..store import Store

Recorded = dict[str, tuple[str, str]]
"""page or child sitemap URL → (the date its listing gave when it was read, its digest)."""

SITEMAP = "sitemap"  # the digest of a child sitemap whose pages were all read


@dataclass
class Page:
    """A page (or child sitemap) read in one poll: ``listed`` is the date its listing gave ("" for
    none), ``digest`` identifies its ClaimReview ("" when it has none)."""

    url: str
    listed: str
    digest: str
    entries: list[FactCheck] = field(default_factory=list)


@dataclass
class Harvest:
    """What one poll of a ``claimreview`` source read, before anything is stored.

    ``complete`` is False when pages were left for the next poll; ``retry`` when a page could not
    be fetched (the source is then read again at its next poll, not answered by a 304);
    ``error`` says why the source could not be read at all."""

    pages: list[Page] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    complete: bool = True
    retry: bool = False
    error: str | None = None


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # entries seen again exactly as the library has them


# -- reading (worker threads) ----------------------------------------------------------------


def read(
    result: Any,
    *,
    fetch_page: FetchPage,
    recorded: Recorded,
    budget: int,
    publisher: str | None = None,
) -> Harvest:
    """The pages to import from a ``claimreview`` source whose response is ``result``.

    ``publisher`` names the fact-checker for entries whose markup names no organisation."""
    reader = _Reader(fetch_page, recorded, budget, publisher)
    kind = kind_from_content(result.content_type, result.content)
    if kind in {"rss", "atom"}:
        reader.feed(result)
    elif kind == "sitemap":
        reader.sitemap(result)
    elif kind == "page":
        reader.listing_page(result)
    else:
        reader.harvest.error = (
            f"a claimreview source must be a feed, a sitemap or a page, not {kind}"
        )
    return reader.harvest


class _Reader:
    """One poll's reading: what is left of the budget, and which pages were taken already."""

    def __init__(
        self, fetch_page: FetchPage, recorded: Recorded, budget: int, publisher: str | None
    ) -> None:
        self.fetch_page = fetch_page
        self.recorded = recorded
        self.pages_left = self.children_left = budget
        self.publisher = publisher
        self.taken: set[str] = set()
        self.harvest = Harvest()

    def wanted(self, url: str, listed: str) -> bool:
        """New, or listed with another date than when it was read."""
        known = self.recorded.get(url)
        return known is None or (bool(listed) and listed != known[0])

    def take(self, candidates: Iterable[tuple[str, str]]) -> bool:
        """Read the wanted pages among ``(url, listed date)``; True when every one was read."""
        whole = True
        for url, listed in candidates:
            if url in self.taken or not self.wanted(url, listed):
                continue
            if self.pages_left <= 0:
                self.harvest.complete = False
                return False
            self.pages_left -= 1
            self.taken.add(url)
            try:
                response = self.fetch_page(url)
            except (FetchFailed, FetchRefused) as error:
                self.harvest.problems.append(error.message)
                self.harvest.retry = True
                whole = False
                continue
            self.add(url, listed, response.content, response.final_url)
        return whole

    def add(self, url: str, listed: str, content: bytes, final_url: str) -> None:
        """Read one page's ClaimReview; it is recorded under ``url``, the address its listing
        gave, so the next poll knows it without a fetch."""
        entries: list[FactCheck] = []
        for entry in parse_bytes(content, final_url):
            if isinstance(entry, Problem):
                if entry.message != NO_MARKUP:
                    self.harvest.problems.append(str(entry))
            elif not same_site(entry.url, final_url):
                self.harvest.problems.append(
                    f"{final_url}: ClaimReview of {entry.url}, a page of another site (skipped)"
                )
            else:
                entry.publisher = entry.publisher or self.publisher
                entries.append(entry)
        self.harvest.pages.append(Page(url, listed, digest(entries), entries))

    def feed(self, result: Any) -> None:
        from ..ingest import feeds

        try:
            parsed = feeds.parse(result.content)
        except ValueError as error:
            self.harvest.error = str(error)
            return
        from .readers import join

        links = (
            (join(result.final_url, entry.get("link") or ""), entry) for entry in parsed.entries
        )
        self.take(
            (link, entry.get("updated") or entry.get("published") or "")
            for link, entry in links
            if link and entry.get("link")
        )

    def sitemap(self, result: Any) -> None:
        from lxml import etree

        try:
            root, urls = sitemap_urls(result.content)
        except (etree.XMLSyntaxError, ValueError) as error:
            self.harvest.error = f"not a readable sitemap ({error})"
            return
        if root != "sitemapindex":
            self.take(urls)
            return
        for child, listed in urls:  # newest first
            if not self.wanted(child, listed):
                continue
            if self.children_left <= 0:
                self.harvest.complete = False
                return
            self.children_left -= 1
            try:
                _, pages = sitemap_urls(self.fetch_page(child).content)
            except (FetchFailed, FetchRefused) as error:
                self.harvest.problems.append(error.message)
                self.harvest.retry = True
                continue
            except (etree.XMLSyntaxError, ValueError) as error:
                self.harvest.problems.append(f"{child}: not a readable sitemap ({error})")
                continue
            if self.take(pages):
                # Read to its end: skipped from now on until the index gives it a new date.
                self.harvest.pages.append(Page(child, listed, SITEMAP))
            if not self.harvest.complete:
                return

    def listing_page(self, result: Any) -> None:
        """The page itself (it may be a fact-check) and its links to article pages of the site."""
        self.taken.add(result.url)
        self.add(result.url, "", result.content, result.final_url)
        self.take((link, "") for link in article_links(result.text, result.final_url))


def same_site(url: str, page_url: str) -> bool:
    """Whether a ClaimReview's ``url`` belongs to the site of the page that carries it (a page
    may not write entries for another fact-checker's pages into the library)."""

    def host(value: str) -> str:
        name = (urlsplit(value).hostname or "").lower()
        return name[4:] if name.startswith("www.") else name

    mine, theirs = host(page_url), host(url)
    return bool(mine) and (
        theirs == mine or theirs.endswith("." + mine) or mine.endswith("." + theirs)
    )


def digest(entries: list[FactCheck]) -> str:
    """What identifies a page's ClaimReview: "" for none, else a hash of every entry."""
    if not entries:
        return ""
    content = [[entry.url, entry.publisher, entry.data] for entry in entries]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- storing (the writer) -----------------------------------------------------------------------


def recorded(store: Store, source_id: int) -> Recorded:
    """Every page and child sitemap the source has read, with its listing date and digest."""
    with store.reading() as connection:
        rows = queries.pages_read(connection, source_id)
    return {row.url: (row.listed or "", row.digest or "") for row in rows}


def import_pages(store: Store, source_id: int, pages: list[Page]) -> Imported:
    """Import the entries of the pages whose ClaimReview changed since they were recorded; an
    entry the library already holds as it is stays untouched."""
    from ..matching.library_index import add_factchecks

    known = recorded(store, source_id)
    entries = {
        entry.url: entry
        for page in pages
        if page.entries and known.get(page.url, ("", None))[1] != page.digest
        for entry in page.entries
    }
    fresh = _changed(store, list(entries.values()))
    created, updated = add_factchecks(store, fresh) if fresh else (0, 0)
    return Imported(created, updated, len(entries) - len(fresh))


def _changed(store: Store, entries: list[FactCheck]) -> list[FactCheck]:
    if not entries:
        return []
    with store.reading() as connection:
        held = {
            row.url: (json.loads(row.data), row.publisher)
            for row in library.stored_factchecks(connection, [entry.url for entry in entries])
        }
    # the data as it is stored (a JSON round trip), so equal markup compares equal
    return [
        entry
        for entry in entries
        if held.get(entry.url) != (json.loads(json.dumps(entry.data)), entry.publisher)
    ]


def record(connection: Connection, source_id: int, pages: list[Page]) -> None:
    """Record the pages read (in the transaction that saves the source's new state)."""
    by_url = {page.url: page for page in pages}
    if not by_url:
        return
    known = queries.items_seen(connection, source_id, list(by_url))
    moment = iso(now())
    for url, page in by_url.items():
        read = queries.PageRead(url, page.listed, page.digest)
        queries.set_page_read(connection, source_id, read, moment, url in known)
