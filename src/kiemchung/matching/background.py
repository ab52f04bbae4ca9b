"""Per-query calibration of cosine similarity against a fixed background of claims.

Raw e5 cosines are not comparable across queries: some texts sit close to everything, and an
English text sits further from every Vietnamese claim than a Vietnamese text does. Measuring a
candidate's cosine in standard deviations above the query's similarity to a fixed set of
unrelated claims, in the candidate's language, fixes both, and does not depend on the size of
the library (``models/background.npz``, built by ``training/train.py`` from training texts).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

PATH = Path(__file__).resolve().parent.parent / "models" / "background.npz"
LANGUAGES = ("vi", "en")


@lru_cache(maxsize=1)
def _vectors() -> dict[str, np.ndarray]:
    with np.load(PATH) as data:
        return {language: data[language].astype(np.float32) for language in LANGUAGES}


def statistics(queries: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each background language: (mean, standard deviation) of each query's cosines."""
    found = {}
    for language, vectors in _vectors().items():
        cosines = queries @ vectors.T
        found[language] = (cosines.mean(axis=1), cosines.std(axis=1) + 1e-3)
    return found
