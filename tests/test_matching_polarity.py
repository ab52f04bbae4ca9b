"""Which way a claim points, and when two claims point opposite ways."""

import pytest

from kiemchung.matching.polarity import clash, directions, negated, negation_clash, removed


def test_directions_are_read_in_vietnamese_and_english():
    assert directions("Giá xăng RON95 sắp tăng lên 30.000 đồng/lít.") == {"up"}
    assert directions("Petrol prices fell by 300 dong a litre") == {"down"}
    assert directions("Học sinh bị cấm mang điện thoại đến trường") == {"banned"}
    assert directions("Thái Lan thua Việt Nam ở chung kết") == {"lost"}
    assert directions("Nhật Bản miễn thị thực cho công dân Việt Nam") == {"exempt"}
    assert directions("Zalo charges users a monthly fee") == {"charged"}
    assert directions("Tiếng Anh là môn thi bắt buộc") == {"mandatory"}


def test_fees_and_obligations_turn_round_when_negated():
    assert directions("Zalo sẽ không thu phí người dùng") == {"exempt"}
    assert directions("Tiếng Anh không bắt buộc") == {"optional"}
    assert clash(directions("nhật bản tăng phí xin visa"),
                 directions("Nhật Bản miễn thị thực cho người Việt"))


def test_immunity_is_no_exemption():
    assert directions("Cho trẻ mắc sởi để có miễn dịch tự nhiên") == set()


def test_a_negated_direction_is_turned_round():
    assert directions("Trường không cho phép học sinh mang điện thoại") == {"banned"}
    assert directions("Giá xăng kỳ này không tăng") == {"down"}
    assert directions("Prices did not rise this month") == {"down"}
    assert directions("Chính phủ bỏ lệnh cấm pháo hoa") == {"allowed"}


def test_a_negated_synonym_does_not_clash():
    assert not clash(directions("Trường không cho phép học sinh mang điện thoại"),
                     directions("Học sinh bị cấm mang điện thoại"))


def test_words_that_only_look_like_directions_state_none():
    assert directions("Bộ Y tế ban hành quy định mới") == frozenset()  # "ban" is Vietnamese too
    assert directions("the upper house") == frozenset()


def test_a_name_made_of_a_direction_word_still_reads_as_one_at_the_start():
    # A known limit: first in a sentence, the surname "Tăng" cannot be told from the verb.
    assert directions("Tăng Thanh Hà") == {"up"}


def test_opposite_directions_clash_only_when_the_two_share_none():
    assert clash(directions("xăng giảm 300 đồng"), directions("xăng sắp tăng"))
    assert not clash(directions("xăng giảm rồi lại tăng"), directions("xăng sắp tăng"))
    assert not clash(directions("xăng tăng"), directions("xăng sắp tăng"))
    assert not clash(frozenset(), directions("xăng sắp tăng"))


def test_a_name_is_not_a_direction():
    assert directions("Ông Tăng Văn Bình nói giá xăng giảm") == {"down"}
    assert directions("anh Thắng kể U23 Việt Nam thua Thái Lan") == {"lost"}
    assert directions("Tăng lương cơ sở từ 1/7") == {"up"}  # a sentence's first word


def test_a_negation_denies_the_two_words_after_it_past_auxiliaries():
    assert negated("Ăn trứng vịt lộn không giúp trẻ tăng chiều cao") == {"giup", "tre"}
    assert negated("Thẻ căn cước sẽ không bị thu hồi") == {"thu", "hoi"}
    # spelled as the search form spells it: "bhxh" is "bảo hiểm xã hội"
    assert negated("người lao động không còn được rút BHXH") == {"rut", "bao"}
    assert negated("người lao động bị cấm rút BHXH") == {"rut", "bao"}  # a denying verb
    assert negated("Coffee does not cause osteoporosis") == {"cause", "osteoporosis"}
    assert negated("Tài xế vượt đèn đỏ không phải chịu mức phạt tới 20 triệu") == {"phat", "toi"}


def test_a_removal_names_what_is_done_away_with():
    assert removed("Từ ngày 1/7/2025, cấp huyện bị bỏ, chỉ còn hai cấp") == {"cap", "huyen"}
    assert {"thi", "tot", "nghiep"} <= removed("Bộ bãi bỏ kỳ thi tốt nghiệp")
    assert {"district", "level"} <= removed("The district level was abolished in 2025")
    assert removed("Cấp huyện không bị bỏ") == frozenset()  # a denied removal removes nothing
    assert removed("Người dân đi bỏ phiếu") == frozenset()  # "bỏ phiếu" votes


def test_what_has_run_out_is_done_away_with():
    assert removed("Thẻ bảo hiểm y tế giấy hết giá trị sử dụng từ ngày 1/6/2024.") == {
        "hiem", "y", "te", "giay"}  # four words back
    assert removed("Từ 2025, thẻ BHYT giấy hết hiệu lực") == {"the", "bao", "giay"}
    assert removed("The paper permit expired in May") == {"paper", "permit"}
    assert removed("Giấy phép lái xe cũ không hết hạn") == frozenset()  # denied


def _clash(query: str, claim: str, cross: bool = False) -> bool:
    from kiemchung.matching.lexical import search_form

    return negation_clash(negated(query), set(search_form(query).split()), negated(claim),
                          set(search_form(claim).split()), cross, removed(query), removed(claim))


def test_no_longer_there_agrees_with_done_away_with():
    claim = "Từ ngày 1/7/2025, cấp huyện bị bỏ, chính quyền chỉ còn hai cấp"
    assert _clash("Từ 1/7 không còn cấp huyện nữa", "Từ 1/7/2025 cấp huyện vẫn hoạt động")
    assert not _clash("Từ 1/7 không còn cấp huyện nữa", claim)
    assert not _clash("From July 2025 there is no longer a district level", claim, cross=True)


def test_a_removal_alone_never_clashes():
    # Where a removal's subject begins is a guess: its words only agree with a negation.
    assert not _clash("Bỏ môn tiếng Anh khỏi kỳ thi tốt nghiệp",
                      "Môn tiếng Anh bị bỏ khỏi kỳ thi tốt nghiệp từ năm 2025")
    assert not _clash("Vietnam will redenominate the dong by dropping three zeros",
                      "Việt Nam sắp đổi tiền, bỏ 3 số 0", cross=True)


def test_a_negation_can_deny_a_number():
    assert negated("Số tỉnh, thành phố sau sắp xếp không phải là 34.") == {"34"}
    assert negation_clash(negated("Số tỉnh sau sắp xếp không phải là 34"), set(), frozenset(),
                          {"ca", "nuoc", "con", "34", "tinh"}, cross=False)


def test_words_that_only_contain_a_negation_deny_nothing():
    assert negated("Ô nhiễm không khí ở Hà Nội tăng cao") == frozenset()
    assert negated("Hãng hàng không giảm giá vé") == frozenset()
    assert negated("Có đúng là ăn sầu riêng uống bia sẽ chết không?") == frozenset()
    assert negated("Giá xăng kỳ này không tăng") == frozenset()  # a direction, turned round


@pytest.mark.parametrize("text", [
    "Có thật là uống chanh chữa ung thư không?",
    "Thật không, SEA Games 33 tổ chức ở Thái Lan?",
    "có thật không á",
    "uống chanh chữa ung thư, đúng ko mn",
    "Mình k biết nữa",
])
def test_the_no_that_ends_a_question_denies_nothing(text):
    assert negated(text) == frozenset()


@pytest.mark.parametrize("text", [
    "The measles jab causes autism in children, don't let them vaccinate your kid",
    "Never eat raw garlic on an empty stomach",
    "Do not share this: 5G towers spread the virus",
])
def test_a_command_that_opens_a_clause_denies_nothing(text):
    assert negated(text) == frozenset()


def test_a_negation_after_its_subject_still_denies():
    assert negated("Vaccines don't cause autism") == {"cause", "autism"}


def test_a_negation_typed_as_in_chats_is_a_negation():
    assert {"giai", "nghe"} <= negated("Quang Hải ko giải nghệ đâu")


@pytest.mark.parametrize("text", [
    "Muỗi vằn đốt ban ngày chứ không phải ban đêm",  # a contrast denies the alternative
    "Vết thương mà ăn rau muống không thì sẹo lồi",  # "otherwise"
    "Doanh thu chưa tới 100 triệu cũng phải nộp thuế",  # "less than"
])
def test_a_no_that_contrasts_or_compares_denies_nothing(text):
    assert negated(text) == frozenset()


def test_english_negations_and_denying_verbs_count_as_in_vietnamese():
    assert negated("Factory fish sauce contains no fish") == {"fish"}
    assert negated("SIMs without standardized information will be blocked") == {
        "standardized", "information"}
    assert negated("Vietnam bans students from bringing phones to school") == {
        "students", "from"}
    assert negated("Bộ ban hành quy định mới") == frozenset()  # "ban" is Vietnamese too


# -- any text, names from real libraries ------------------------------------------------------

from hypothesis import given  # noqa: E402

from kiemchung.matching.polarity import DIRECTIONS  # noqa: E402
from strategies import FAST, claims  # noqa: E402


@FAST
@given(claims(), claims())
def test_any_two_texts_have_directions_of_the_table_and_a_clash_answer(query, claim):
    ours, theirs = directions(query), directions(claim)
    assert ours <= DIRECTIONS.keys() and theirs <= DIRECTIONS.keys()
    assert isinstance(clash(ours, theirs), bool)


@FAST
@given(claims())
def test_any_text_denies_only_words(text):
    assert all(word and " " not in word for word in negated(text))


def _flipped(query: str, claim: str) -> bool:
    from kiemchung.matching.lexical import search_form
    from kiemchung.matching.polarity import flipped

    return flipped(search_form(query).split(), search_form(claim).split(), removed(query),
                   removed(claim))


def test_the_same_words_around_a_negation_one_side_lacks_are_a_flip():
    autism = "Vắc xin sởi gây tự kỷ ở trẻ em."
    assert _flipped("Vắc xin sởi không gây tự kỷ, nhiều nghiên cứu đã khẳng định", autism)
    assert _flipped("vac xin soi ko gay tu ky dau", autism)  # shorthand, no tone marks
    assert _flipped("Cầu Phong Châu không bị sập trong bão Yagi",
                    "Cầu Phong Châu ở Phú Thọ bị sập trong bão Yagi tháng 9/2024.")
    assert _flipped("Vaccines don't cause autism", "Vaccines cause autism.")
    assert not _flipped("Vắc xin sởi gây tự kỷ ở trẻ nhỏ", autism)


def test_a_question_a_paraphrase_or_a_word_folded_like_a_negation_is_no_flip():
    coffee = "Uống cà phê hằng ngày gây loãng xương."
    assert not _flipped("Mọi người ơi có phải uống cà phê gây loãng xương không?", coffee)
    # the other side denies in its own words
    assert not _flipped("Thông tư mới: giáo viên không được dạy thêm",
                        "Từ ngày 14/2/2025 giáo viên bị cấm hoàn toàn việc dạy thêm.")
    # "chứa" folds like "chưa", "đón" like "don't"'s "don"
    assert not _flipped("Nước mắm truyền thống chứa thạch tín",
                        "Nước mắm truyền thống có thạch tín vượt ngưỡng.")
    assert not _flipped("Hà Nội có thể đón tuyết rơi đợt rét này",
                        "Hà Nội sẽ có tuyết rơi trong đợt rét đậm năm nay.")
    # "t" alone is chat shorthand for "tôi", not the "t" of "don't"
    assert not _flipped("nhà t ăn tỏi sống cả năm nay", "nhà ăn tỏi sống cả năm nay")
    # not catching it is what the other side says prevents it
    assert not _flipped("uống trà gừng nóng là hok bị cảm lạnh đâu mn",
                        "Uống trà gừng nóng giúp phòng ngừa cảm lạnh.")
    # both negated alike
    assert not _flipped("Từ 2025 không còn được rút BHXH một lần",
                        "Từ năm 2025 người lao động không còn được rút bảo hiểm xã hội một lần.")


def test_no_longer_is_no_flip_of_what_ran_out_or_was_done_away_with():
    assert not _flipped("Từ tháng 6 thẻ bảo hiểm y tế giấy không còn dùng được nữa",
                        "Thẻ bảo hiểm y tế giấy hết giá trị sử dụng từ ngày 1/6/2024.")
    assert not _flipped("từ 2026 ko còn phí trước bạ xe điện nữa hả mn",
                        "Từ năm 2026, lệ phí trước bạ xe điện bị bỏ hoàn toàn.")
    assert not _flipped("Từ năm nay không trường nào được tuyển thẳng học sinh giỏi nữa",
                        "Từ năm nay các trường bỏ tuyển thẳng học sinh giỏi.")
    # what the other side keeps, or a removal the negation itself denies, still flips
    assert _flipped("từ 2026 ko còn phí trước bạ xe điện nữa hả mn",
                    "Từ năm 2026, lệ phí trước bạ xe điện vẫn thu như cũ.")
    assert _flipped("Cấp huyện không bị bỏ đâu", "Cấp huyện bị bỏ từ 1/7/2025")
    assert _flipped("Bộ không bỏ môn lịch sử khỏi kỳ thi từ năm 2025",
                    "Bộ bỏ môn lịch sử khỏi kỳ thi từ năm 2025")


@FAST
@given(claims())
def test_any_text_removes_only_words(text):
    assert all(word and " " not in word for word in removed(text))
