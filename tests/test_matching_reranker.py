"""The reranker reads a text and a claim together, with the shipped model, through numpy."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings

from kiemchung.library.importer import import_files
from kiemchung.matching import e5, reranker
from kiemchung.matching.decision import (
    MODEL_PATH,
    REORDER_CANDIDATES,
    REORDER_FLOOR,
    DecisionModel,
    contenders,
    load_decision,
    reorder,
    runner_up,
)
from kiemchung.matching.dense import engine
from kiemchung.matching.features import NAMES
from kiemchung.matching.matcher import Matcher
from kiemchung.store import Store
from strategies import claims


@pytest.fixture(scope="module")
def scorer() -> reranker.Reranker:
    found = reranker.shared()
    assert found is not None, "the shipped reranker did not load"
    return found


def test_a_claim_read_with_its_own_retelling_scores_above_the_same_text_with_another_claim(
    scorer: reranker.Reranker,
) -> None:
    pairs = [
        ("nghe nói uống nước chanh ấm mỗi sáng là khỏi ung thư luôn, khỏi hóa trị",
         "Uống nước chanh ấm mỗi sáng chữa khỏi ung thư."),
        ("nghe nói uống nước chanh ấm mỗi sáng là khỏi ung thư luôn, khỏi hóa trị",
         "Ăn mì tôm thường xuyên gây ung thư gan."),
        ("My aunt says 5G towers spread the coronavirus, so they are burning them in the UK",
         "5G networks spread COVID-19."),
        ("My aunt says 5G towers spread the coronavirus, so they are burning them in the UK",
         "Bill Gates wants to microchip people through vaccines."),
    ]
    scores = scorer.scores(pairs)
    assert scores.shape == (4,)
    assert scores[0] > 0 > scores[1]
    assert scores[2] > 0 > scores[3]


def test_pairs_are_scored_alike_alone_and_in_a_batch(scorer: reranker.Reranker) -> None:
    pairs = [("Bộ Y tế: vắc xin không gây vô sinh", "Vắc xin COVID-19 gây vô sinh."),
             ("a much longer text " * 30, "A short claim."),
             ("", "")]
    together = scorer.scores(pairs)
    alone = np.array([scorer.scores([pair])[0] for pair in pairs])
    assert np.allclose(together, alone, atol=1e-3)


@settings(max_examples=25, deadline=None)
@given(claims(), claims())
def test_any_pair_of_texts_gets_one_finite_score_and_fits_the_model(text: str, claim: str) -> None:
    scorer = reranker.shared()
    assert scorer is not None
    assert len(reranker.window(scorer.encoder, text, claim)) <= (
        reranker.QUERY_TOKENS + reranker.CLAIM_TOKENS + 3)
    scores = scorer.scores([(text, claim)])
    assert scores.shape == (1,) and np.isfinite(scores).all()


def test_a_pair_is_read_as_one_sequence_cut_to_the_tokens_each_side_is_given(
    scorer: reranker.Reranker,
) -> None:
    encoder = scorer.encoder
    start, end = encoder.specials
    ids = reranker.window(encoder, "tin giả " * 200, "một tuyên bố " * 100)
    assert ids[0] == start and ids[-1] == end
    assert ids.count(end) == 2
    assert len(ids) == reranker.QUERY_TOKENS + reranker.CLAIM_TOKENS + 3
    assert reranker.window(encoder, "x", "y")[1:3] == encoder.tokenizer.ids("query: x")[:2]


def test_loading_the_reranker_leaves_the_encoders_own_layers_as_they_were(
    scorer: reranker.Reranker,
) -> None:
    encoder = engine().engine
    assert isinstance(encoder, e5.Encoder)
    before = encoder.embed(["Uống cà phê hằng ngày gây loãng xương."], query=True)
    reranker.load(encoder)
    after = encoder.embed(["Uống cà phê hằng ngày gây loãng xương."], query=True)
    assert np.array_equal(before, after)
    assert len(scorer.layers) < len(encoder._layers)
    assert scorer.layers[0].qkv is not encoder._layers[0].qkv


def test_the_shipped_decision_reads_the_reranker_and_its_neutral_score_without_one() -> None:
    model = load_decision()
    assert model.reads_joint and model.joint_neutral is not None
    row = np.zeros(len(NAMES))
    assert model.decide(row, 0.6, 0.1) == model.decide(row, 0.6, 0.1, model.joint_neutral)
    # more sure when the two texts read together say the same claim
    assert model.decide(row, 0.6, 0.1, 6.0) > model.decide(row, 0.6, 0.1, -6.0)
    older = DecisionModel(model.ranker, None, model.threshold, model.joint_neutral)
    assert not older.reads_joint and older.decide(row, 0.6, 0.1, 6.0) == 0.6


def test_matching_reads_each_text_with_its_first_fact_check_and_says_so(tmp_path) -> None:
    path = tmp_path / "library.jsonl"
    path.write_text("\n".join(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url,
        "claimReviewed": claim}, ensure_ascii=False) for url, claim in (
        ("https://fc.example/chanh", "Uống nước chanh ấm mỗi sáng chữa khỏi ung thư."),
        ("https://fc.example/mi-tom", "Ăn mì tôm thường xuyên gây ung thư gan."),
    )), encoding="utf-8")
    store = Store(tmp_path / "home")
    import_files(store, [path])
    texts = ["mn oi uong nc chanh am moi sang la khoi ung thu lun do", "Hôm nay trời đẹp quá"]
    results = Matcher(store).match(texts, explain=True)
    # read as the encoder read it: tone marks restored, shorthand written out
    assert results[0].read.startswith("mọi người ơi uống nước chanh")
    assert results[0].joint is not None and results[0].joint > 0
    assert any(line.startswith("read together, the reranker") for line in results[0].reasons)
    alone = Matcher(store).match([texts[0]], explain=True)[0]
    assert alone.joint == pytest.approx(results[0].joint, abs=1e-3)
    store.close()


def test_the_reranker_is_asked_only_where_its_score_can_change_the_decision(tmp_path) -> None:
    path = tmp_path / "library.jsonl"
    path.write_text(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://fc.example/ca-phe",
        "claimReviewed": "Uống cà phê hằng ngày gây loãng xương."}, ensure_ascii=False),
        encoding="utf-8")
    store = Store(tmp_path / "home")
    import_files(store, [path])
    matcher = Matcher(store)
    model = matcher._model()
    low, high = model.joint_range()
    assert low < model.joint_neutral < high  # type: ignore[operator]
    texts = ["Giá vàng SJC hôm nay bao nhiêu?", "Uống cà phê hằng ngày gây loãng xương."]
    quick, full = matcher.match(texts), matcher.match(texts, explain=True)
    assert quick[0].joint is None and full[0].joint is not None  # settled: not the same claim
    assert [r.matched for r in quick] == [r.matched for r in full] == [False, True]
    store.close()


def test_the_first_candidates_are_ordered_again_only_where_the_ranker_is_unsure() -> None:
    order = np.array([0, 1, 2, 3])
    sure = np.array([0.95, 0.004, 0.002, 0.001])
    unsure = np.array([0.6, 0.5, 0.005, 0.001])
    assert contenders(sure, order) == 0  # the second is below the floor: the first stands alone
    assert contenders(unsure, order) == 2  # the third is below it
    assert contenders(np.array([0.6, 0.5, 0.4, 0.3]), order) == REORDER_CANDIDATES


def test_the_reranker_moves_a_candidate_up_by_its_weight_against_the_rankers_logit() -> None:
    order = np.array([0, 1, 2])
    probabilities = np.array([0.6, 0.5, 0.001])
    disagree = {0: -2.0, 1: 3.0}
    assert reorder(probabilities, order, disagree, 2.5).tolist() == [1, 0, 2]
    assert reorder(probabilities, order, disagree, 0.0).tolist() == [0, 1, 2]
    assert reorder(probabilities, order, {0: 1.0, 1: 1.0}, 2.5).tolist() == [0, 1, 2]  # a tie
    # a first moved up leads the others by nothing: never by a negative amount
    moved = reorder(probabilities, order, disagree, 2.5)
    assert runner_up(probabilities, moved) == 0.5
    assert runner_up(probabilities, order) == 0.5
    assert runner_up(probabilities, np.array([0])) is None


def test_a_decision_file_says_whether_the_reranker_orders_again(tmp_path) -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data.pop("reorder_weight", None)
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    assert load_decision(older).reorder_weight is None  # a file from before: the ranker's order
    data["reorder_weight"] = 1.5
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data), encoding="utf-8")
    assert load_decision(newer).reorder_weight == 1.5


def test_matching_puts_first_the_close_candidate_the_reranker_reads_as_the_claim(tmp_path) -> None:
    claims_ = {
        "https://fc.example/chanh-ung-thu": "Uống nước chanh ấm mỗi sáng chữa khỏi ung thư.",
        "https://fc.example/chanh-giam-can": "Uống nước chanh ấm mỗi sáng giúp giảm cân nhanh.",
    }
    path = tmp_path / "library.jsonl"
    path.write_text("\n".join(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url,
        "claimReviewed": claim}, ensure_ascii=False) for url, claim in claims_.items()),
        encoding="utf-8")
    store = Store(tmp_path / "home")
    import_files(store, [path])
    text = "Chanh ấm mỗi sáng: vừa giảm cân vừa chữa ung thư"  # close to both
    model = load_decision()
    kept = Matcher(store, decision=replace(model, reorder_weight=None)).match([text])[0]
    assert len(kept.matches) == 2 and kept.matches[1].score >= REORDER_FLOOR
    assert kept.matches[0].score >= kept.matches[1].score  # without a weight: the ranker's order
    scorer = reranker.shared()
    assert scorer is not None
    read = dict(zip(claims_, scorer.scores([(kept.read, claim) for claim in claims_.values()])))
    # with the reranker's word all but final, its order is the order shown
    ordered = Matcher(store, decision=replace(model, reorder_weight=1000.0)).match([text])[0]
    assert [m.url for m in ordered.matches] == sorted(read, key=lambda url: -read[url])
    assert ordered.joint == pytest.approx(max(read.values()), abs=1e-3)
    explained = Matcher(store, decision=replace(model, reorder_weight=1000.0)).match(
        [text], explain=True)[0]
    moved = kept.matches[0].url != ordered.matches[0].url
    said = [line for line in explained.reasons if "put this fact-check before" in line]
    assert bool(said) == moved and (not moved or kept.matches[0].claim in said[0])
    store.close()
