"""What a reader's question asks: whether a claim is true, or advice, a place, an amount."""

import pytest

from kiemchung.matching.questions import asks_other


@pytest.mark.parametrize("text", [
    "Bị sốt xuất huyết có nên uống nước dừa không bác sĩ?",
    "Tiêm vắc xin HPV cho bé gái ở đâu tại Hà Nội, giá bao nhiêu một mũi?",
    "Một tuần ăn mì tôm mấy lần thì được ko mọi người",  # no question mark
    "Làm căn cước cho con có cần đưa bé đến công an phường không mọi người?",
    "Sốt xuất huyết đã có vắc-xin chưa? Tiêm ở đâu?",  # the second sentence asks
    "Where can I get the HPV vaccine in Hanoi?",
    "Is it safe to drink tap water in Ho Chi Minh City?",
])
def test_a_question_asking_for_advice_a_place_or_an_amount_asks_something_else(text):
    assert asks_other(text)


@pytest.mark.parametrize("text", [
    "Nghe nói uống nước dừa chữa được sốt xuất huyết, thật không ạ?",
    "Có phải tiêm vắc xin HPV gây vô sinh không?",
    "Bán hàng online doanh thu dưới 100 triệu cũng phải nộp thuế à mọi người?",
    "Nghe nói từ năm sau chuyển khoản quá 10 triệu là bị truy thu thuế, ai biết rõ ko?",
    "Is it true that Vietnam will ban motorbikes in Hanoi?",
    "Did Elon Musk really announce a Tesla factory in Vietnam?",
])
def test_a_question_asking_whether_a_claim_is_true_does_not(text):
    assert not asks_other(text)


@pytest.mark.parametrize("text", [
    "Bác sĩ khuyên nên uống nhiều nước khi bị sốt xuất huyết.",  # advice stated, not asked
    "Hà Nội ngập là do Sơn La xả lũ chứ mưa gì mà ngập dữ vậy",  # asks nothing
    "Giá vàng hôm nay tăng bao nhiêu cũng không ai mua nổi.",
])
def test_a_statement_asks_nothing(text):
    assert not asks_other(text)


from hypothesis import given  # noqa: E402

from strategies import FAST, claims  # noqa: E402


@FAST
@given(claims())
def test_any_text_asks_something_or_not(text):
    assert asks_other(text) in (True, False)
