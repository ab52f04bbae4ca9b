"""The lexical side of matching: the search form of a text and word-overlap features."""

from __future__ import annotations

import re

from ..text.abbreviations import expand
from ..text.normalize import fold

_TOKENS = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Folded function syllables that say little about what a claim is about.
STOPWORDS = frozenset(
    """
    la va cua co cac nhung mot thi ma de cho voi tu den trong tren duoi nay do kia ay se da
    dang bi duoc rat nhu khi neu vi nen hay hoac cung con moi ra vao len xuong lai nua roi
    thi the nao gi ai dau sao ha nhe nha a oi u ma nay nhe day ve theo tai o qua ne
    the a an of to in on and or is are was be for with that this it as at by from
    """.split()
)


def search_form(text: str) -> str:
    """Folded, abbreviation-expanded, punctuation-free text: what lexical search compares."""
    return " ".join(_TOKENS.findall(expand(fold(text))))


def content_tokens(form: str) -> list[str]:
    return [token for token in form.split() if token not in STOPWORDS]


def bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def numbers(text: str) -> set[str]:
    """Numbers in a text, without thousands separators (``2.500`` → ``2500``)."""
    return {re.sub(r"[.,](?=\d{3}\b)", "", n).replace(",", ".") for n in _NUMBER.findall(text)}
