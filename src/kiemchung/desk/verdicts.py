"""What a verdict is: the ratings the desk gives, the limits of its text, the ``Verdict`` row.

Shared by review (drafting, approving) and publishing, so that neither imports the other for it.
"Other" (satire, opinion) is not a rating the desk gives: such a claim is marked not checkable
instead (docs/principles.md, 3).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..errors import InputError
from ..library.ratings import LABELS

RATINGS = tuple(key for key in LABELS if key != "other")
MAX_SUMMARY = 500
MAX_EXPLANATION = 50_000


def rating_key(given: str) -> str:
    """The rating ``given`` names: its key ("false") or its name in Vietnamese or English
    ("Sai", "False"), in any case. ``InputError`` (listing the keys) for anything else."""
    wanted = unicodedata.normalize("NFC", " ".join(given.split())).casefold()
    other = LABELS["other"]
    if wanted in ("other", other.vi.casefold(), other.en.casefold()):
        raise InputError(
            "an opinion or satire gets no rating: mark the claim not checkable instead",
            code="rating_other",
            field="rating",
        )
    for key in RATINGS:
        label = LABELS[key]
        if wanted in (key, label.vi.casefold(), label.en.casefold()):
            return key
    raise InputError(
        f"unknown rating {given!r}: give one of {', '.join(RATINGS)}",
        code="rating",
        field="rating",
    )


@dataclass
class Verdict:
    id: int
    item_id: int
    author_id: int
    author: str
    claim_summary: str
    rating_label: str
    explanation: str
    appearances: list[str]
    state: str
    created_at: str
    reviewer: str | None
    review_comment: str | None
    reviewed_at: str | None
    correction_note: str | None = None  # set on a correction of a published fact-check
