import pytest

from kiemchung.text.language import detect_language


@pytest.mark.parametrize("text, expected", [
    ("Ăn sầu riêng rồi uống rượu bia có thể gây tử vong.", "vi"),
    ("vua an sau rieng vua nhau la dot tu nhu choi", "vi"),
    ("Eating durian with alcohol can kill you.", "en"),
    ("Le gouvernement a annoncé une hausse des impôts.", "other"),
    ("😀 123 !!!", "other"),
    ("Cảnh báo khẩn: Vietnam's base salary rose to 2.34 million dong a month", "en"),
    ("All Vietnamese pork rolls (giò chả) sold at markets contain borax.", "en"),
    ("SEA Games 31 VN nhất toàn đoàn, giành 205 HCV.", "vi"),
    ("Follow page để cập nhật thêm nhiều deal hot nhé!", "vi"),
])
def test_detects_vietnamese_english_and_other(text, expected):
    assert detect_language(text) == expected
