"""``kiemchung eval claims``: precision, recall and F1 of the check-worthy class, and how many
posts that carry a fact-checked claim the detector finds a claim in."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..claims.detector import ClaimDetector
from .metrics import precision_recall_f1


def run(
    gold: list[dict[str, Any]], detector: ClaimDetector | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score each gold sentence (as the detector does, its clauses too where it falls short);
    returns metrics and the misclassified items."""
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


def found_in_posts(
    posts: list[dict[str, Any]], detector: ClaimDetector | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Of the posts that carry a fact-checked claim (matching queries with answers), the share
    in which the detector finds at least one claim, overall and per kind: a post it finds none
    in never reaches matching when it comes in through a monitored source. Returns the figures
    and the posts it found none in."""
    detector = detector or ClaimDetector()
    carrying = [post for post in posts if post.get("relevant")]
    kinds: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missed = []
    for post in carrying:
        kind = str(post.get("kind") or "all")
        kinds[kind] += 1
        if detector.claims(post["text"]):
            found[kind] += 1
        else:
            missed.append({"id": post.get("id"), "kind": kind, "text": post["text"]})
    total = sum(kinds.values())
    result: dict[str, Any] = {
        "posts": total,
        "claim_found_rate": sum(found.values()) / total if total else None,
        "claim_found_rate_by_kind": {kind: found[kind] / kinds[kind] for kind in sorted(kinds)},
    }
    return result, missed
