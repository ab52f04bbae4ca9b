"""Sentence splitting with character offsets into the text as given.

Survives what trips general splitters in Vietnamese text: ``TP.HCM``, ``PGS.TS.``, ``2.500``,
``12/3``, URLs, e-mail addresses and emoji.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    text: str


# Abbreviations that end with a period but do not end a sentence (compared lower-cased).
ABBREVIATIONS = frozenset(
    """
    tp tt gs pgs ts ths bs bsck cn ks ls ths.bs pgs.ts gs.ts q h p tx ct cty đ v.v vv tr st mr mrs ms
    dr prof no vs etc e.g i.e jr sr co ltd inc st.
    """.split()
)

_PROTECTED = re.compile(
    r"(?:https?://|www\.)\S+"  # URLs
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail addresses
    r"|(?<!\d)\d+(?:[.,:/]\d+)+"  # 2.500 · 5,66 · 12/3/2024 · 10:30
    r"|(?:[A-ZĐ]\w{0,40}\.){1,3}[A-ZĐ]\w*",  # TP.HCM, PGS.TS.Nguyen, U.S
    re.UNICODE,
)
# A match is tried at each position of the text: a run of word characters is read from its
# start only (the lookbehinds) or at most 40 characters ahead, so a long word without a space
# costs linear time, not quadratic.
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LONGEST_WORD = 64
_AFTER_ANY_END = 1 << 62
_END = re.compile(r"[.!?…]+[\"'”’)\]»]*|\n+")
_TRAILING_EMOJI = re.compile(r"(?:\s*[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d])+")


def _protected_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    # The ranges are in order and do not overlap: only the last one starting at or before
    # ``position`` can hold it (a bisection, not a scan of every range).
    index = bisect_right(ranges, (position, _AFTER_ANY_END)) - 1
    return index >= 0 and position < ranges[index][1] - 1


def _is_abbreviation(text: str, period: int) -> bool:
    # The word before the period, read from a bounded window: no abbreviation is longer.
    word = _WORD_BEFORE.search(text, max(0, period - _LONGEST_WORD), period)
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    if token in ABBREVIATIONS or token.split(".")[-1] in ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha() and text[period - 1].isupper()


def split_sentences(text: str) -> list[Span]:
    """Sentences of ``text`` as spans, so that ``text[span.start:span.end] == span.text``."""
    protected = _protected_ranges(text)
    spans: list[Span] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith("\n"):
            end = match.start()
        else:
            if _inside(match.start(), protected):
                continue
            after = match.end()
            if after < len(text) and not text[after].isspace():
                continue  # "a.b", "?!" inside a word
            if match.group() == "." and _is_abbreviation(text, match.start()):
                continue
            emoji = _TRAILING_EMOJI.match(text, after)
            end = emoji.end() if emoji else after
        _append(spans, text, start, end)
        start = max(end, match.end())
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))
