"""``kiemchung eval claims``: precision, recall and F1 of the check-worthy class."""

from __future__ import annotations

from typing import Any

from ..claims.detector import ClaimDetector
from .metrics import precision_recall_f1


def run(
    gold: list[dict[str, Any]], detector: ClaimDetector | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score each gold sentence as a whole; returns metrics and the misclassified items."""
    detector = detector or ClaimDetector()
    labels = [bool(item["checkworthy"]) for item in gold]
    scores = [detector.score(item["text"]) for item in gold]
    predicted = [score >= detector.threshold for score in scores]
    errors = [
        {"id": item.get("id"), "text": item["text"], "gold": label, "score": round(score, 3)}
        for item, label, score, guess in zip(gold, labels, scores, predicted)
        if label != guess
    ]
    result: dict[str, Any] = {"sentences": len(gold), "positives": sum(labels)}
    result.update(precision_recall_f1(labels, predicted))
    return result, errors
