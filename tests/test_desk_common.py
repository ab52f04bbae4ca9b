"""The explanation sanitiser: safe HTML out, and plain text kept as written."""

import pytest

from kiemchung.desk.common import sanitize_html


def test_a_stray_style_tag_does_not_swallow_the_text_after_it() -> None:
    html = sanitize_html("Trang dùng thẻ <style> để ẩn chữ. Phần sau vẫn phải hiện.")
    assert "Phần sau vẫn phải hiện." in html and "<style" not in html


def test_angle_brackets_in_plain_text_keep_their_words() -> None:
    assert sanitize_html("a<b và c>d") == "<p>a&lt;b và c&gt;d</p>"
    assert sanitize_html("x < y và y > z") == "<p>x &lt; y và y &gt; z</p>"
    assert sanitize_html("<b and c>d") == "<p>&lt;b and c&gt;d</p>"


def test_an_iframe_leaves_no_markup_escaped_or_not() -> None:
    html = sanitize_html('<iframe src="https://x.example"><p>bên trong</p></iframe>Xem thêm')
    assert html == "<p>Xem thêm</p>"


@pytest.mark.parametrize("dangerous", [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', "<!-- <script>alert(1)</script> -->",
])
def test_scripts_and_handlers_never_survive(dangerous: str) -> None:
    html = sanitize_html(f"Trước {dangerous} sau")
    assert "<script" not in html and "onerror" not in html and "onload" not in html
    assert "javascript:" not in html and "Trước" in html and "sau" in html


def test_allowed_markup_is_kept_and_links_get_rel() -> None:
    html = sanitize_html('<p>Có <strong>đậm</strong> và <a href="https://a.vn" onclick="x">nguồn</a></p>')
    assert html == ('<p>Có <strong>đậm</strong> và '
                    '<a href="https://a.vn" rel="noopener nofollow">nguồn</a></p>')


def test_plain_text_becomes_paragraphs_and_lines() -> None:
    assert sanitize_html("Dòng 1\nDòng 2\n\nĐoạn 2 & hết") == (
        "<p>Dòng 1<br>Dòng 2</p><p>Đoạn 2 &amp; hết</p>")
