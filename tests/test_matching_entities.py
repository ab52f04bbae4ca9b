"""The named things a claim is about, and when a copy swaps one for another of its kind."""

import pytest

from kiemchung.matching.entities import NAMES, clash, named
from kiemchung.matching.lexical import search_form


def names(text: str) -> set[str]:
    return set(named(text, search_form(text)))


@pytest.mark.parametrize("text, entity", [
    ("Uống chanh mật ong chữa khỏi bệnh gút", "disease:gout"),
    ("Lemon water cures gout", "disease:gout"),
    ("uong chanh chua khoi ung thu", "disease:cancer"),  # typed without tone marks
    ("Đề thi môn Ngữ văn bị lộ", "exam subject:literature"),
    ("Chuyển tiền ở TP.HCM", "province:ho chi minh city"),  # an abbreviation, expanded
    ("ship hàng từ TQ về", "country:china"),
    ("U.S. tariffs on Vietnamese goods", "country:usa"),
    ("Bão đổ bộ vào Hải Phòng", "province:hai phong"),
    ("Phạt xe máy vượt đèn đỏ", "vehicle:motorbike"),
    ("Cấm xe ba gác tự chế lưu thông", "vehicle:cart"),
    ("Xe khách giường nằm bị cấm vào nội đô", "vehicle:bus"),
    ("Xe container lật trên cao tốc", "vehicle:truck"),
    ("2025 bỏ thi tn môn anh hả", "exam:graduation"),  # the school-leaving exam, in shorthand
])
def test_a_name_is_read_in_vietnamese_english_and_without_tone_marks(text, entity):
    assert entity in names(text)


@pytest.mark.parametrize("text", [
    "Diễn biến cơn bão số 3",  # folds like Điện Biên
    "Tàu đi qua Thái Bình Dương",  # the Pacific, not Thái Bình or Bình Dương
    "Kỳ thi toàn quốc, để toàn bộ thí sinh",  # "thi toàn" folds like "thi toán"
    "Điền năm sinh 2007 vào tờ khai",  # "năm sinh" folds like "nam sinh"
    "Lăng Chủ tịch Hồ Chí Minh mở cửa",  # the man, not the city
    "Ca sĩ Mỹ Tâm ra album mới",  # a name, not the country
    "Mỹ phẩm giá rẻ bán tràn lan",  # cosmetics, not the country
    "Mua hai phòng trọ",  # "hai phòng" is two rooms
    "Gut bacteria help digestion",  # the English gut is not gout
])
def test_words_that_fold_like_a_name_name_nothing(text):
    assert names(text) == set()


def test_a_swapped_disease_clashes():
    assert clash(names("Chanh mật ong chữa khỏi bệnh gút"),
                 names("Chanh mật ong chữa khỏi ung thư"))
    assert clash(names("Honey cures gout"), names("Mật ong chữa khỏi ung thư"))


def test_a_swapped_utility_document_or_transaction_clashes():
    assert clash(names("Giá nước sinh hoạt ở Hà Nội tăng từ tháng 7"),
                 names("Giá điện sinh hoạt tăng gấp đôi từ tháng 7"))
    assert clash(names("Rút tiền mặt trên 10 triệu phải quét mặt"),
                 names("Chuyển khoản trên 10 triệu phải xác thực khuôn mặt"))
    assert clash(names("Hộ chiếu cũ hết hạn từ năm sau"), names("CCCD gắn chip hết hiệu lực"))
    assert not clash(names("CMND hết hạn phải đổi sang căn cước"), names("Thẻ căn cước mới"))


def test_a_swapped_vehicle_clashes():
    assert clash(names("TP.HCM cấm xe ba gác tự chế lưu thông từ năm 2026"),
                 names("TP.HCM cấm xe máy chạy xăng từ năm 2026"))
    assert not clash(names("Xe khách bị cấm vào nội đô"), names("Buses banned from the centre"))


def test_one_shared_name_is_no_clash():
    assert not clash(names("Chanh chữa ung thư và tiểu đường"), names("Chanh chữa ung thư"))
    assert not clash(names("Tỉnh Hòa Bình nhập vào Hà Nội"), names("Hà Nội sáp nhập Hòa Bình"))


def test_a_name_on_one_side_only_is_no_clash():
    assert not clash(names("Chanh chữa khỏi bệnh"), names("Chanh chữa khỏi ung thư"))


def test_names_of_different_kinds_do_not_clash():
    assert not clash(names("Phụ nữ ở Hà Nội"), names("Trẻ em ở Hà Nội"))  # sex and age
    assert not clash(names("Ô tô ở Hà Nội"), names("Ung thư ở Hà Nội"))


def test_a_name_listed_under_two_kinds_names_both():
    assert names("Trẻ bị leukemia") == {"disease:cancer", "cancer site:blood"}


def test_every_entity_has_names_and_they_are_read():
    for kind, entities in NAMES.items():
        for entity, written in entities.items():
            assert written, f"{kind}:{entity}"
    assert names("Đắk Lắk") == {"province:dak lak"}


# -- any text, names from real libraries ------------------------------------------------------

from hypothesis import given  # noqa: E402

from kiemchung.matching.entities import name_text  # noqa: E402
from strategies import FAST, claims  # noqa: E402


@FAST
@given(claims())
def test_any_text_names_only_entities_of_the_table(text):
    for found in names(text):
        kind, _, entity = found.partition(":")
        assert entity in NAMES[kind]


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_every_name_written_alone_names_its_entity(kind):
    for entity, written in NAMES[kind].items():
        for name in written:
            text = name_text(name.lstrip("~^"))
            assert f"{kind}:{entity}" in names(text), name


@pytest.mark.parametrize("text", ["UPS lost a family's inheritance check",
                                  "the USS Enterprise", "U S Army", "U-S"])
def test_a_name_with_a_dot_matches_only_itself(text):
    assert "country:usa" not in names(text)
