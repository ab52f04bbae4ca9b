from kiemchung.text.diacritics import Restorer, lacks_tone_marks


def test_restores_tone_marks_from_known_phrases():
    restorer = Restorer(["Ăn sầu riêng rồi uống rượu bia có thể gây tử vong."])
    restored = restorer.restore("an sau rieng roi uong ruou bia")
    assert "sầu riêng" in restored and "rượu bia" in restored


def test_knows_text_without_tone_marks():
    assert lacks_tone_marks("uong ca phe gay loang xuong")
    assert not lacks_tone_marks("uống cà phê")
    assert not lacks_tone_marks("đi")
