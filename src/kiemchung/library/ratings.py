"""The shared rating scale: every publisher's verdict text mapped onto one ordinal scale.

1 Sai · 2 Phần lớn sai · 3 Gây hiểu lầm · 4 Nửa đúng nửa sai · 5 Phần lớn đúng · 6 Đúng, plus
``unproven`` (Chưa đủ căn cứ) and ``other`` (satire, opinion, …), which have no value: they are
not a degree of truth. Satire and opinion are never mapped to "false" (docs/principles.md,
principle 3).

``rate(alternate_name, rating_value, best, worst)`` gives ``(label, value)``; the publisher's own
words are kept by the caller as ``rating_text``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..text.normalize import fold

SCALE_MIN = 1
SCALE_MAX = 6


@dataclass(frozen=True)
class Label:
    key: str
    value: int | None
    vi: str
    en: str


LABELS: dict[str, Label] = {
    label.key: label
    for label in (
        Label("false", 1, "Sai", "False"),
        Label("mostly-false", 2, "Phần lớn sai", "Mostly false"),
        Label("misleading", 3, "Gây hiểu lầm", "Misleading"),
        Label("half-true", 4, "Nửa đúng nửa sai", "Half true"),
        Label("mostly-true", 5, "Phần lớn đúng", "Mostly true"),
        Label("true", 6, "Đúng", "True"),
        Label("unproven", None, "Chưa đủ căn cứ", "Unproven"),
        Label("other", None, "Khác (châm biếm, ý kiến…)", "Other (satire, opinion…)"),
    )
}
_BY_VALUE = {label.value: label.key for label in LABELS.values() if label.value is not None}

# Written as people write them; folded (lower case, no accents, no punctuation) when looked up.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "false": (
        "Sai",
        "Sai sự thật",
        "Sai hoàn toàn",
        "Hoàn toàn sai",
        "Tin giả",
        "Tin sai",
        "Thông tin sai",
        "Thông tin sai sự thật",
        "Thông tin giả",
        "Tin đồn sai",
        "Tin đồn thất thiệt",
        "Thất thiệt",
        "Không đúng",
        "Không đúng sự thật",
        "Không chính xác",
        "Không có thật",
        "Bịa đặt",
        "Bịa",
        "Giả",
        "Giả mạo",
        "Ảnh giả",
        "Video giả",
        "Lừa đảo",
        "Tin lừa đảo",
        "Sai lầm",
        "False",
        "Fake",
        "Fake news",
        "Pants on fire",
        "Incorrect",
        "Inaccurate",
        "Wrong",
        "Untrue",
        "Not true",
        "Totally false",
        "Completely false",
        "Entirely false",
        "Fabricated",
        "Fabrication",
        "Hoax",
        "Scam",
        "Debunked",
        "Baseless",
        "Misattributed",
        "Four Pinocchios",
        "4 Pinocchios",
        "Fiction",
        "Falso",
        "Faux",
        "Salah",
        "Hoaks",
    ),
    "mostly-false": (
        "Phần lớn sai",
        "Phần lớn là sai",
        "Hầu hết sai",
        "Chủ yếu sai",
        "Gần như sai",
        "Sai một phần",
        "Sai phần lớn",
        "Mostly false",
        "Largely false",
        "Partly false",
        "Partially false",
        "Mostly inaccurate",
        "Mostly incorrect",
        "Three Pinocchios",
        "3 Pinocchios",
    ),
    "misleading": (
        "Gây hiểu lầm",
        "Gây hiểu nhầm",
        "Dễ gây hiểu lầm",
        "Thiếu bối cảnh",
        "Thiếu ngữ cảnh",
        "Sai bối cảnh",
        "Đặt sai bối cảnh",
        "Sai ngữ cảnh",
        "Cắt ghép",
        "Bị cắt ghép",
        "Ảnh cắt ghép",
        "Chỉnh sửa",
        "Đã bị chỉnh sửa",
        "Sai lệch",
        "Xuyên tạc",
        "Phóng đại",
        "Thổi phồng",
        "Đánh tráo khái niệm",
        "Cũ",
        "Tin cũ",
        "Misleading",
        "Missing context",
        "Lacks context",
        "Needs context",
        "Out of context",
        "Taken out of context",
        "Miscaptioned",
        "Altered",
        "Altered photo",
        "Altered video",
        "Doctored",
        "Manipulated",
        "Edited",
        "Distorted",
        "Exaggerated",
        "Exaggeration",
        "Outdated",
        "Spin",
        "Cherry picked",
        "Engañoso",
        "Trompeur",
    ),
    "half-true": (
        "Nửa đúng nửa sai",
        "Nửa đúng",
        "Nửa sai",
        "Đúng một phần",
        "Vừa đúng vừa sai",
        "Có đúng có sai",
        "Half true",
        "Half-truth",
        "Mixture",
        "Mixed",
        "Partly true",
        "Partially true",
        "Partially correct",
        "Two Pinocchios",
        "2 Pinocchios",
    ),
    "mostly-true": (
        "Phần lớn đúng",
        "Phần lớn là đúng",
        "Hầu hết đúng",
        "Chủ yếu đúng",
        "Gần đúng",
        "Cơ bản đúng",
        "Mostly true",
        "Largely true",
        "Mostly correct",
        "Mostly accurate",
        "Largely accurate",
        "One Pinocchio",
        "1 Pinocchio",
    ),
    "true": (
        "Đúng",
        "Đúng sự thật",
        "Hoàn toàn đúng",
        "Chính xác",
        "Có thật",
        "Sự thật",
        "Thật",
        "Xác thực",
        "Đã xác minh",
        "True",
        "Correct",
        "Accurate",
        "Verified",
        "Confirmed",
        "Correct attribution",
        "Geppetto Checkmark",
        "Verdadero",
        "Vrai",
    ),
    "unproven": (
        "Chưa đủ căn cứ",
        "Không đủ căn cứ",
        "Chưa có căn cứ",
        "Chưa được kiểm chứng",
        "Chưa kiểm chứng",
        "Chưa được xác minh",
        "Chưa xác minh",
        "Không thể xác minh",
        "Chưa có bằng chứng",
        "Không có bằng chứng",
        "Không đủ bằng chứng",
        "Chưa rõ",
        "Chưa rõ ràng",
        "Chưa được chứng minh",
        "Unproven",
        "Unverified",
        "Unverifiable",
        "Unsupported",
        "Unsubstantiated",
        "Not proven",
        "No evidence",
        "Insufficient evidence",
        "Cannot be verified",
        "Can't be verified",
        "Undetermined",
        "Research in progress",
    ),
    # Not degrees of truth: satire, jokes and opinions are not false information.
    "other": (
        "Satire",
        "Labeled satire",
        "Originated as satire",
        "Parody",
        "Joke",
        "Humor",
        "Humour",
        "Opinion",
        "Not a claim",
        "Legend",
        "Châm biếm",
        "Trào phúng",
        "Hài hước",
        "Nhại",
        "Ý kiến",
        "Quan điểm",
        "Bình luận",
        "Không phải nhận định",
        "Flip-flop",
        "Full flop",
        "Half flip",
        "No flip",
    ),
}

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Where a verdict word ends and the publisher's explanation begins: "Sai: ảnh được cắt ghép".
_HEAD = re.compile(r"\s*[:;.,!?()\[\]|/–—]\s*|\s+-\s+")


_QUALIFIERS = ("nhung", "tuy nhien", "song ", "but", "however", "though", "although", "except")


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", fold(text)).strip()


_LOOKUP: dict[str, str] = {
    _key(variant): label for label, variants in _VARIANTS.items() for variant in variants
}


def label_of_text(text: str | None) -> str | None:
    """The canonical key for a verdict text, or None when the text is not recognised."""
    if not text or not text.strip():
        return None
    found = _LOOKUP.get(_key(text))
    if found is not None:
        return found
    parts = _HEAD.split(text.strip(), maxsplit=1)
    if len(parts) < 2 or not parts[0] or _key(parts[1]).startswith(_QUALIFIERS):
        return None  # "Đúng, nhưng thiếu bối cảnh" is not simply "Đúng"
    return _LOOKUP.get(_key(parts[0]))


def _number(value: object) -> float | None:
    """A finite number, or None ("NaN", "Infinity" and numbers beyond a float are no rating)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str) and len(value) < 100:
            number = float(value.strip().replace(",", "."))
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def value_of_number(rating_value: object, best: object = None, worst: object = None) -> int | None:
    """A numeric rating mapped proportionally onto 1..6 (schema.org defaults: best 5, worst 1)."""
    value = _number(rating_value)
    if value is None:
        return None
    high = _number(best)
    low = _number(worst)
    high = 5.0 if high is None else high
    low = 1.0 if low is None else low
    if high == low:
        return None
    share = (value - low) / (high - low)
    if not math.isfinite(share):  # scales near the float limits
        return None
    share = min(max(share, 0.0), 1.0)
    # Half up, not to even: the middle of a publisher's scale is "Nửa đúng nửa sai".
    return SCALE_MIN + math.floor(share * (SCALE_MAX - SCALE_MIN) + 0.5)


def rate(
    alternate_name: str | None,
    rating_value: object = None,
    best: object = None,
    worst: object = None,
) -> tuple[str | None, int | None]:
    """(label, value) on the shared scale for a ClaimReview rating.

    The text wins over the number: publishers' numbers are on scales of their own, their words
    are what readers see. Unproven and other have no value. ``(None, None)`` when nothing is
    recognised.
    """
    label = label_of_text(alternate_name)
    if label is not None:
        return label, LABELS[label].value
    value = value_of_number(rating_value, best, worst)
    if value is None:
        return None, None
    return _BY_VALUE[value], value
