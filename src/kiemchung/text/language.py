"""Language detection: ``vi``, ``en`` or ``other``, including Vietnamese typed without tone marks."""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import fold

# Letters only Vietnamese uses among Latin-script languages.
_VIETNAMESE_LETTERS = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
ENOUGH = 2000
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
# A text with Vietnamese letters is Vietnamese unless at least this share of its lower-case
# words are no Vietnamese syllable: an English post under a Vietnamese heading ("Cảnh báo
# khẩn: the dam collapsed …"). Names and acronyms, common in Vietnamese posts ("SEA Games 31
# VN nhất toàn đoàn"), are left out of the count by their capitals.
FOREIGN_SHARE = 0.5
# ... and when at least this share of all its words has a letter only Vietnamese uses (typed
# Vietnamese: 0.2 to 0.9; an English post under "Cảnh báo khẩn": about 0.1).
LETTERED_SHARE = 0.2


@lru_cache(maxsize=1)
def vietnamese_syllables() -> frozenset[str]:
    """Every Vietnamese syllable in underthesea's Viet74K word list, folded."""
    from importlib import resources

    words = (resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt").read_text(
        encoding="utf-8"
    )
    return frozenset(fold(syllable) for syllable in words.lower().split() if syllable.isalpha())


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.VIETNAMESE,
        Language.ENGLISH,
        Language.FRENCH,
        Language.GERMAN,
        Language.SPANISH,
        Language.INDONESIAN,
        Language.CHINESE,
        Language.JAPANESE,
        Language.KOREAN,
        Language.THAI,
        Language.RUSSIAN,
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str:
    """``"vi"``, ``"en"`` or ``"other"`` for a text; empty or symbol-only text is ``"other"``.

    Only the first ``ENOUGH`` characters are read: they decide the language as well as the whole
    would, and the detector's cost grows faster than the length of a long word.
    """
    text = text[:ENOUGH]
    words = _WORDS.findall(text)
    if not words:
        return "other"
    syllables = vietnamese_syllables()
    lettered = sum(_VIETNAMESE_LETTERS.search(word) is not None for word in words)
    if lettered >= LETTERED_SHARE * len(words) and _foreign_share(words, syllables) < FOREIGN_SHARE:
        return "vi"
    # Vietnamese typed without tone marks: nearly every word is a Vietnamese syllable, which
    # English text (where only short words like "an", "to", "can" are) never is.
    folded = [fold(word) for word in words]
    share = sum(word in syllables for word in folded) / len(folded)
    if share >= 0.75 and len(folded) >= 3:
        return "vi"
    if lettered:  # mostly another language's words: those decide, not a Vietnamese heading's
        text = " ".join(word for word in words if not _VIETNAMESE_LETTERS.search(word))
    detected = _detector().detect_language_of(text)
    name = detected.name if detected is not None else ""
    if name == "ENGLISH":
        return "en"
    if name == "VIETNAMESE" or lettered:  # Vietnamese mixed with a third language's words
        return "vi"
    return "other"


def _foreign_share(words: list[str], syllables: frozenset[str]) -> float:
    """The share of the lower-case words that no Vietnamese syllable folds to (0 without any)."""
    lower = [word for word in words if word[0].islower()]
    if not lower:
        return 0.0
    return sum(fold(word) not in syllables for word in lower) / len(lower)
