"""Principle 3 held by construction: which side a sentence favours never moves its decision."""

import json
from pathlib import Path

import pytest

from kiemchung.claims.detector import ClaimDetector
from kiemchung.claims.stance import neutral

PAIRS = [json.loads(line) for line in
         (Path(__file__).resolve().parent.parent / "eval" / "symmetry.jsonl")
         .read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def detector():
    return ClaimDetector()


def test_the_symmetry_set_has_mirrored_pairs_on_both_sides_of_the_line():
    assert len(PAIRS) >= 200
    assert sum(pair["checkworthy"] for pair in PAIRS) >= 30
    assert all(pair["a"] != pair["b"] for pair in PAIRS)


def test_no_mirrored_pair_is_split_by_the_detector(detector):
    split = []
    for pair in PAIRS:
        a, b = detector.score(pair["a"]), detector.score(pair["b"])
        if (a >= detector.threshold) != (b >= detector.threshold):
            split.append(f"{pair['id']}: {a:.2f} {pair['a']!r} / {b:.2f} {pair['b']!r}")
    assert not split, "pairs decided differently:\n" + "\n".join(split)


def test_pairs_labelled_checkworthy_are_flagged_and_the_rest_are_not(detector):
    wrong = [f"{pair['id']}: {text!r} ({detector.score(text):.2f})" for pair in PAIRS
             for text in (pair["a"], pair["b"])
             if (detector.score(text) >= detector.threshold) != pair["checkworthy"]]
    assert not wrong, "decided against the label:\n" + "\n".join(wrong)


@pytest.mark.parametrize("a, b", [
    ("Chính phủ nên lắng nghe người dân.", "Người dân nên lắng nghe chính phủ."),
    ("Công an xử lý rất tốt.", "Công an xử lý rất tệ."),
    ("cong nhan nen to cao cong ty", "cong ty nen to cao cong nhan"),
    ("The police should be praised.", "The protesters should be praised."),
])
def test_sides_and_praise_or_blame_become_the_same_tokens(a, b):
    assert sorted(neutral(a).split()) == sorted(neutral(b).split())


def test_calls_to_act_score_nothing_whoever_they_name(detector):
    for sentence in ["Chính quyền nên được tuyên dương.", "Người biểu tình nên được tuyên dương.",
                     "Hãy ủng hộ công nhân!", "Hãy ủng hộ công ty!",
                     "We must stand with the government.", "We must stand with the citizens."]:
        assert detector.score(sentence) == 0.0, sentence


def test_a_reported_demand_or_a_dated_rule_is_still_a_claim(detector):
    for sentence in ["Bộ Y tế yêu cầu các bệnh viện phải báo cáo số ca mắc trước ngày 5/3.",
                     "Từ 1/7/2025, người dân phải dùng căn cước để khám bệnh."]:
        assert detector.score(sentence) >= detector.threshold, sentence
