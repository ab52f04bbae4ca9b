from kiemchung.text.sentences import split_sentences


def _texts(text):
    spans = split_sentences(text)
    for span in spans:
        assert text[span.start:span.end] == span.text
    return [span.text for span in spans]


def test_abbreviations_numbers_and_dates_do_not_end_sentences():
    text = "Theo PGS.TS. Nguyễn Văn An, TP.HCM có 2.500 ca mắc ngày 12/3. Số ca giảm 5,6%."
    assert _texts(text) == ["Theo PGS.TS. Nguyễn Văn An, TP.HCM có 2.500 ca mắc ngày 12/3.",
                            "Số ca giảm 5,6%."]


def test_urls_stay_whole():
    text = "Xem tại https://vnexpress.net/tin-a.html ngay! Rồi chia sẻ."
    assert _texts(text) == ["Xem tại https://vnexpress.net/tin-a.html ngay!", "Rồi chia sẻ."]


def test_emoji_stay_with_their_sentence():
    assert _texts("Thật không? 😱😱 Uống nước chanh chữa ung thư.") == [
        "Thật không? 😱😱", "Uống nước chanh chữa ung thư."]


def test_lines_are_sentences_and_offsets_point_into_the_input():
    text = "Tiêu đề bài báo\n\n  Câu thứ nhất. Câu thứ hai"
    assert _texts(text) == ["Tiêu đề bài báo", "Câu thứ nhất.", "Câu thứ hai"]


def test_empty_text_has_no_sentences():
    assert split_sentences("   \n ") == []
