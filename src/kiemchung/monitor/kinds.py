"""What kind of source a URL is: a feed (RSS or Atom), a sitemap, a page, or a JSONL export.

The URL alone often tells (``.rss``, ``sitemap.xml``, ``.jsonl``); otherwise the first bytes of
the response do. ``claimreview`` (a fact-checker's feed, sitemap or page whose ClaimReview goes
into the library, ``monitor.claimreviews``) is never detected: it is asked for with ``--kind``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

KINDS = ("rss", "atom", "sitemap", "page", "jsonl", "claimreview")

_XML_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)")


def kind_from_url(url: str) -> str | None:
    """The kind written in the URL's path, or None when the path does not tell."""
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if "sitemap" in name and name.endswith((".xml", ".xml.gz")):
        return "sitemap"
    if name.endswith(".rss") or name in {"rss", "rss.xml", "feed.rss"}:
        return "rss"
    if name.endswith(".atom") or name in {"atom", "atom.xml"}:
        return "atom"
    return None


def kind_from_content(content_type: str, body: bytes) -> str:
    """The kind a response is, judged by its media type and its first element."""
    media = content_type.split(";")[0].strip().lower()
    head = body[:2048].lstrip()
    if media in {"application/x-ndjson", "application/jsonl", "application/x-jsonlines"}:
        return "jsonl"
    if head.startswith(b"{"):
        return "jsonl"
    if media == "application/atom+xml":
        return "atom"
    if media == "application/rss+xml":
        return "rss"
    root = _XML_ROOT.search(head)
    if root is not None and not head.lower().startswith((b"<!doctype html", b"<html")):
        name = root.group(2).decode("ascii").lower()
        if name in {"rss", "rdf"}:
            return "rss"
        if name == "feed":
            return "atom"
        if name in {"urlset", "sitemapindex"}:
            return "sitemap"
    return "page"
