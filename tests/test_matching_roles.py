"""Who did what to whom: the same two countries around one act, read in both languages."""

import pytest
from hypothesis import given

from kiemchung.matching.roles import agree, roles, swapped
from strategies import FAST, claims

VN_BEAT_TH = {("beat", "vietnam", "thailand")}


@pytest.mark.parametrize("text", [
    "Việt Nam thắng Thái Lan 3-0 ở chung kết",
    "Việt Nam đã đánh bại Thái Lan",
    "Viet Nam da danh bai Thai Lan",  # without tone marks
    "Việt Nam thắng 3-0 trước Thái Lan",
    "Thái Lan thua Việt Nam",  # said from the side that lost
    "Thái Lan bị Việt Nam đánh bại",
    "Thái Lan bị Việt Nam đánh bại!",  # the act before a sentence's end
    "Thái Lan bị đánh bại bởi Việt Nam",
    "Vietnam beat Thailand 2-1",
    "Thailand lost to Vietnam",
    "Thailand was defeated by Vietnam",
])
def test_who_acts_is_read_however_the_sentence_is_turned(text):
    assert roles(text) == VN_BEAT_TH


def test_each_act_is_its_own():
    assert roles("Nga bất ngờ tấn công Ukraine") == {("attack", "russia", "ukraine")}
    assert roles("Ukraine was invaded by Russia") == {("attack", "russia", "ukraine")}
    assert roles("Mỹ trừng phạt Trung Quốc") == {("sanction", "usa", "china")}
    assert roles("The U.S. sanctioned China") == {("sanction", "usa", "china")}
    assert roles("Trung Quốc bị Mỹ khởi kiện.") == {("sue", "usa", "china")}
    assert roles("Mỹ kiến Trung Quốc") == frozenset()  # "kiến" and "kiện" fold alike


@pytest.mark.parametrize("text", [
    "Trung Quốc và Mỹ đàm phán thương mại",  # no act
    "Việt Nam xuất khẩu gạo sang Philippines tăng mạnh",  # not an act this reads
    "Chị Nga thắng giải nhất",  # one side only, and a given name
    "Việt Nam thắng, Thái Lan hòa",  # the act is not between the two
    "Giá xăng tháng 7 tăng",
    "Ukraine. Attack Russia",  # across a sentence's end
    "China bought US soybeans",  # not an act this reads
    "",
])
def test_a_sentence_it_cannot_take_apart_gives_no_roles(text):
    assert roles(text) == frozenset()


def test_the_same_act_with_its_roles_swapped_is_told_across_languages():
    assert swapped("Việt Nam thắng Thái Lan", "Thái Lan thắng Việt Nam")
    assert swapped("Vietnam beat Thailand", "Thái Lan đánh bại Việt Nam")
    assert swapped("Ukraine tấn công Nga", "Russia attacked Ukraine")


def test_one_fact_said_from_either_side_agrees():
    assert agree("Thái Lan thua Việt Nam", "Việt Nam thắng Thái Lan")
    assert agree("Ukraine was invaded by Russia", "Nga tấn công Ukraine")
    assert not agree("Việt Nam thắng Thái Lan", "Thái Lan thắng Việt Nam")
    assert not agree("Giá xăng tăng", "Giá xăng giảm")  # no roles: nothing to agree on


def test_one_fact_said_from_either_side_is_no_swap():
    assert not swapped("Thái Lan thua Việt Nam", "Việt Nam thắng Thái Lan")
    assert not swapped("Ukraine was invaded by Russia", "Nga tấn công Ukraine")
    assert not swapped("Việt Nam thắng Thái Lan", "Việt Nam tấn công Thái Lan")  # another act
    # A text that states it both ways (a rematch) swaps nothing.
    assert not swapped("Việt Nam thắng Thái Lan, rồi Thái Lan thắng Việt Nam",
                       "Thái Lan thắng Việt Nam")


@FAST
@given(claims(), claims())
def test_a_swap_is_the_same_whichever_text_is_the_claim(one, other):
    assert swapped(one, other) == swapped(other, one)


def test_a_long_run_of_words_between_two_countries_is_read_in_one_pass():
    # Read possessively: without, this took seconds (a run of fillers split many ways).
    assert roles("Việt Nam " + "đã " * 6000 + "x Thái Lan") == frozenset()
    assert roles("Việt Nam " + "đã " * 6000 + "thắng Thái Lan") == VN_BEAT_TH


def test_a_letter_that_lowers_to_two_leaves_no_positions_to_misread():
    assert roles("İzmir: Thái Lan thua Lào") == frozenset()
