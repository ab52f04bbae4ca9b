"""read_image: the text of a chat screenshot without the app's chrome, and the fact-checks
about a copy of the picture."""

import pytest

from kiemchung.errors import InputError, OcrUnavailable
from kiemchung.images import attach, read_image
from kiemchung.images.chrome import strip
from kiemchung.settings import Settings
from kiemchung.store import Store
from screenshots import jpeg, photo, png, render, require_tesseract

CLAIM = "Bộ Y tế khuyến cáo uống nước chanh nóng mỗi sáng giúp tiêu diệt tế bào ung thư"


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path, Settings())
    yield store
    store.close()


def test_a_screenshot_is_read_without_the_chat_apps_chrome(store):
    require_tesseract()
    for theme in ("light", "dark"):
        reading = read_image(store, png(render(CLAIM, theme=theme, width=720)))
        assert "tiêu diệt tế bào ung thư" in reading.text, theme
        for chrome in ("Nhóm Gia Đình", "Đã chia sẻ", "10:45", "Nhập tin nhắn", "85%", "12"):
            assert chrome not in reading.text, (theme, chrome)
        assert len(reading.sha256) == 64


def test_a_photo_with_no_text_finds_the_fact_check_about_it(store):
    require_tesseract()
    attach(store, "https://factcheck.example/anh-cu", png(photo(11)))
    reading = read_image(store, jpeg(photo(11).resize((600, 450)), 60))
    assert reading.factcheck_urls == ["https://factcheck.example/anh-cu"]
    assert reading.factcheck_slugs == []  # imported, not published here


def test_a_non_image_is_refused_in_one_line(store):
    with pytest.raises(InputError, match="^the image: not an image"):
        read_image(store, b"<html>hello</html>")


def test_missing_tesseract_is_one_clear_line_and_keeps_nothing(tmp_path):
    store = Store(tmp_path, Settings({"KIEMCHUNG_TESSERACT": "/nowhere/tesseract"}))
    try:
        with pytest.raises(OcrUnavailable, match="needs Tesseract.*apt-get install"):
            read_image(store, png(photo(1, (200, 200))))
    finally:
        store.close()
    assert not (tmp_path / "images").exists()


def test_chrome_lines_are_left_out_and_the_message_kept():
    read = "\n".join([
        "9:41 4G 85%", "Nhóm Gia Đình", "Đang hoạt động", "Đã chia sẻ", "Forwarded",
        "Uống nước chanh nóng mỗi sáng", "tiêu diệt tế bào ung thư 10:45", "❤ 12", "Nhập tin nhắn",
    ])
    assert strip(read) == "Uống nước chanh nóng mỗi sáng tiêu diệt tế bào ung thư"


def test_a_forwarded_from_line_and_a_channels_header_are_chrome_too():
    read = "Tin Nóng 24h\n12.345 members\nForwarded from Tin Nóng 24h\nGiá xăng tăng 5.000 đồng từ mai"
    assert strip(read) == "Giá xăng tăng 5.000 đồng từ mai"


def test_a_short_message_line_is_kept_when_no_presence_line_follows():
    assert strip("Khẩn cấp\nSữa Ông Thọ bị thu hồi toàn quốc") == (
        "Khẩn cấp Sữa Ông Thọ bị thu hồi toàn quốc"
    )
