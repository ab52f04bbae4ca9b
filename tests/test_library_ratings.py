import pytest

from kiemchung.library.ratings import LABELS, rate


@pytest.mark.parametrize("text, label", [
    ("Sai", "false"), ("SAI SỰ THẬT", "false"), ("sai su that", "false"), ("Tin giả", "false"),
    ("Fake", "false"), ("Pants on Fire!", "false"), ("Incorrect", "false"),
    ("Không đúng", "false"), ("Hoàn toàn sai", "false"), ("Bịa đặt", "false"),
    ("Lừa đảo", "false"), ("False", "false"),
    ("Partly false", "mostly-false"), ("Sai một phần", "mostly-false"),
    ("Phần lớn sai", "mostly-false"), ("Mostly False", "mostly-false"),
    ("Gây hiểu lầm", "misleading"), ("Thiếu bối cảnh", "misleading"),
    ("Missing context", "misleading"), ("Cắt ghép", "misleading"), ("Out of context", "misleading"),
    ("Nửa đúng nửa sai", "half-true"), ("Half-true", "half-true"), ("Mixture", "half-true"),
    ("Phần lớn đúng", "mostly-true"), ("Mostly true", "mostly-true"),
    ("Đúng", "true"), ("Correct", "true"), ("Accurate", "true"), ("dung", "true"),
    ("Chưa đủ căn cứ", "unproven"), ("Unproven", "unproven"), ("Unverified", "unproven"),
    ("Chưa được kiểm chứng", "unproven"),
])
def test_verdict_words_map_onto_the_shared_scale(text, label):
    assert rate(text) == (label, LABELS[label].value)


def test_scale_runs_from_false_to_true_and_unproven_has_no_value():
    order = ["false", "mostly-false", "misleading", "half-true", "mostly-true", "true"]
    assert [LABELS[key].value for key in order] == [1, 2, 3, 4, 5, 6]
    assert rate("Chưa đủ căn cứ") == ("unproven", None)


def test_satire_is_not_false_information():
    assert rate("Satire") == ("other", None)
    assert rate("Châm biếm") == ("other", None)


def test_verdict_followed_by_an_explanation_is_recognised():
    assert rate("Sai: bức ảnh đã bị cắt ghép") == ("false", 1)
    assert rate("False - the photo is from 2015") == ("false", 1)


def test_qualified_verdict_is_not_taken_at_its_first_word():
    assert rate("Đúng, nhưng thiếu bối cảnh") == (None, None)


def test_numeric_rating_maps_proportionally_when_the_text_is_unknown():
    assert rate(None, 1, 5, 1) == ("false", 1)
    assert rate(None, 5, 5, 1) == ("true", 6)
    assert rate(None, "3", "5", "1") == ("half-true", 4)
    assert rate("Xếp loại B", 3, 7, 1) == ("misleading", 3)
    assert rate(None, 2) == ("mostly-false", 2)  # schema.org defaults: best 5, worst 1


def test_text_wins_over_the_publishers_number():
    assert rate("Sai", 4, 5, 1) == ("false", 1)


def test_nothing_recognised_gives_no_rating():
    assert rate("Xếp loại B") == (None, None)
    assert rate(None) == (None, None)
    assert rate(None, "n/a") == (None, None)
    assert rate(None, 3, 1, 1) == (None, None)


def test_every_label_has_vietnamese_and_english_names():
    assert LABELS["misleading"].vi == "Gây hiểu lầm" and LABELS["misleading"].en == "Misleading"
    assert all(label.vi and label.en for label in LABELS.values())
