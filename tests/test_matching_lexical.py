"""The search form, numbers and years of any text, names from real libraries among them."""

import re

import pytest
from hypothesis import given

from kiemchung.matching.lexical import (
    dates,
    days,
    label_clash,
    labels,
    loanwords,
    months,
    named_numbers,
    numbers,
    same_dates,
    search_form,
    years,
)
from kiemchung.text.normalize import fold
from strategies import FAST, claims


def test_a_number_is_one_value_however_it_is_written():
    assert numbers("2,34 triệu") == numbers("2.340.000đ") == numbers("2.34 million")
    assert numbers("500k") == numbers("500.000 đồng")


def test_a_count_said_in_words_before_its_scale_is_the_value_in_digits():
    assert numbers("Four Million Dollars") == numbers("$4 million") == {"4000000"}
    assert numbers("twenty-five thousand") == numbers("25,000") == {"25000"}
    assert numbers("two hundred fifty million") == {"250000000"}
    assert numbers("one hundred and fifty million") == {"150000000"}
    assert numbers("hai mươi lăm triệu") == numbers("25 triệu")
    assert numbers("một trăm hai mươi tỉ") == numbers("120 tỷ")
    assert numbers("năm trăm nghìn đồng") == numbers("500k")
    assert numbers("ba mươi tư ngàn") == {"34000"}


@pytest.mark.parametrize("text", [
    "năm 2024 tỷ lệ tăng",  # the year, then a rate
    "cả năm tỷ lệ thất nghiệp giảm",  # "năm" is the year here
    "cả năm tỷ giá tăng",  # an exchange rate
    "năm triệu chứng của COVID",  # five symptoms
    "hai tỷ phú Mỹ",  # two billionaires
    "mỗi năm triệu người",  # every year
    "hai mươi năm triệu người",  # twenty years: 25 is "hai mươi lăm"
    "siêu dự án đầu tư tỷ đô",  # "đầu tư" (to invest) ends in "tư" (four)
    "thứ tư nghìn người",  # Wednesday
    "năm hai triệu",  # two counts in a row: not one
    "hai triệu năm trăm nghìn",
    "một trăm linh năm triệu",
    "one thousand two hundred people",
    "a million reasons",
    "hai người",  # no scale: not read
])
def test_words_that_are_no_count_or_not_the_whole_of_one_stay_words(text):
    assert numbers(text) - {"2024"} == set(), text


def test_ruoi_after_a_scale_is_half_of_it_more():
    assert numbers("2 triệu rưỡi") == numbers("hai triệu rưỡi") == numbers("2,5 triệu")
    assert numbers("3tr rưỡi") == numbers("3,5 triệu") and numbers("1 tỷ rưỡi") == {"1500000000"}
    assert numbers("5 nghìn rưỡi") == {"5500"}
    assert numbers("2 triệu ruồi") == {"2000000"}  # a fly


def test_a_digit_said_after_millions_is_their_first_decimal_where_nothing_else_follows():
    assert numbers("lương 8 triệu 5 một tháng") == numbers("8tr5") == numbers("8,5 triệu")
    assert numbers("giá 1 tỷ 2.") == numbers("1 tỷ 2/m2") == {"1200000000"}
    assert numbers("2 triệu 5 người") == {"2000000", "5"}  # two counts
    assert numbers("4 triệu 3 năm") == {"4000000", "3"}


def test_ty_and_trieu_starting_another_word_are_no_scale_after_digits_either():
    assert numbers("năm 2024 tỷ lệ tăng") == years("năm 2024 tỷ lệ tăng") == {"2024"}
    assert numbers("5 tỷ lệ") == numbers("5 triệu chứng") == numbers("5 tỷ phú") == {"5"}
    assert numbers("5 tỷ đồng") == numbers("tăng 5 tỷ so với năm ngoái") == {"5000000000"}


def test_a_date_is_one_value_its_day_and_month_however_it_is_written():
    assert numbers("từ 1/7/2024") == numbers("từ ngày 1.7.2024") == {"1/7", "2024"}
    assert numbers("Từ 14/2 cấm dạy thêm") == {"14/2"}  # a word announces the date
    assert numbers("nghỉ dịp 30/4 - 1/5") == {"30/4", "1/5"}
    assert numbers("1/2 số dân") == {"1", "2"}  # nothing says it is a date: a half
    assert numbers("ngày 32/13") == {"32", "13"}  # no such day


def test_a_month_given_with_its_year_is_a_date_not_a_number_to_share():
    # "80 triệu … tháng 3/2025" and "100 triệu … tháng 3/2025" share no amount: the month is not one
    assert numbers("dưới 80 triệu đồng trong tháng 3/2025") == {"80000000", "3/2025", "2025"}
    assert dates(numbers("tháng 03.2025 có 3 ca")) == {"3/2025"} and years("3/2025") == {"2025"}
    assert numbers("quý 1/2025") != numbers("quý 2/2025")  # still told apart
    assert numbers("tháng 13/2025") == {"13", "2025"}  # no such month
    assert numbers("1.2024 triệu") == {"1202400"}  # an amount, not a month


def test_a_day_with_its_month_named_in_english_is_a_date_not_an_amount():
    assert dates(numbers("Sept. 29, 2020")) == dates(numbers("29/9/2020")) == {"29/9"}
    assert dates(numbers("on August 12")) == dates(numbers("the 12th of August")) == {"12/8"}
    assert dates(numbers("ngày 12/8")) == {"12/8"}
    # Its day stays an amount too, as the models learnt it ("days" picks it out again).
    assert numbers("closed on 24th December") == {"24/12", "24"}
    assert days(dates(numbers("closed on 24th December"))) == {"24"}
    assert numbers("May 5th") == numbers("May 5, 2021") - {"2021"} == {"5/5", "5"}
    assert numbers("may 5 bộ áo") == numbers("5 máy") == {"5"}  # "may", "máy": no month
    assert numbers("sếp 5 người") == {"5"}  # "sep" only with its full stop
    assert numbers("August 12 million") == {"12000000"}  # an amount after all


def test_a_time_of_day_is_no_amount():
    for said in ("At 1:30pm the sun sets", "at 3:42 AM", "10:00 am", "closes at 4 PM", "7h30 sáng"):
        assert numbers(said) == set(), said
    assert numbers("tỷ lệ 3:1") == {"3", "1"}  # a ratio, not a time
    assert numbers("uống 10 ấm trà mỗi ngày") == {"10"}  # teapots, though "ấm" folds to "am"
    assert numbers("ngày 15 âm lịch") == {"15"}
    assert numbers("𝟭𝟬 𝗮𝗺") == set()  # a time in a font generator's bold is a time


def test_millions_and_billions_in_dollars_are_read_with_their_scale():
    assert numbers("an $80M bounty") == numbers("an $80 million bounty") == {"80000000"}
    assert numbers("$2.8B") == {"2800000000"}
    assert numbers("chạy 5m") == {"5"}  # metres, not millions


def test_a_number_that_names_a_thing_is_read_with_its_name():
    assert numbers("Giá xăng RON 95 giảm 500 đồng/lít") == {"ron 95", "500"}
    assert labels(numbers("Quận 7, lớp 12, Điều 5, iPhone 15")) == {
        "quan 7", "lop 12", "dieu 5", "iphone 15"
    }
    assert numbers("khoản 2 tỷ") == {"2000000000"}  # a scale after it: an amount
    assert numbers("quần 2 cái") == {"2"}  # trousers, not a district
    assert numbers("𝗾𝘂𝗮̣̂𝗻 𝟳") == numbers("QUẬN 7") == {"quan 7"}  # in a style, in capitals
    assert numbers("bão cấp 12") == {"cap 12"} and numbers("cấp 500 suất") == {"500"}
    assert label_clash(numbers("RON 92 tăng"), numbers("RON 95 giảm"))
    assert not label_clash(numbers("RON 92"), numbers("RON 95 và RON 92"))
    assert not label_clash(numbers("quận 7"), numbers("lớp 12"))  # not of one kind


def test_a_rounded_count_names_the_exact_one():
    assert named_numbers(numbers("143,379 votes"), numbers("143K ballots")) == {"143000"}
    assert named_numbers(numbers("2 triệu"), numbers("2,05 triệu")) == {"2050000"}
    assert named_numbers(numbers("1.000 tỷ"), numbers("1.020 tỷ")) == {"1.02e+12"}
    # Not another amount that rounds the same at one digit, nor small numbers.
    assert not named_numbers(numbers("1,5 triệu"), numbers("2 triệu"))
    assert not named_numbers(numbers("1.377 điểm"), numbers("1.000 điểm"))
    assert not named_numbers(numbers("tăng 12%"), numbers("tăng 10%"))


def test_a_month_named_with_its_year_is_read_in_english_and_vietnamese():
    december_2020 = 2020 * 12 + 11
    assert months("In December 2020, snow fell in Los Angeles") == {december_2020}
    assert months("On Dec. 14, 2020, a march") == months("tháng 12/2020") == {december_2020}
    assert months("Từ ngày 1/12/2020") == months("tháng 12 năm 2020") == {december_2020}
    assert months("The decoded 2020 files") == frozenset()  # no month's name
    assert months("tháng 13/2025") == frozenset()  # no such month
    # before a year "may" and "sep" are months, though "máy" and "sếp" fold to them
    assert months("May 2021") == {2021 * 12 + 4} and months("Sep 2021") == {2021 * 12 + 8}


def test_a_day_and_the_month_it_falls_in_can_name_the_same_time():
    assert same_dates({"1/7"}, {"7/2025"}) and same_dates({"7/2025"}, {"1/7", "1/8"})
    assert not same_dates({"1/7"}, {"8/2025"})
    assert not same_dates({"3/2025"}, {"5/2025"}) and not same_dates({"1/7"}, {"2/7"})


@FAST
@given(claims())
def test_any_text_has_a_search_form_of_plain_words(text):
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", search_form(text))


@FAST
@given(claims())
def test_text_typed_without_tone_marks_has_the_same_search_form(text):
    assert search_form(fold(text)) == search_form(text)


@FAST
@given(claims())
def test_any_text_has_numbers_that_are_values_and_years_that_are_years(text):
    values = numbers(text)
    assert all(re.fullmatch(r"\d{1,2}/\d{1,2}", value) for value in dates(values))
    assert all(re.fullmatch(r"[a-z ]+ \d+", value) for value in labels(values))
    assert all(float(value) >= 0 for value in values - dates(values) - labels(values))
    assert all(re.fullmatch(r"(?:19|20)\d\d", year) for year in years(text))
    assert all(re.fullmatch(r"[a-z]{3,}", word) for word in loanwords(text))
