"""Language detection: ``vi``, ``en`` or ``other``, including Vietnamese typed without tone marks."""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import fold

# Letters only Vietnamese uses among Latin-script languages.
_VIETNAMESE_LETTERS = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
# Frequent Vietnamese syllables that are not English words, in folded form.
_FOLDED_VIETNAMESE = frozenset(
    """
    khong cua nguoi duoc mot nhung cac trong cho voi nay thi la va co ve da se dang tu den nhu
    khi neu vi bi lam an uong benh viet nam nuoc ngay nam thang gia tien hay rat nhieu cung
    chua minh ban toi chung ho nay do sau truoc tren duoi ra vao len xuong moi nha tre con
    """.split()
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.VIETNAMESE, Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH,
        Language.INDONESIAN, Language.CHINESE, Language.JAPANESE, Language.KOREAN, Language.THAI,
        Language.RUSSIAN,
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str:
    """``"vi"``, ``"en"`` or ``"other"`` for a text; empty or symbol-only text is ``"other"``."""
    words = _WORDS.findall(text)
    if not words:
        return "other"
    if _VIETNAMESE_LETTERS.search(text):
        return "vi"
    folded = [fold(word) for word in words]
    share = sum(word in _FOLDED_VIETNAMESE for word in folded) / len(folded)
    if share >= 0.3:
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
