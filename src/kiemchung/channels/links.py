"""Links readers send: the page is fetched through the one guarded fetch and its main text
(trafilatura, as ingest reads pages) is what gets matched."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher
from ..ingest.html import extract

URL = re.compile(r"https?://[^\s<>\"'“”]+", re.I)
MATCHED_CHARS = 600  # title and opening of the page: where a claim is stated


@dataclass(frozen=True)
class LinkReading:
    url: str
    title: str | None
    text: str  # the page's main text

    def claim_text(self) -> str:
        """What is matched: the title and the opening of the main text."""
        opening = self.text[:MATCHED_CHARS].rsplit(" ", 1)[0] if self.text else ""
        return "\n".join(part for part in (self.title, opening) if part).strip()


def find_link(text: str) -> str | None:
    """The first http(s) link in a message, without trailing punctuation."""
    found = URL.search(text or "")
    return found.group(0).rstrip(".,;:!?)]}") if found else None


def read_link(fetcher: Fetcher, url: str) -> LinkReading | None:
    """The page's main text; None when it cannot be fetched or has no main text."""
    try:
        page = fetcher.fetch(url)
    except (FetchFailed, FetchRefused):
        return None
    if "html" not in page.content_type and page.content_type not in ("", "text/plain"):
        return None
    if page.content_type == "text/plain":
        return LinkReading(page.final_url, None, page.text.strip()) if page.text.strip() else None
    item = extract(page.text, url=page.final_url, ref=page.final_url)
    if item is None:
        return None
    return LinkReading(page.final_url, item.title, item.text)
