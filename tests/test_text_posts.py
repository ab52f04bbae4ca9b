"""A social post is read for what it says: no signature, links or tag marks, no shouting."""

from __future__ import annotations

import pytest
from hypothesis import given

from kiemchung.text.posts import calm, clean_post, unshout
from strategies import FAST, claims


@pytest.mark.parametrize("post, said", [
    ("lol wait did Bernie Sanders just retroactively win Nevada — Matt Binder (@MattBinder) April 3, 2016",
     "lol wait did Bernie Sanders just retroactively win Nevada"),
    ("Here’s how @BernieSanders took Nevada from @HillaryClinton https://t.co/7fwX2aRwn9",
     "Here’s how Bernie Sanders took Nevada from Hillary Clinton"),
    ("We won! #BernieTakesNevada pic.twitter.com/pDYpvQL5do", "We won! Bernie Takes Nevada"),
    ("Uống nước chanh chữa ung thư #tinnong https://example.vn/a?b=1", "Uống nước chanh chữa ung thư tinnong"),
    ("Bộ Y tế: 2.600 ca mắc -- theo báo cáo tuần này", "Bộ Y tế: 2.600 ca mắc -- theo báo cáo tuần này"),
])
def test_a_post_keeps_its_words_and_loses_its_signature_and_links(post: str, said: str) -> None:
    assert clean_post(post) == said


def test_a_post_that_is_only_a_link_is_left_as_it_is() -> None:
    assert clean_post("https://example.vn/a") == "https://example.vn/a"


def test_an_email_address_is_not_read_as_a_handle() -> None:
    assert clean_post("Viết cho lan@toasoan.vn") == "Viết cho lan@toasoan.vn"


def test_the_year_a_copied_post_was_published_is_read_from_its_signature():
    from kiemchung.text.posts import posted_year

    signed = "More votes than people in Detroit! — A Name (@handle) November 18, 2020"
    assert posted_year(signed) == 2020
    assert posted_year("More votes than people in Detroit in 2016!") is None
    assert posted_year("Hello — A Name (@handle)") is None


def test_the_month_a_copied_post_was_published_is_read_from_its_signature():
    from kiemchung.text.posts import posted_month

    assert posted_month("Snow! — NWS Los Angeles (@NWSLosAngeles) December 2, 2020") == (
        2020 * 12 + 11)
    assert posted_month("Snow! — NWS (@NWS)") is None


def test_the_words_naming_who_signed_a_copied_post_are_read_from_its_signature():
    from kiemchung.text.posts import signed_by

    assert signed_by("We are not prepared for a pandemic. — Joe Biden (@JoeBiden) October 25, "
                     "2019") == {"joe", "biden"}
    assert signed_by("Boycott all Apple products — Donald J. Trump (@realDonaldTrump)") == {
        "donald", "trump"}
    assert signed_by("Lucky to be alive — 🌿 (@Kellie_Balentine) May 2, 2020") == {
        "kellie", "balentine"}  # a name of no words: its handle's
    assert signed_by("More votes than people in Detroit!") == frozenset()


@pytest.mark.parametrize("post, read", [
    ("KHẨN CẤP: BỘ Y TẾ CẢNH BÁO uống nước đá", "Khẩn cấp: bộ y tế cảnh báo uống nước đá"),
    ("In Detroit, there are FAR MORE VOTES THAN PEOPLE. I win!",
     "In Detroit, there are far more votes than people. I win!"),
    ("🔥🔥 TIN NÓNG 🔥 2024 CHÍNH PHỦ SẼ thu hồi", "🔥🔥 Tin nóng 🔥 2024 chính phủ sẽ thu hồi"),
    ("BREAKING NEWS! Dwayne Johnson arrested", "Breaking news! Dwayne Johnson arrested"),
])
def test_words_shouted_in_capitals_are_read_in_lower_case(post: str, read: str) -> None:
    assert unshout(post) == read


@pytest.mark.parametrize("post", [
    "Theo WHO, giá điện ở TP.HCM tăng", "US UK sanctions", "A B C", "GDP tăng 5%", "",
])
def test_an_acronym_or_a_pair_of_short_ones_keeps_its_capitals(post: str) -> None:
    assert unshout(post) == post


@pytest.mark.parametrize("post, read", [
    ("Uống nước chanh chữa ung thư!!!", "Uống nước chanh chữa ung thư"),
    ("Uống nước chanh chữa ung thư.", "Uống nước chanh chữa ung thư"),
    ("KHẨN CẤP!!! BỘ Y TẾ CẢNH BÁO nước đá gây ung thư! Thật không ?!?!",
     "Khẩn cấp. Bộ y tế cảnh báo nước đá gây ung thư"),
    ("CẢNH BÁO KHẨN ‼️ Từ 1/7 cấm rút tiền ❗❗ ⚠️ ✅", "Cảnh báo khẩn. Từ 1/7 cấm rút tiền"),
    ("Từ 1/7 cấm ‼️ rút tiền mặt 😱 !!! tại ATM", "Từ 1/7 cấm rút tiền mặt tại ATM"),
    ("Ai biết ⁉️ giá 1 . 5 triệu", "Ai biết? giá 1 . 5 triệu"),
    ("Chia sẻ ngay........ ! ! ! 😱", "Chia sẻ ngay"),
    ("👉🏻 mn ơi, ăn tỏi 🧄 là hết cúm 😎 🇻🇳", "Mn ơi, ăn tỏi là hết cúm"),
    ("Giá xăng ở TP.HCM tăng 5.000 đồng", "Giá xăng ở TP.HCM tăng 5.000 đồng"),
])
def test_a_post_is_read_calmly_whatever_its_tone(post: str, read: str) -> None:
    assert calm(post) == read


def test_a_word_spelled_out_with_dots_between_its_letters_is_read_as_the_word() -> None:
    assert calm("v.a.c.x.i.n c.o.v.i.d gây c.h.ế.t người") == "Vacxin covid gây chết người"
    assert calm("Giá ở TP.HCM là 5.000.000 đồng v.v.") == "Giá ở TP.HCM là 5.000.000 đồng v.v"


def test_a_post_of_emoji_alone_is_left_as_it_is() -> None:
    assert calm("😱😱😱") == "😱😱😱" and calm("!!!") == "!!!" and calm("2024!!!") == "2024"


def test_a_post_ending_in_a_full_stop_or_none_reads_the_same() -> None:
    said = "Sầu riêng kỵ rượu bia, ăn chung dễ chết người"
    assert calm(said) == calm(said + ".") == calm(said + "!") == calm(said + " !!!") == said


@FAST
@given(claims(), claims())
def test_any_post_with_any_signature_gives_a_signer_and_a_month_or_none(text, name):
    from kiemchung.text.posts import posted_month, signed_by

    for post in (text, f"{text} — {name[:60]} (@{'a' * 5}) December 2, 2020"):
        assert all(word and " " not in word for word in signed_by(post))
        month = posted_month(post)
        assert month is None or 1900 * 12 <= month < 2100 * 12
