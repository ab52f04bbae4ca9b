"""The calibrated decision: a logistic model turns pair features into a probability of
"this fact-check answers the same claim". Its weights come from ``training/train.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import NAMES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "matcher.json"


@dataclass(frozen=True)
class DecisionModel:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


@lru_cache(maxsize=4)
def load_decision(path: Path = MODEL_PATH) -> DecisionModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if list(data["features"]) != list(NAMES):
        raise ValueError(f"{path} was trained on other features; run training/train.py")
    return DecisionModel(
        mean=np.array(data["mean"]), scale=np.array(data["scale"]),
        weights=np.array(data["weights"]), bias=float(data["bias"]),
        threshold=float(data["threshold"]),
    )
