"""Chat shorthand and abbreviations, written out for matching."""

import pytest

from kiemchung.text.abbreviations import expand, spelled_out
from kiemchung.text.normalize import fold


def test_teencode_is_written_out_with_its_tone_marks():
    assert spelled_out("hnay ngta nói vk tui cx bị lun") == (
        "hôm nay người ta nói vợ tui cũng bị luôn"
    )


def test_a_word_typed_with_tone_marks_or_a_single_letter_is_kept():
    assert spelled_out("Hồng nói vitamin k tốt") == "hồng nói vitamin k tốt"


def test_letters_vietnamese_does_not_write_stand_for_the_sounds_it_spells_otherwise():
    assert spelled_out("mừng wa, ctv nói nhiu ng thik lắm") == (
        "mừng quá, cộng tác viên nói nhiều người thích lắm"
    )


@pytest.mark.parametrize("text, meant", [
    ("ck em bảo đừng tin", "chồng em bảo đừng tin"),
    ("vk ck nhà mình", "vợ chồng nhà mình"),
    ("nhà ck em ở HN", "nhà chồng em ở hà nội"),
    ("ck em 500k nhé", "chuyển khoản em 500k nhé"),
    ("ck cho shop 200k", "chuyển khoản cho shop 200k"),
    ("ck qua stk này", "chuyển khoản qua số tài khoản này"),
])
def test_ck_is_a_husband_beside_a_person_and_a_transfer_beside_money(text, meant):
    assert spelled_out(text) == meant
    assert expand(fold(text).lower()) == expand(fold(meant).lower())


@pytest.mark.parametrize("text, meant", [
    ("sv đh công lập đc miễn hp từ 2025", "sinh viên đại học công lập được miễn học phí từ 2025"),
    ("năm nay đóng hp đại học bao nhiêu", "năm nay đóng học phí đại học bao nhiêu"),
    ("chúc 2 bạn hp nhé", "chúc 2 bạn hp nhé"),  # "hạnh phúc"
    ("laptop hp bị lỗi màn hình", "laptop hp bị lỗi màn hình"),  # the brand
    ("2025 bỏ thi tn môn anh hả", "2025 bỏ thi tốt nghiệp môn anh hả"),
    ("điểm tn thpt năm nay", "điểm tốt nghiệp trung học phổ thông năm nay"),
    ("tn cho t nhé", "tn cho t nhé"),  # "tin nhắn"
])
def test_shorthand_with_two_meanings_is_written_out_only_where_the_words_beside_it_tell(
    text, meant
):
    assert spelled_out(text) == meant
    assert expand(fold(text).lower()) == expand(fold(meant).lower())


def test_the_press_acronyms_are_written_out():
    assert spelled_out("hlv clb hà nội nói với nld") == (
        "huấn luyện viên câu lạc bộ hà nội nói với người lao động"
    )


def test_chat_shorthand_and_office_acronyms_of_many_letters_are_written_out():
    assert spelled_out("bme mik kbiet nv ttyt ns") == (
        "bố mẹ mình không biết nhân viên trung tâm y tế nói"
    )
    assert spelled_out("bqp nói hsd vắc xin ncl ksao") == (
        "bộ quốc phòng nói hạn sử dụng vắc xin nói chung là không sao"
    )


def test_shorthand_is_read_by_whole_words_beside_it():
    assert spelled_out("kino hp") == "kino hp"  # "no" (owed) only as a word of its own
    assert spelled_out("còn nợ hp kỳ này") == "còn nợ học phí kỳ này"
