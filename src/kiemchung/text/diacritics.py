"""Restoring tone marks to Vietnamese typed without them, so dense vectors can read it.

e5 embeds ``vua an sau rieng`` far from ``vừa ăn sầu riêng``; lexical search does not care, but
paraphrases without tone marks need the dense side too. Restoration picks, for each run of folded
syllables, the longest known accented phrase: first from texts given (the fact-check library,
whose vocabulary is what a query must meet), then from underthesea's Viet74K word list.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import Iterable

from .normalize import fold, normalize

_SYLLABLE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]", re.UNICODE)
_MAX_WORDS = 4


@lru_cache(maxsize=1)
def _lexicon_phrases() -> dict[tuple[str, ...], Counter[str]]:
    """folded syllable tuple → accented forms from Viet74K (each word counts once)."""
    phrases: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    try:
        words = (resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt").read_text(
            encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return phrases
    for word in words.splitlines():
        word = normalize(word.strip().lower())
        parts = word.split()
        if 1 <= len(parts) <= _MAX_WORDS and "-" not in word:
            phrases[tuple(fold(part) for part in parts)][word] += 1
    return phrases


class Restorer:
    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.phrases: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        for text in texts:
            words = [w for w in _SYLLABLE.findall(normalize(text).lower()) if w.isalpha()]
            for size in range(1, _MAX_WORDS + 1):
                for i in range(len(words) - size + 1):
                    accented = " ".join(words[i:i + size])
                    self.phrases[tuple(fold(w) for w in words[i:i + size])][accented] += 1
        self.lexicon = _lexicon_phrases()

    def _best(self, key: tuple[str, ...]) -> str | None:
        own = self.phrases.get(key)
        if own:
            return own.most_common(1)[0][0]
        general = self.lexicon.get(key)
        if general and (len(key) > 1 or len(general) == 1):
            return general.most_common(1)[0][0]
        return None

    def restore(self, text: str) -> str:
        """``text`` with tone marks added where a known phrase decides them."""
        words = _SYLLABLE.findall(text.lower())
        out: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                chunk = words[i:i + size]
                if not all(w.isalpha() for w in chunk):
                    continue
                found = self._best(tuple(fold(w) for w in chunk))
                if found is not None:
                    out.append(found)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)


def lacks_tone_marks(text: str) -> bool:
    """True for text whose letters carry no Vietnamese diacritics at all."""
    lowered = text.lower()
    return fold(lowered) == lowered.replace("đ", "d") and "đ" not in lowered
