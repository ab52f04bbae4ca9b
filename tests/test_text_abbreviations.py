"""Chat shorthand and abbreviations, written out for matching."""

from kiemchung.text.abbreviations import spelled_out


def test_teencode_is_written_out_with_its_tone_marks():
    assert spelled_out("hnay ngta nói vk tui cx bị lun") == (
        "hôm nay người ta nói vợ tui cũng bị luôn"
    )


def test_a_word_typed_with_tone_marks_or_a_single_letter_is_kept():
    assert spelled_out("Hồng nói vitamin k tốt") == "hồng nói vitamin k tốt"
