"""Exporting the library as ClaimReview JSON Lines that import back into the same library."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator, TextIO

from ..text.normalize import normalize
from .ratings import LABELS
from .record import FactCheck

if TYPE_CHECKING:
    from ..store import Store


def to_claimreview(item: FactCheck) -> dict[str, Any]:
    """The stored ClaimReview of ``item``, with the fields an import needs always present."""
    data = dict(item.data)
    if data.get("@context") is None:
        data["@context"] = "https://schema.org"
    data["@type"] = "ClaimReview"
    data["url"] = item.url
    original = data.get("claimReviewed")
    if not isinstance(original, str) or normalize(original) != item.claim_reviewed:
        data["claimReviewed"] = item.claim_reviewed
    rating = data.get("reviewRating")
    if isinstance(rating, list):
        rating = next((r for r in rating if isinstance(r, dict)), None)
    rating = dict(rating) if isinstance(rating, dict) else {"@type": "Rating"}
    if not isinstance(rating.get("alternateName"), str) or not rating["alternateName"].strip():
        rating["alternateName"] = _rating_text(item)
    data["reviewRating"] = rating
    if not data.get("inLanguage") and item.language:
        data["inLanguage"] = item.language
    ordered = {"@context": data.pop("@context"), "@type": data.pop("@type")}
    ordered.update(data)
    return ordered


def _rating_text(item: FactCheck) -> str:
    if item.rating_text:
        return item.rating_text
    if item.rating_label in LABELS:
        label = LABELS[item.rating_label]
        return label.vi if item.language == "vi" else label.en
    return ""


def claimreviews(store: Store) -> Iterator[dict[str, Any]]:
    """Every fact-check in the library as a ClaimReview object, oldest first."""
    from ..store.factchecks import all_records

    with store.reading() as connection:
        records = all_records(connection)
    for item in records:
        yield to_claimreview(item)


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write the whole library to ``out`` as ClaimReview JSON Lines; returns how many."""
    count = 0
    for data in claimreviews(store):
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
        count += 1
    return count
