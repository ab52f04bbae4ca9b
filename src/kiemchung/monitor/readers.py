"""What a poll of a source found: the new items of a feed, sitemap, listing page or JSONL export.

Each reader gets the source's response (already fetched through the guard) and a ``fetch_page``
that fetches article pages through the same guard and host gate; items whose URL ``is_known``
are left out without a fetch. Extraction is ingest's (trafilatura, feed entry text), so a page
reads the same whether ingest or the monitor brought it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

from .. import untrusted
from ..errors import FetchFailed, FetchRefused
from ..ingest import feeds, html, posts
from ..ingest.dedup import content_hash
from ..ingest.items import Item
from ..text.normalize import clean

FetchPage = Callable[[str], Any]  # url → FetchResult, through the guard and the host gate
IsKnown = Callable[[str], "str | None"]
"""item key → "seen" (this source gave it before), "stored" (another one did), or None (new)."""

SITEMAP_CHILDREN = 3  # newest child sitemaps read from a sitemap index per poll
_ARTICLE_PATH = re.compile(r"(\.html?$|\d{5,}|[a-z0-9]+(-[a-z0-9]+){3,})", re.I)


@dataclass
class Listing:
    """The new items of one poll; ``complete`` is False when some were left for the next poll,
    ``error`` says why the source could not be read at all."""

    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    complete: bool = True
    error: str | None = None


def read(
    kind: str,
    result: Any,
    *,
    fetch_page: FetchPage,
    is_known: IsKnown,
    limit: int,
    name: str | None = None,
) -> Listing:
    """The new items of a source of ``kind`` whose response is ``result``."""
    listing = Listing()
    reader = {"rss": _feed, "atom": _feed, "sitemap": _sitemap, "page": _page, "jsonl": _jsonl}[
        kind
    ]
    taken = 0
    for item in _unseen(reader(result, fetch_page, is_known, listing), is_known):
        if not item.stored:
            if taken >= limit:
                listing.complete = False
                break
            taken += 1
        item.source = name or item.source
        listing.items.append(item)
    return listing


def _unseen(items: Iterator[Item], is_known: IsKnown) -> Iterator[Item]:
    """Leave out what this source gave before (stubs of stored items are kept, to be recorded)."""
    return (item for item in items if is_known(item_key(item)) != "seen")


def _known(url: str, is_known: IsKnown, kind: str) -> Item | None:
    """None for a URL to fetch; a stub for one already stored (recorded without a fetch)."""
    state = is_known(url)
    if state is None:
        return None
    return Item(text="", kind=kind, ref=url, url=url, stored=True)


def _page_item(
    url: str, fetch_page: FetchPage, listing: Listing, kind: str = "page"
) -> Item | None:
    try:
        page = fetch_page(url)
    except (FetchFailed, FetchRefused) as error:
        listing.problems.append(error.message)
        return None
    # Stored under the URL the listing gave, so the next poll knows it without a fetch.
    item = html.extract(page.content, url=url, ref=url, kind=kind)
    if item is None:
        listing.problems.append(f"no main text found at {url}")
    return item


def join(base: str, link: str) -> str | None:
    """``link`` made absolute against ``base``; None for one that is no address
    (``https://[::1/x``)."""
    try:
        absolute = urljoin(base, link)
        urlsplit(absolute).hostname  # noqa: B018 (reads the host, which may be malformed)
    except ValueError:
        return None
    return absolute


def item_key(item: Item) -> str:
    """What identifies an item of a source: its URL, else the hash of its text."""
    return item.url or f"text:{content_hash(clean(item.text))}"


def _feed(
    result: Any, fetch_page: FetchPage, is_known: IsKnown, listing: Listing
) -> Iterator[Item]:
    try:
        parsed = feeds.parse(result.content)
    except ValueError as error:
        listing.error = str(error)
        return
    feed_title = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link") or None
        if link:
            link = join(result.final_url, link)
        if link:
            stub = _known(link, is_known, "entry")
            if stub is not None:
                yield stub
                continue
        item = _page_item(link, fetch_page, listing, "entry") if link else None
        if item is None:
            text = feeds._own_text(entry)
            if not text:
                continue
            item = Item(text=text, kind="entry", ref=f"{result.url} entry {number}", url=link)
        item.kind = "entry"
        item.title = entry.get("title") or item.title
        item.published = feeds._date(entry) or item.published
        item.source = feed_title or item.source
        yield item


def sitemap_urls(content: bytes) -> tuple[str, list[tuple[str, str]]]:
    """(root element name, [(loc, lastmod)]) of a sitemap or sitemap index, newest first."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser=parser)
    found = []
    for node in root:
        loc = node.findtext("{*}loc")
        if loc:
            found.append((loc.strip(), (node.findtext("{*}lastmod") or "").strip()))
    found.sort(key=lambda pair: pair[1], reverse=True)
    return etree.QName(root).localname, found


def _sitemap(
    result: Any, fetch_page: FetchPage, is_known: IsKnown, listing: Listing
) -> Iterator[Item]:
    from lxml import etree

    try:
        root, urls = sitemap_urls(result.content)
        if root == "sitemapindex":
            children = urls[:SITEMAP_CHILDREN]
            urls = []
            for child, _ in children:
                urls += sitemap_urls(fetch_page(child).content)[1]
            urls.sort(key=lambda pair: pair[1], reverse=True)
    except (etree.XMLSyntaxError, ValueError) as error:
        listing.error = f"not a readable sitemap ({error})"
        return
    except (FetchFailed, FetchRefused) as error:
        listing.error = error.message
        return
    for loc, lastmod in urls:
        stub = _known(loc, is_known, "page")
        if stub is not None:
            yield stub
            continue
        item = _page_item(loc, fetch_page, listing)
        if item is not None:
            item.published = item.published or lastmod or None
            yield item


def article_links(html_text: str, base: str) -> list[str]:
    """Links of a listing page to what look like articles of the same site, in page order."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return []
    host = urlsplit(base).hostname
    links: list[str] = []
    for href in root.xpath("//a/@href"):
        absolute = join(base, str(href))
        if absolute is None:
            continue
        parts = urlsplit(absolute)
        if parts.scheme not in {"http", "https"} or parts.hostname != host:
            continue
        if not _ARTICLE_PATH.search(parts.path.rstrip("/").rsplit("/", 1)[-1]):
            continue
        clean = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        if clean != base and clean not in links:
            links.append(clean)
    return links


def _page(
    result: Any, fetch_page: FetchPage, is_known: IsKnown, listing: Listing
) -> Iterator[Item]:
    """A listing page: its article links are the items; a page without any is itself one."""
    links = article_links(result.text, result.final_url)
    if not links:
        stub = _known(result.url, is_known, "page")
        if stub is not None:
            yield stub
            return
        item = html.extract(result.content, url=result.url, ref=result.url)
        if item is not None:
            yield item
        return
    for link in links:
        stub = _known(link, is_known, "page")
        if stub is not None:
            yield stub
            continue
        item = _page_item(link, fetch_page, listing)
        if item is not None:
            yield item


def _jsonl(
    result: Any, fetch_page: FetchPage, is_known: IsKnown, listing: Listing
) -> Iterator[Item]:
    """A JSONL export of posts: ``{"text", "url"?, "title"?, "published"?, "source"?}`` a line."""
    try:
        text = untrusted.decode(result.content)
    except untrusted.Unreadable as error:
        listing.error = error.message
        return
    for number, line in untrusted.lines(text):
        if not line.strip():
            continue
        where = f"{result.url}:{number}"
        try:
            row = untrusted.loads(line)
        except untrusted.Unreadable as error:
            listing.problems.append(f"{where}: {error.message}")
            continue
        why = untrusted.problem(row)
        item = f"holds {why}" if why else posts._item(row, where)
        if isinstance(item, str):
            listing.problems.append(f"{where}: {item}")
            continue
        yield item
