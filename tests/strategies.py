"""Text as nobody here would write it, for property-based tests of the readers of a claim:
arbitrary Unicode, mixed with names from real libraries (capitalised words and acronyms from the
CheckThat! Snopes library when it is on this machine) and Vietnamese as readers type it."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st

from kiemchung.evaluation.rewrites import rewrite

# Modest, so that the whole suite stays quick; no deadline: the first call builds patterns.
FAST = settings(max_examples=60, deadline=None)

CHECKTHAT = Path(__file__).resolve().parents[2] / "shared" / "data" / "checkthat2022-2a" / \
    "library.jsonl"
KNOWN = ("UPS", "USS", "FBI", "WHO", "NASA", "CDC", "U.S.", "U.S", "UK", "EU", "BYT", "TP.HCM",
         "CCCD", "BHXH", "ĐT Việt Nam", "GD-ĐT", "Mỹ Tâm", "Thái Bình Dương", "COVID-19",
         "İstanbul", "ß", "ǅ", "Ǆ", "ﬁ", "Å", "Ω", "𝐓𝐇𝐎̂𝐍𝐆 𝐁𝐀́𝐎", "ＧＤＰ", "ᴛɪɴ", "🅷🅾🆃",
         "℃", "½", "m²")
WORDS = ("không", "tăng", "giảm", "cấm", "ung thư", "bệnh gút", "Hà Nội", "giá xăng",
         "500k", "2,34 triệu", "gấp đôi", "năm 2024", "1.7.2024", "?", "có đúng không",
         "k", "ko", "không phải là", "chứ không", "Nga", "nga", "US", "^", "~", "(?! x)")


def bold(text: str) -> str:
    """``text`` as a generator of eye-catching posts writes it: each letter in mathematical
    bold, its tone marks combining after it (𝐓𝐇𝐎̂𝐍𝐆 𝐁𝐀́𝐎); the product's own rewrite."""
    return rewrite("bold", text)


@lru_cache(maxsize=1)
def real_names() -> tuple[str, ...]:
    """Capitalised words and acronyms from a real library, else well-known ones."""
    if not CHECKTHAT.exists():
        return KNOWN
    found: set[str] = set()
    with CHECKTHAT.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number % 7:  # a sample: every seventh claim
                continue
            claim = json.loads(line).get("claimReviewed") or ""
            found.update(re.findall(r"\b[A-Z][\w.&'-]*", claim))
    return KNOWN + tuple(sorted(found))


def claims() -> st.SearchStrategy[str]:
    """A claim: pieces of arbitrary text, real names and Vietnamese, joined as text is."""
    piece = st.one_of(st.text(max_size=12), st.sampled_from(real_names()),
                      st.sampled_from(WORDS))
    glue = st.sampled_from((" ", " ", ". ", ", ", "\n", "", "-", "\u00a0", "\u200b"))
    return st.lists(st.tuples(piece, glue), max_size=12).map(
        lambda parts: "".join(text + joint for text, joint in parts))
