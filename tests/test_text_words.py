"""Word segmentation joins the syllables of Vietnamese words."""

from kiemchung.text.words import segment


def test_syllables_of_one_word_are_joined():
    assert segment("Bộ Y tế khẳng định vắc xin không gây vô sinh") == [
        "Bộ", "Y tế", "khẳng định", "vắc xin", "không", "gây", "vô sinh"]


def test_text_is_normalised_first_and_abbreviations_survive():
    words = segment("Giá xăng ở TP.HCM tăng thêm 2.000 đồng, theo Bộ Công thương\u200b.")
    assert "TP.HCM" in words and "2.000" in words and "\u200b" not in "".join(words)


def test_empty_text_has_no_words():
    assert segment("   ") == []
