"""Language detection: ``vi``, ``en`` or ``other``, including Vietnamese typed without tone marks."""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import fold

# Letters only Vietnamese uses among Latin-script languages.
_VIETNAMESE_LETTERS = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
ENOUGH = 2000
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _folded_syllables() -> frozenset[str]:
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
    if _VIETNAMESE_LETTERS.search(text):
        return "vi"
    # Vietnamese typed without tone marks: nearly every word is a Vietnamese syllable, which
    # English text (where only short words like "an", "to", "can" are) never is.
    syllables = _folded_syllables()
    folded = [fold(word) for word in words]
    share = sum(word in syllables for word in folded) / len(folded)
    if share >= 0.75 and len(folded) >= 3:
        return "vi"
    detected = _detector().detect_language_of(text)
    if detected is None:
        return "other"
    name = detected.name
    if name == "VIETNAMESE":
        return "vi"
    if name == "ENGLISH":
        return "en"
    return "other"
