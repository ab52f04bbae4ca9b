"""The calibrated decision, in two models trained by ``training/train.py``:

1. the *ranker* (logistic) turns a (query, fact-check) pair's features into the probability
   that the fact-check answers the query; candidates are ordered by it;
2. the *decider* looks only at the first candidate — its features, its ranker probability,
   its lead over the second and the reranker's score of the two read together
   (``reranker.py``) — and gives the probability that it answers the same claim. ``matched`` is
   that probability against ``threshold``. Non-linear because the evidence combines: a high
   cosine means more with the claim's rare words present than without them. It is the mean of
   two models: small neural networks (one hidden layer of 32, five of them trained from
   different starting weights and averaged: one network's output moves with its starting
   weights) and gradient-boosted trees (``Boosted``; 300 trees of at most 15 leaves), which
   may read a clash only as a sign against a match, and the ranker's probability and the
   reranker's score only as signs for one (monotonic constraints). On held-out folds of the
   training queries the two together separate right from wrong first candidates of real
   tweets better than the networks alone (area under the ROC curve 0.918 → 0.931).

Where the ranker is unsure of its order (a second or third candidate it gives at least
``REORDER_FLOOR``), the reranker reads each of the first three with the text, and they are
ordered again by the ranker's logit plus ``reorder_weight`` times the reranker's score
(``reorder``); the decider then judges the new first. The weight is fitted by ``train.py`` on
held-out scores; a file without it keeps the ranker's order.

Trained separately because the decision is about the hardest case (the best-looking candidate),
which the ranker, fitted over all candidates, sees rarely.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .features import NAMES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "matcher.json"


@dataclass(frozen=True)
class Logistic:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = ((np.atleast_2d(rows) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Logistic":
        return cls(
            np.array(data["mean"]),
            np.array(data["scale"]),
            np.array(data["weights"]),
            float(data["bias"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "weights": self.weights.round(6).tolist(),
            "bias": round(self.bias, 6),
        }


@dataclass(frozen=True)
class Network:
    """One hidden ReLU layer and a logistic output (scikit-learn's MLPClassifier, exported)."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        values = (np.atleast_2d(rows) - self.mean) / self.scale
        for weights, bias in self.layers[:-1]:
            values = np.maximum(values @ weights + bias, 0.0)
        weights, bias = self.layers[-1]
        z = (values @ weights + bias)[:, 0]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Network":
        return cls(
            np.array(data["mean"]),
            np.array(data["scale"]),
            tuple((np.array(w), np.array(b)) for w, b in data["layers"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "network",
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "layers": [[w.round(6).tolist(), b.round(6).tolist()] for w, b in self.layers],
        }


@dataclass(frozen=True)
class Boosted:
    """Gradient-boosted decision trees (scikit-learn's HistGradientBoostingClassifier,
    exported), walked here in numpy: every tree at once, one level a step. Node ``j`` of tree
    ``t`` sends a row left where its ``feature`` is at most its ``threshold``; a leaf is a node
    without children (``left`` 0: the root is no node's child) and adds its ``value``. The
    probability is the logistic of ``baseline`` plus the leaves' values. Rows are scaled by
    ``mean`` and ``scale`` first, as they were in training, and these are kept to the last digit:
    a row scaled a little otherwise may fall on the other side of a threshold."""

    mean: np.ndarray
    scale: np.ndarray
    baseline: float
    feature: np.ndarray  # (trees, nodes), every tree padded to the largest with leaves of 0
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int  # the deepest leaf's depth: how many steps reach every leaf

    @cached_property
    def _walk(self) -> tuple[np.ndarray, ...]:
        """The trees as one table of nodes (tree ``t``'s node ``j`` at ``t * nodes + j``):
        feature, threshold, the children, a leaf its own child both ways; value; the roots."""
        trees, size = self.feature.shape
        start = np.arange(trees)[:, None] * size
        itself = start + np.arange(size)[None, :]
        leaf = self.left == 0
        left = np.where(leaf, itself, self.left + start)
        right = np.where(leaf, itself, self.right + start)
        return (
            self.feature.ravel(),
            self.threshold.ravel(),
            left.ravel(),
            right.ravel(),
            self.value.ravel(),
            start[:, 0],
        )

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        values = (np.atleast_2d(rows) - self.mean) / self.scale
        feature, threshold, left, right, value, roots = self._walk
        row = np.arange(values.shape[0])[:, None]
        node = np.broadcast_to(roots, (values.shape[0], len(roots)))
        for _ in range(self.depth):
            child = np.where(values[row, feature[node]] <= threshold[node], left[node], right[node])
            if np.array_equal(child, node):  # every row at a leaf
                break
            node = child
        z = self.baseline + value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Boosted":
        trees = data["trees"]
        size = max(len(tree["left"]) for tree in trees)

        def padded(name: str, kind: type) -> np.ndarray:
            table: np.ndarray = np.zeros((len(trees), size), dtype=kind)
            for t, tree in enumerate(trees):
                table[t, : len(tree[name])] = tree[name]
            return table

        return cls(
            np.array(data["mean"]),
            np.array(data["scale"]),
            float(data["baseline"]),
            padded("feature", np.int64),
            padded("threshold", np.float64),
            padded("left", np.int64),
            padded("right", np.int64),
            padded("value", np.float64),
            int(data["depth"]),
        )

    def to_json(self) -> dict[str, Any]:
        trees = []
        for t in range(self.feature.shape[0]):
            used = int(max(self.left[t].max(), self.right[t].max())) + 1
            trees.append(
                {
                    "feature": self.feature[t, :used].tolist(),
                    "threshold": self.threshold[t, :used].tolist(),
                    "left": self.left[t, :used].tolist(),
                    "right": self.right[t, :used].tolist(),
                    "value": self.value[t, :used].round(7).tolist(),
                }
            )
        return {
            "kind": "boosted",
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "baseline": self.baseline,
            "depth": self.depth,
            "trees": trees,
        }


@dataclass(frozen=True)
class Ensemble:
    """Deciders whose probabilities are averaged: networks trained alike from different
    starting weights, or such an ensemble beside boosted trees."""

    members: tuple["Decider", ...]

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return np.mean([member.probabilities(rows) for member in self.members], axis=0)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Ensemble":
        return cls(
            tuple(
                _KINDS[member.get("kind", "network")].from_json(member)
                for member in data["members"]
            )
        )

    def to_json(self) -> dict[str, Any]:
        return {"kind": "ensemble", "members": [member.to_json() for member in self.members]}


Decider = Logistic | Network | Boosted | Ensemble
_KINDS: dict[str, type[Logistic] | type[Network] | type[Boosted] | type[Ensemble]] = {
    "logistic": Logistic,
    "network": Network,
    "boosted": Boosted,
    "ensemble": Ensemble,
}


# The candidates the reranker may reorder: the first three by the ranker, the ones the reranker
# learnt to tell apart (``training/train.py``); of them, those after the first are read only
# where the ranker gives them at least REORDER_FLOOR (about one text in two of CheckThat's real
# tweets, one in ten of the Vietnamese eval sets).
REORDER_CANDIDATES = 3
REORDER_FLOOR = 0.01


def contenders(probabilities: np.ndarray, order: np.ndarray) -> int:
    """How many of the first candidates (in ``order``, the ranker's) are close enough to be
    ordered again by the reranker: 0 or 1 when the ranker's first stands alone."""
    count = 1
    for j in order[1:REORDER_CANDIDATES]:
        if probabilities[j] < REORDER_FLOOR:
            break
        count += 1
    return count if count > 1 else 0


def reorder(
    probabilities: np.ndarray, order: np.ndarray, scores: dict[int, float], weight: float
) -> np.ndarray:
    """``order`` with the candidates the reranker read (the keys of ``scores``, its first ones)
    ordered by the ranker's logit plus ``weight`` times the reranker's score; the rest after
    them, as they were."""

    def combined(j: int) -> float:
        p = min(max(float(probabilities[j]), 1e-6), 1.0 - 1e-6)
        return math.log(p / (1.0 - p)) + weight * scores[j]

    read = sorted((int(j) for j in order if int(j) in scores), key=combined, reverse=True)
    return np.array(read + [int(j) for j in order if int(j) not in scores], dtype=order.dtype)


def runner_up(probabilities: np.ndarray, order: np.ndarray) -> float | None:
    """The ranker probability the first candidate leads: the best of the others, and never
    above the first's own (a first the reranker moved up leads by nothing); ``None`` for a lone
    candidate."""
    if len(order) < 2:
        return None
    first = float(probabilities[order[0]])
    return min(float(np.max(probabilities[order[1:]])), first)


def decision_row(
    features: np.ndarray, first: float, second: float | None, joint: float | None = None
) -> np.ndarray:
    """The decider's input: the first candidate's features, its probability and its lead over
    the second (``None``: a lone candidate, as in a one-entry library, shows no lead), and the
    reranker's ``joint`` score of the pair when the decider reads one."""
    second = first if second is None else second
    logit = np.log(first / (1.0 - first + 1e-9) + 1e-9)
    extra = [first, first - second, logit] + ([] if joint is None else [joint])
    return np.concatenate([features, extra])


@dataclass(frozen=True)
class DecisionModel:
    ranker: Logistic
    decider: Decider | None
    threshold: float
    # The reranker's score a decider trained with it reads when there is no reranker (its
    # median on the training queries); ``None``: a decider trained without it.
    joint_neutral: float | None = None
    # The lowest and highest score the decider learnt from: a score outside is read as the
    # nearer of the two (the decider is not asked to extrapolate).
    joint_bounds: tuple[float, float] | None = None
    # How much the reranker's score weighs against the ranker's logit when it orders the first
    # candidates again (``reorder``); ``None``: the ranker's order is kept.
    reorder_weight: float | None = None

    @property
    def reads_joint(self) -> bool:
        """Whether the decider reads the reranker's score of the first pair."""
        return self.decider is not None and self.joint_neutral is not None

    def joint_range(self) -> tuple[float, float]:
        """The lowest and highest reranker score the decider learnt from (for a file that does
        not say: the training mean ± 3 standard deviations, from the decider's input scaling)."""
        assert self.decider is not None and self.joint_neutral is not None
        if self.joint_bounds is not None:
            return self.joint_bounds
        scaled = self.decider
        while isinstance(scaled, Ensemble):
            scaled = scaled.members[0]
        mean, spread = float(scaled.mean[-1]), 3.0 * float(scaled.scale[-1])
        return mean - spread, mean + spread

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return self.ranker.probabilities(rows)

    def decide_each(
        self, features: np.ndarray, first: float, second: float | None, joints: Sequence[float]
    ) -> np.ndarray:
        """``decide`` at each of ``joints``, in one pass of the decider."""
        assert self.decider is not None
        low, high = self.joint_range()
        rows = np.stack(
            [decision_row(features, first, second, min(max(j, low), high)) for j in joints]
        )
        return self.decider.probabilities(rows)

    def decide(
        self, features: np.ndarray, first: float, second: float | None, joint: float | None = None
    ) -> float:
        if self.decider is None:
            return first
        if self.joint_neutral is None:
            joint = None
        elif joint is None:
            joint = self.joint_neutral
        else:
            low, high = self.joint_range()
            joint = min(max(joint, low), high)
        return float(self.decider.probabilities(decision_row(features, first, second, joint))[0])


@lru_cache(maxsize=4)
def load_decision(path: Path = MODEL_PATH) -> DecisionModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if list(data["features"]) != list(NAMES):
        raise ValueError(f"{path} was trained on other features; run training/train.py")
    decider: Decider | None = None
    if data.get("decider"):
        decider = _KINDS[data["decider"].get("kind", "logistic")].from_json(data["decider"])
    neutral, bounds = data.get("joint_neutral"), data.get("joint_range")
    weight = data.get("reorder_weight")
    return DecisionModel(
        Logistic.from_json(data["ranker"]),
        decider,
        float(data["threshold"]),
        None if neutral is None else float(neutral),
        None if bounds is None else (float(bounds[0]), float(bounds[1])),
        None if weight is None else float(weight),
    )
