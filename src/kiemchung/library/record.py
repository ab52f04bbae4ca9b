"""A fact-check as the library keeps it: the ClaimReview object plus the fields matching uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
