"""A social post reduced to what it says: the poster's signature, links and markup taken out.

Posts copied from X/Twitter end with the poster's name, handle and date ("— Name (@handle)
April 3, 2016"): who posted is not part of the claim (and the product keeps no record of
people), so it goes; only the year of its date is kept (``posted_year``). Links carry nothing a reader can check in the text. A handle or hashtag
written in camel case (``@BernieSanders``, ``#BernieTakesNevada``) is split into its words, so
both the lexical search and the encoder read "Bernie Sanders".
"""

from __future__ import annotations

import re

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "— Name (@handle) April 3, 2016" at the end of a post, the dash an em or en dash or "--".
_SIGNATURE = re.compile(
    rf"\s*(?:—|–|--)[^—–\n]{{0,80}}\(@\w{{1,30}}\)\s*(?:(?:{_MONTHS})\.? \d{{1,2}}, (\d{{4}}))?\s*$"
)
_LINK = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\bt\.co/\S+", re.IGNORECASE)
_TAG = re.compile(r"(?<![\w@#])[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_SPACES = re.compile(r"[ \t]+")


def _words_of_tag(match: re.Match[str]) -> str:
    return _CAMEL.sub(" ", match.group(1)).replace("_", " ")


def posted_year(text: str) -> int | None:
    """The year a copied post was published, read from its signature's date; None when it
    carries none. Matching compares it with the years a fact-check names."""
    found = _SIGNATURE.search(text)
    return int(found.group(1)) if found and found.group(1) else None


def clean_post(text: str) -> str:
    """``text`` without a trailing signature, links, and ``@``/``#`` marks (their words kept).

    Returns ``text`` itself when nothing would be left of it.
    """
    cleaned = _SIGNATURE.sub("", text)
    cleaned = _LINK.sub(" ", cleaned)
    cleaned = _TAG.sub(_words_of_tag, cleaned)
    cleaned = _SPACES.sub(" ", cleaned).strip()
    return cleaned if re.search(r"\w", cleaned) else text
