import pytest

from kiemchung.text.language import detect_language


@pytest.mark.parametrize("text, expected", [
    ("Ăn sầu riêng rồi uống rượu bia có thể gây tử vong.", "vi"),
    ("vua an sau rieng vua nhau la dot tu nhu choi", "vi"),
    ("Eating durian with alcohol can kill you.", "en"),
    ("Le gouvernement a annoncé une hausse des impôts.", "other"),
    ("😀 123 !!!", "other"),
])
def test_detects_vietnamese_english_and_other(text, expected):
    assert detect_language(text) == expected
