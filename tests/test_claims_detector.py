from kiemchung.claims.detector import ClaimDetector


def test_figures_decisions_and_health_causes_are_claims():
    detector = ClaimDetector()
    for sentence in [
        "Theo Tổng cục Thống kê, GDP quý I tăng 5,66% so với cùng kỳ.",
        "Bộ Y tế đã cấp phép vắc-xin này từ tháng 3/2024.",
        "Uống nước chanh ấm mỗi sáng chữa khỏi ung thư.",
        "uong nuoc chanh am moi sang chua khoi ung thu",
    ]:
        assert detector.score(sentence) >= detector.threshold, sentence


def test_opinions_greetings_questions_and_advice_are_not_claims():
    detector = ClaimDetector()
    for sentence in [
        "Chúc mừng năm mới cả nhà!",
        "Có ai biết quán phở nào ngon ở Hà Nội không?",
        "Mình thấy bộ phim này hơi dài.",
        "Hãy sống tích cực mỗi ngày.",
    ]:
        assert detector.score(sentence) < detector.threshold, sentence


def test_a_rumour_is_found_in_a_sentence_that_asks_about_it_or_acts_on_it():
    detector = ClaimDetector()
    for sentence in [
        "Uống nước dừa mỗi sáng chữa khỏi bệnh gan, thật không mn?",
        "Ai giữ tiền mặt thì đi gửi ngân hàng ngay, Ngân hàng Nhà nước sắp thu hồi tiền polyme",
    ]:
        assert detector._score(sentence) < detector.threshold, sentence  # read whole: hidden
        assert detector.score(sentence) >= detector.threshold, sentence
    text = "Các mẹ ơi! Uống nước dừa mỗi sáng chữa khỏi bệnh gan, thật không mn?"
    assert [claim.text for claim in detector.claims(text)] == [text.removeprefix("Các mẹ ơi! ")]
    assert detector.score("Có thật không mọi người?") < detector.threshold
    # A call backed by an opinion is still no claim, whoever it names.
    for side in ("chính phủ", "người dân"):
        assert detector.score(f"Hãy ủng hộ {side}, {side} đang làm rất tốt.") < detector.threshold


def test_a_call_to_act_typed_with_a_phones_apostrophe_is_one_whoever_it_names():
    detector = ClaimDetector()
    for side in ("the government", "the protesters"):
        for apostrophe in ("'", "\u2019"):  # a phone's keyboard types the second
            sentence = f"Let{apostrophe}s support {side}."
            assert detector.score(sentence) == 0.0, sentence


def test_a_sentence_over_the_line_keeps_its_own_score_whatever_its_clauses_score():
    detector = ClaimDetector()
    sentence = "Theo Tổng cục Thống kê, GDP quý I tăng 5,66% so với cùng kỳ."
    assert detector.score(sentence) == detector._score(sentence) >= detector.threshold


def test_a_claim_in_a_font_generators_bold_is_a_claim_and_a_greeting_is_not():
    from strategies import bold

    detector = ClaimDetector()
    claim, greeting = "Uống nước chanh ấm mỗi sáng chữa khỏi ung thư.", "Chúc mừng năm mới cả nhà!"
    assert detector.score(bold(claim)) == detector.score(claim) >= detector.threshold
    assert detector.score(bold(greeting)) == detector.score(greeting) < detector.threshold
    text = f"{bold(greeting)} {bold(claim)}"
    assert [(c.text, text[c.start:c.end]) for c in detector.claims(text)] == [(bold(claim),) * 2]


def test_claim_offsets_point_into_the_text_as_given():
    text = "Xin chào cả nhà!   Ăn sầu riêng rồi uống bia có thể gây tử vong.\nThật đáng sợ 😱"
    claims = ClaimDetector().claims(text)
    assert [c.text for c in claims] == ["Ăn sầu riêng rồi uống bia có thể gây tử vong."]
    assert all(text[c.start:c.end] == c.text for c in claims)


def test_a_sentence_a_document_repeats_is_one_claim_of_it():
    from kiemchung.claims.detector import claims_stage, text_stage
    from kiemchung.document import Document

    said = "Giá điện tăng 4,8% từ ngày 11/10."
    other = "Giá xăng giảm 500 đồng mỗi lít từ 15 giờ chiều nay."
    doc = Document(text=f"{said} {said.upper()} {other} {said}")
    [doc] = claims_stage(None)(text_stage(None)([doc]))
    assert [(claim.text, claim.start) for claim in doc.claims] == [
        (said, 0), (other, doc.text.index(other))]


def test_sentences_apart_only_in_tone_marks_are_two_claims():
    from kiemchung.claims.detector import said_once
    from kiemchung.document import Claim

    sold, yours = Claim("Bán nhà 3 tỷ đồng.", 0, 18, 0.9), Claim("Bạn nhà 3 tỷ đồng.", 19, 37, 0.9)
    assert said_once([sold, yours, sold]) == [sold, yours]
