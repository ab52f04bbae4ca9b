"""Metric arithmetic, independent of how results were produced."""

from __future__ import annotations


def average_precision(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    """AP@k: mean of precision at each relevant rank within the first k, over min(|R|, k)."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, url in enumerate(ranked[:k], 1):
        if url in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k)


def precision_recall_f1(gold: list[bool], predicted: list[bool]) -> dict[str, float]:
    true_positive = sum(g and p for g, p in zip(gold, predicted))
    predicted_positive = sum(predicted)
    gold_positive = sum(gold)
    precision = true_positive / predicted_positive if predicted_positive else 0.0
    recall = true_positive / gold_positive if gold_positive else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
