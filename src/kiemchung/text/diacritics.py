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

from .abbreviations import ACCENTED, UNIT, UNITS
from .normalize import fold, normalize

# The usual accented form of the most frequent Vietnamese syllables typed without tone marks:
# function words and everyday words that carry a sentence's frame ("ko dc an" → "không được ăn").
COMMON: dict[str, str] = {}
for _accented in """
    không của người được một những các có này cho với từ đến trong trên dưới như khi nếu vì nên
    hay cũng còn mới ra vào lên xuống lại nữa rồi thì là và mà để đã sẽ đang bị rất nào gì ai
    đâu sao thế năm ngày tháng giờ tuần sáng chiều tối đêm nay mai qua sau trước nhiều ít hết
    tất cả mọi chỉ đều vẫn phải cần muốn biết nói bảo thấy nghe đọc xem làm đi về ăn uống ở
    nhà tiền giá tăng giảm mất chết bệnh thuốc bác sĩ trẻ con mẹ bố em anh chị ông bà nước
    thành phố tỉnh huyện xã dân chính phủ bộ công an ngân hàng tài khoản thẻ căn cước điện
    thoại mạng tin giả thật đúng sai nhé nha ạ ơi luôn liền ngay lúc đó kia ấy họ chúng tôi mình
    bạn mỗi cái chiếc quả lần số triệu tỷ nghìn đồng học sinh trường thi lương phạt xe đường
    vừa cùng nhưng hoặc theo tại bằng gây giúp chữa khỏi ung thư tử vong nhiễm virus vắc xin
    """.split():
    COMMON.setdefault(fold(_accented), _accented)  # the first, most frequent reading wins

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
        """``text`` with tone marks added where a known phrase decides them, abbreviations
        written out ("dh" → "đại học")."""
        # Units glued to a number first: "500k" is "500 nghìn", a lone "k" is "không".
        text = UNIT.sub(lambda match: f"{match.group(1)} {UNITS[match.group(2)]}", text.lower())
        words = _SYLLABLE.findall(text)
        out: list[str] = []
        i = 0
        while i < len(words):
            size, found = self._longest(words, i)
            if size == 1 and words[i] in ACCENTED:
                # "tphcm" → "thành phố hồ chí minh", not "họ chỉ mình"; a longer phrase of
                # the library or word list ("bít tết") still wins.
                found = ACCENTED[words[i]]
            out.append(found if found is not None else words[i])
            i += size
        return " ".join(out)

    def _longest(self, words: list[str], i: int) -> tuple[int, str | None]:
        """The phrase starting at ``i``: the library's own phrases first (they are what the
        query must meet), then a frequent syllable's usual form, then single words of the
        library and the word list."""
        sizes = [size for size in range(min(_MAX_WORDS, len(words) - i), 0, -1)
                 if all(w.isalpha() for w in words[i:i + size])]
        keys = {size: tuple(fold(w) for w in words[i:i + size]) for size in sizes}
        for size in sizes:
            if size > 1 and keys[size] in self.phrases:
                return size, self.phrases[keys[size]].most_common(1)[0][0]
        if sizes and keys[1][0] in COMMON:
            return 1, COMMON[keys[1][0]]
        for size in sizes:
            found = self._best(keys[size])
            if found is not None:
                return size, found
        return 1, None


def lacks_tone_marks(text: str) -> bool:
    """True for text whose letters carry no Vietnamese diacritics at all."""
    lowered = text.lower()
    return fold(lowered) == lowered.replace("đ", "d") and "đ" not in lowered
