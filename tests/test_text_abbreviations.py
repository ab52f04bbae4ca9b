"""Chat shorthand and abbreviations, written out for matching."""

from kiemchung.text.abbreviations import spelled_out


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
