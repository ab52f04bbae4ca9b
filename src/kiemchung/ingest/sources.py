"""What an input is: a local posts file (.jsonl/.csv), a plain text (.txt), an HTML page, an
RSS/Atom feed file, or a URL, fetched through the guard and read as a page or a feed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher
from . import feeds, html, posts
from .items import Item, Known, OnProblem, Problem

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.S | re.I)
_FEED_TYPES = ("rss", "atom", "/xml", "+xml", "rdf")


def is_url(value: str) -> bool:
    """True for anything with a scheme (``file://`` too: the guard refuses it, with a reason)."""
    return bool(_URL.match(value))


def read(value: str, *, on_problem: OnProblem, known: Known, fetcher: Fetcher) -> Iterator[Item]:
    """The items of one PATH_OR_URL, in order; problems go to ``on_problem``; URLs (a feed's
    entries too) are fetched with ``fetcher``."""
    if is_url(value):
        yield from _read_url(value, on_problem, known, fetcher)
    else:
        yield from _read_path(Path(value), on_problem, known, fetcher)


def _read_url(url: str, on_problem: OnProblem, known: Known, fetcher: Fetcher) -> Iterator[Item]:
    if known(url):  # a stored page: not fetched again (a feed's URL is never stored)
        yield Item(text="", kind="page", ref=url, url=url, stored=True)
        return
    try:
        result = fetcher.fetch(url)
    except (FetchRefused, FetchFailed) as error:
        on_problem(Problem(error.message, fatal=True))
        return
    is_feed_type = any(part in result.content_type for part in _FEED_TYPES)
    if (is_feed_type and "xhtml" not in result.content_type) or (
        "html" not in result.content_type and feeds.looks_like_feed(result.content)
    ):
        yield from feeds.entries(
            result.content, ref=url, on_problem=on_problem, known=known, fetcher=fetcher
        )
        return
    if result.content_type == "text/plain":
        yield from _text(result.text, url, on_problem, url=url)
        return
    item = html.extract(result.content, url=url, ref=url)
    if item is None:
        on_problem(Problem("no main text found in the page; skipped", url, fatal=True))
        return
    yield item


def _read_path(path: Path, on_problem: OnProblem, known: Known, fetcher: Fetcher) -> Iterator[Item]:
    if not path.exists():
        on_problem(Problem("no such file", str(path), fatal=True))
        return
    if not path.is_file():
        on_problem(Problem("not a file", str(path), fatal=True))
        return
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".csv"}:
        yield from posts.read(path, on_problem)
        return
    try:
        content = path.read_bytes()
    except OSError as error:
        on_problem(Problem(f"cannot be read ({error.strerror})", str(path), fatal=True))
        return
    if suffix in {".rss", ".atom", ".xml"} or (
        suffix not in {".html", ".htm", ".txt"} and feeds.looks_like_feed(content)
    ):
        yield from feeds.entries(
            content, ref=str(path), on_problem=on_problem, known=known, fetcher=fetcher
        )
    elif suffix in {".html", ".htm"} or (suffix != ".txt" and _HTML_START.match(content[:4096])):
        item = html.extract(content, url=None, ref=str(path))
        if item is None:
            on_problem(Problem("no main text found in the page; skipped", str(path), fatal=True))
            return
        item.source = item.source or path.name
        yield item
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            on_problem(Problem("not UTF-8 text; skipped", str(path), fatal=True))
            return
        yield from _text(text, str(path), on_problem, source=path.name)


def _text(
    text: str, ref: str, on_problem: OnProblem, *, url: str | None = None, source: str | None = None
) -> Iterator[Item]:
    if not text.strip():
        on_problem(Problem("no text; skipped", ref, fatal=True))
        return
    yield Item(text=text.strip(), kind="text", ref=ref, url=url, source=source)
