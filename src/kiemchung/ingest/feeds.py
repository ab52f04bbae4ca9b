"""RSS and Atom feeds (feedparser): each entry's page is fetched through the guard and extracted;
when that fails, the entry's own content or summary stands in and the problem is reported."""

from __future__ import annotations

import re
import time
from typing import Iterator

from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher
from . import html
from .items import Item, Known, OnProblem, Problem

_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


def looks_like_feed(content: bytes) -> bool:
    """True when ``content`` starts like an RSS, Atom or RDF document."""
    return bool(_FEED_START.match(content[:4096].lstrip(b"\xef\xbb\xbf")))


def entry_date(entry: dict) -> str | None:  # type: ignore[type-arg]
    """The entry's publication (or update) date, ISO 8601 in UTC when parseable."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return entry.get("published") or entry.get("updated") or None


def entry_text(entry: dict) -> str:  # type: ignore[type-arg]
    """The entry's own text: its content, else its summary, without tags."""
    contents = entry.get("content") or []
    fragment = contents[0].get("value", "") if contents else ""
    return html.strip_tags(fragment or entry.get("summary", ""))


def entries(
    content: bytes, *, ref: str, on_problem: OnProblem, known: Known, fetcher: Fetcher
) -> Iterator[Item]:
    """The items of a feed, in feed order; ``ref`` names the feed in problem messages; each
    entry's page is fetched with ``fetcher``."""
    import feedparser

    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        on_problem(Problem(f"not a readable feed ({feed.get('bozo_exception')})", ref, fatal=True))
        return
    feed_title = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, 1):
        link = entry.get("link") or None
        if link and not link.lower().startswith(("http://", "https://")):
            link = None  # a mailto: or relative link without a base: not a page we can cite
        where = f"{ref} entry {number}"
        if link and known(link):
            yield Item(text="", kind="entry", ref=where, url=link, stored=True)
            continue
        item = _fetched(link, where, on_problem, fetcher) if link else None
        if item is None:
            text = entry_text(entry)
            if not text:
                on_problem(
                    Problem("entry has neither a readable page nor a summary; skipped", where)
                )
                continue
            item = Item(text=text, kind="entry", ref=where, url=link)
        item.kind = "entry"
        item.title = entry.get("title") or item.title
        item.published = entry_date(entry) or item.published
        item.byline = item.byline or entry.get("author") or None
        item.source = feed_title or item.source
        yield item


def _fetched(link: str, where: str, on_problem: OnProblem, fetcher: Fetcher) -> Item | None:
    try:
        result = fetcher.fetch(link)
    except (FetchRefused, FetchFailed) as error:
        on_problem(
            Problem(f"{error.message}; using the feed's summary instead", where, skipped=False)
        )
        return None
    item = html.extract(result.content, url=link, ref=where)
    if item is None:
        on_problem(
            Problem(
                f"no main text found at {link}; using the feed's summary instead",
                where,
                skipped=False,
            )
        )
    return item


_date, _own_text = entry_date, entry_text  # names the monitor's readers first used
