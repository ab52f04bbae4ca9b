"""A fact-check as the library keeps it: the ClaimReview object plus the fields matching uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..text.normalize import fold, normalize

HEADLINE_CHARS = 300


@dataclass
class FactCheck:
    url: str
    claim_reviewed: str
    rating_text: str | None = None
    rating_value: int | None = None  # on the shared scale, 1 (Sai) … 6 (Đúng); None if unknown
    rating_label: str | None = None  # key on the shared scale, e.g. "false", "misleading"
    language: str | None = None
    date_published: str | None = None
    publisher: str | None = None
    data: dict[str, Any] = field(default_factory=dict)  # the ClaimReview as imported

    @property
    def headline(self) -> str | None:
        """The fact-check's own title (ClaimReview ``headline`` or ``name``), when it says more
        than the claim: fact-checkers title an article with the words readers use ("Does Video
        Show a 10-Meter-Long Anaconda?"), which the claim's careful wording may lack."""
        return headline_of(self.data, self.claim_reviewed)


def headline_of(data: dict[str, Any], claim: str) -> str | None:
    """``data``'s title, normalised and cut to HEADLINE_CHARS; None when it has none or it only
    repeats the claim."""
    for key in ("headline", "name"):
        value = data.get(key)
        if isinstance(value, str) and (text := normalize(value)[:HEADLINE_CHARS].strip()):
            return None if fold(text) in fold(claim) else text
    return None
