"""The main text and metadata of an HTML page (trafilatura), without menus, ads and footers."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from .items import Item


def extract(
    html: str | bytes, *, url: str | None, ref: str, kind: str = "page", source: str | None = None
) -> Item | None:
    """An item with the page's main text, title, date, byline and site name; None when the page
    has no main text."""
    import trafilatura

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    data = found.as_dict() if found is not None and hasattr(found, "as_dict") else found
    if not data or not (data.get("text") or "").strip():
        return None
    site = data.get("sitename") or (urlsplit(url).hostname if url else None)
    return Item(
        text=data["text"].strip(),
        kind=kind,
        ref=ref,
        url=url,
        title=data.get("title") or None,
        published=data.get("date") or None,
        byline=data.get("author") or None,
        site=site,
        source=source or site,
    )


def strip_tags(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), one paragraph per line."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return fragment.strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4"):
        block.tail = "\n" + (block.tail or "")
    lines = (line.strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
