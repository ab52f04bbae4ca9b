"""RSS and Atom feeds (feedparser): each entry's page is fetched through the guard and extracted;
when that fails, the entry's own content or summary stands in and the problem is reported."""

from __future__ import annotations

import re
import time
from typing import Any, Iterator

from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher
from . import html
from .items import Item, Known, OnProblem, Problem

_DECLARED = re.compile(rb"""^(\s*<\?xml[^>]*?\sencoding=)(["'])([^"'>]*)\2""")
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control bytes XML forbids
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")  # UTF-16/32
REPLACED = "\ufffd"  # what an invalid UTF-8 byte of a feed is read as
_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


def looks_like_feed(content: bytes) -> bool:
    """True when ``content`` starts like an RSS, Atom or RDF document."""
    return bool(_FEED_START.match(content[:4096].lstrip(b"\xef\xbb\xbf")))


def _usable(encoding: bytes) -> bool:
    """True for the name of a text encoding Python can read (not "base64", "undefined", …)."""
    try:
        b"<".decode(encoding.decode("ascii"))
    except (LookupError, UnicodeError, ValueError):
        return False
    return True


def readable(content: bytes) -> bytes:
    """The feed as bytes its parser cannot fail on: without the control bytes XML forbids (a
    NUL), with an encoding declaration it can use, an invalid UTF-8 byte read as U+FFFD."""
    if content.lstrip(b"\xef\xbb\xbf").startswith(_WIDE):
        return content  # UTF-16 and UTF-32: their zero bytes are text
    content = _NOT_XML.sub(b"", content)
    declared = _DECLARED.match(content[:1024])
    name = declared.group(3) if declared else b"utf-8"
    if declared and not _usable(name):
        name = b"utf-8"
        content = declared.group(1) + b'"utf-8"' + content[declared.end() :]
    if name.lower().replace(b"_", b"-") in {b"utf-8", b"utf8"}:
        content = content.decode("utf-8", errors="replace").encode("utf-8")
    return content


def parse(content: bytes) -> Any:
    """``feedparser.parse`` of ``readable(content)``; ``ValueError`` says why it has no feed."""
    import feedparser

    try:
        feed = feedparser.parse(readable(content))
    except Exception as error:  # a parser failure is the feed's, whatever its kind
        raise ValueError(f"not a readable feed ({type(error).__name__}: {error})") from None
    if feed.bozo and not feed.entries:
        raise ValueError(f"not a readable feed ({feed.get('bozo_exception')})")
    return feed


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
    try:
        feed = parse(content)
    except ValueError as error:
        on_problem(Problem(str(error), ref, fatal=True))
        return
    feed_title = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, 1):
        link = entry.get("link") or None
        if link and not link.lower().startswith(("http://", "https://")):
            link = None  # a mailto: or relative link without a base: not a page we can cite
        where = f"{ref} entry {number}"
        if REPLACED in entry.get("title", "") + entry_text(entry):
            on_problem(Problem("holds an invalid UTF-8 byte; skipped", where))
            continue
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
