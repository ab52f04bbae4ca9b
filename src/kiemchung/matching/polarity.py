"""Which way a claim points: up or down, banned or allowed, won or lost.

A reader's "giá xăng giảm 300 đồng" and a fact-check's "giá xăng sắp tăng lên 30.000 đồng" share
their topic words and sit close in e5's space, yet they are different claims. Each text gets the
directions its words state, in Vietnamese or English — negated ones turned round: "không cho
phép" is banned, "không tăng" is down — and a pair whose directions oppose is a feature of the
match decision (``features.direction_clash``).
"""

from __future__ import annotations

import re

# direction → words stating it (accented Vietnamese, lower case; English forms).
DIRECTIONS: dict[str, tuple[str, ...]] = {
    "up": ("tăng", "cao hơn", "đắt hơn", "increase", "increases", "increased", "rise", "rises",
           "rose", "risen", "raise", "raises", "raised", "hike", "hikes", "hiked", "higher",
           "soar", "soars", "soared", "up"),
    "down": ("giảm", "thấp hơn", "rẻ hơn", "decrease", "decreases", "decreased", "fall",
             "falls", "fell", "drop", "drops", "dropped", "cut", "cuts", "lower", "lowered",
             "decline", "declines", "declined", "reduce", "reduces", "reduced", "down"),
    # Not "ban": it is Vietnamese too ("ban hành", "ban ngày", "Ban Chỉ đạo").
    "banned": ("cấm", "bị cấm", "banned", "prohibit", "prohibits", "prohibited", "forbidden",
               "illegal"),
    "allowed": ("được phép", "cho phép", "hợp pháp", "allow", "allows", "allowed", "permit",
                "permits", "permitted", "legal", "legalise", "legalize"),
    "won": ("thắng", "đánh bại", "win", "wins", "won", "beat", "beats", "defeat", "defeats",
            "defeated"),
    "lost": ("thua", "lose", "loses", "lost"),
}
OPPOSITE = {"up": "down", "down": "up", "banned": "allowed", "allowed": "banned",
            "won": "lost", "lost": "won"}
# A negation one or two words before a direction word turns it round.
_NEGATION = r"(?:không|chưa|chẳng|chả|bỏ|not|no|never|\w+n't)"
_PATTERNS = {direction: re.compile(rf"(?<!\w)(?:({_NEGATION})\s+(?:\w+\s+)?)?(?P<word>"
                                   + "|".join(map(re.escape, words)) + r")(?!\w)")
             for direction, words in DIRECTIONS.items()}


# Direction words that are also Vietnamese names ("ông Tăng Văn Bình", "anh Thắng").
NAMES = frozenset({"tăng", "thắng"})


def _is_name(text: str, start: int, word: str) -> bool:
    """A name-like direction word written with a capital inside a sentence."""
    before = text[:start].rstrip()
    return (word in NAMES and text[start].isupper() and bool(before)
            and before[-1] not in ".!?:;\"'“(-–—")


def directions(text: str) -> frozenset[str]:
    """The directions ``text`` states (it should carry its tone marks: restore them first)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): no offsets
        text = lowered
    found = set()
    for direction, pattern in _PATTERNS.items():
        for match in pattern.finditer(lowered):
            if _is_name(text, match.start("word"), match.group("word")):
                continue
            found.add(OPPOSITE[direction] if match.group(1) else direction)
    return frozenset(found)


def clash(query: frozenset[str], claim: frozenset[str]) -> bool:
    """True when the claim states the opposite of a direction the query states, and the two
    share no direction ("giảm rồi lại tăng" does not clash with "tăng")."""
    return not query & claim and any(OPPOSITE[direction] in claim for direction in query)
