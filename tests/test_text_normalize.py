from kiemchung.text.normalize import clean, fold, normalize, normalize_tones


def test_tone_marks_move_to_one_placement():
    assert normalize_tones("hoà thuỷ khoẻ toà") == "hòa thủy khỏe tòa"


def test_tone_placement_leaves_words_without_ambiguity():
    assert normalize_tones("quý hoàn ngoài Huế") == "quý hoàn ngoài Huế"


def test_decomposed_input_becomes_nfc():
    decomposed = "Vie\u0323\u0302t Nam"
    assert normalize(decomposed) == "Việt Nam"


def test_zero_width_and_control_characters_are_removed():
    assert clean("Hà\u200b Nội\ufeff\x07") == "Hà Nội "
    assert normalize("  Hà\u200b  Nội \n\n TP.HCM ") == "Hà Nội\nTP.HCM"


def test_letters_drawn_in_a_style_read_as_plain_letters_with_their_tone_marks():
    from strategies import bold

    assert normalize(bold("THÔNG BÁO: uống nước chanh 10 ngày")) == \
        "THÔNG BÁO: uống nước chanh 10 ngày"
    assert normalize("ＴＩＮ ＮÓＮＧ ᴛʜᴏ̂ɴɢ ʙᴀ́ᴏ 🅷🅾🆃 Ⓐ ℍ") == "TIN NÓNG thông báo HOT A H"
    assert fold(bold("Đắk Lắk")) == fold("ＤẮＫ ＬẮＫ") == "dak lak"


def test_symbols_that_are_not_styled_letters_are_left_as_written():
    assert normalize("25℃, 1½ kg, 30 m², Hãng™ ⑩") == "25℃, 1½ kg, 30 m², Hãng™ ⑩"
    assert clean("𝐓𝐈𝐍") == "𝐓𝐈𝐍"  # a post is kept as it was written; reading it is normalize's


def test_fold_removes_all_diacritics_and_d_stroke():
    assert fold("Đắk Lắk, Hòa Bình") == "dak lak, hoa binh"
    assert fold("hoà") == fold("hòa")


# -- any text, names from real libraries ------------------------------------------------------

import unicodedata  # noqa: E402

from hypothesis import given  # noqa: E402

from strategies import FAST, claims  # noqa: E402


@FAST
@given(claims())
def test_normalizing_twice_changes_nothing(text):
    once = normalize(text)
    assert normalize(once) == once
    assert all(line == line.strip() and line for line in once.split("\n")) or once == ""


@FAST
@given(claims())
def test_folding_leaves_no_marks_and_twice_changes_nothing(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert "đ" not in folded and not any(unicodedata.combining(ch) for ch in folded)
