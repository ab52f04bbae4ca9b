"""Features of a sentence for check-worthiness, all computed on its neutral form.

The neutral form (``stance.neutral``) is folded, which makes the detector indifferent to
missing tone marks, and has the sides a sentence might favour replaced by shared tokens, which
makes it indifferent to whose side it takes. Cue lists are features, not rules: the trained
weights decide how much each one counts.
"""

from __future__ import annotations

import re

from .stance import ACTOR, JUDGE, STANCE, neutral

# Exclamation marks are not read: a chain message shouts its claim ("… gây ung thư!!!") as a
# greeting shouts its wish, so they say how a sentence is said, not whether it states a fact.
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,/:][0-9]+)*|[?%]")

# (feature name, pattern on folded text); word boundaries matter for short syllables.
CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in [
        ("number", r"\d"),
        ("percent", r"\d\s*%|phan tram|percent"),
        ("money", r"\b(dong|vnd|usd|ty|trieu|nghin|ngan|do la|euro|\$)\b|\d\s*(d|k|tr)\b"),
        (
            "date",
            r"\b(ngay|thang|nam|quy|tuan)\s+\d|\d{1,2}/\d{1,2}|\b(19|20)\d\d\b"
            r"|\b(hom qua|sang nay|toi qua|tu ngay|ke tu)\b",
        ),
        ("quantity", r"\b(nguoi|ca|tan|km|kg|lit|ha|trieu|ty|nghin|tram|chuc)\b"),
        (
            "attribution",
            r"\b(cho biet|cho hay|khang dinh|tuyen bo|thong bao|cong bo|theo|"
            r"phat bieu|noi rang|said|according|announced|reported|bao cao)\b",
        ),
        # Actors (government or citizens, police or protesters) are one token by now; what is
        # left is institutions that take no side in the sentences that mirror each other.
        (
            "institution",
            r"\b(bo|so|uy ban|tong cuc|cuc|ngan hang|benh vien|truong|who|"
            r"to chuc|lien hop quoc)\b",
        ),
        ("actor", rf"\b{ACTOR}\b"),
        ("stance", rf"\b{STANCE}\b"),
        (
            "decision",
            r"\b(quyet dinh|ban hanh|phe duyet|cap phep|cam|thu hoi|ap dung|"
            r"tang|giam|dieu chinh|khoi to|bat giu|xu phat|phat|thong qua|ky)\b",
        ),
        (
            "causal",
            r"\b(gay|giup|chua|tri|khoi|ngua|phong|lam tang|lam giam|dan den|"
            r"khien|tu vong|ung thu|doc|nhiem|lay|cures?|causes?|kills?|prevents?)\b",
        ),
        (
            "event",
            r"\b(xay ra|dien ra|bi|da|vua|khanh thanh|ra mat|dat|ghi nhan|"
            r"xuat khau|nhap khau|chay|sap|lu|bao|dong dat)\b",
        ),
        ("superlative", r"\b(cao nhat|thap nhat|lon nhat|dau tien|ky luc|duy nhat)\b"),
        (
            "question",
            r"\?|\b(khong nhi|phai khong|co phai|bao nhieu|the nao|tai sao|"
            r"vi sao|nhi|a\?|ha|chang|sao)\s*\??$|^(ai|sao|co ai|lieu)\b",
        ),
        ("question_word", r"\b(bao gio|o dau|lam sao|the nao|gi vay|nao)\b"),
        (
            "imperative",
            r"^(hay|dung|xin|moi|nen|can|phai|let's|please|don't)\b|\b(hay|nhe|di)\s*[!.]?$",
        ),
        ("advice", r"\b(nen|khong nen|can phai|hay|dung bao gio|should|must)\b"),
        ("greeting", r"\b(chuc|cam on|xin chao|chao|happy|thank|thanks|hello)\b"),
        ("wish", r"\b(uoc gi|mong|hy vong|hi vong|wish|hope)\b"),
        (
            "first_person",
            r"^(toi|minh|em|tao|anh|chi|i)\b|\b(theo toi|minh thay|toi thay|"
            r"toi nghi|em nghi|minh nghi|i think)\b",
        ),
        (
            "opinion",
            rf"\b(nghi|thay|cam thay|qua|that la|tuyet|dep|ngon|do|te|hay qua|"
            rf"kinh khung|xau|tot|thich|ghet|yeu|love|hate|{JUDGE})\b",
        ),
        (
            "rumour",
            r"\b(nghe noi|nghe bao|khan cap|canh bao|chia se ngay|lan truyen|"
            r"tin nong|breaking)\b",
        ),
    ]
)


def tokens(folded: str) -> list[str]:
    return _TOKEN.findall(folded)


def features(sentence: str) -> list[str]:
    """Binary feature names of one sentence: cues, length bucket, neutral uni- and bigrams."""
    return neutral_features(neutral(sentence))


def neutral_features(folded: str) -> list[str]:
    """The features of a sentence already in its neutral form."""
    folded = folded.strip()
    words = tokens(folded)
    found = [f"cue:{name}" for name, pattern in CUES if pattern.search(folded)]
    length = len(words)
    found.append(f"len:{min(length // 4, 8)}")
    if words:
        found.append(f"first:{words[0]}")
        found.append(f"last:{words[-1]}")
    digitless = ["0" if any(ch.isdigit() for ch in word) else word for word in words]
    found += [f"w:{word}" for word in digitless]
    found += [f"b:{a}_{b}" for a, b in zip(digitless, digitless[1:])]
    return found
