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


@lru_cache(maxsize=1)
def _centres() -> dict[str, np.ndarray]:
    return {language: vectors.mean(axis=0) for language, vectors in _vectors().items()}


def shifted(vector: np.ndarray, source: str, target: str) -> np.ndarray:
    """``vector`` moved from ``source``'s region of the embedding space into ``target``'s.

    e5 keeps some of a text's language in its vector: a Vietnamese query sits nearer every
    Vietnamese claim than the English claim that says the same thing, so in a large library the
    English answer can fall out of the nearest candidates. Searching again with the vector
    shifted by the difference of the two languages' background centres brings it back (on
    eval/, every cross-language answer is then among the first five dense candidates).
    """
    centres = _centres()
    moved = vector + centres[target] - centres[source]
    return (moved / np.linalg.norm(moved)).astype(np.float32)
