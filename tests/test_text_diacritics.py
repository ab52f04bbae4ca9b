from kiemchung.text.diacritics import Restorer, lacks_tone_marks


def test_restores_tone_marks_from_known_phrases():
    restorer = Restorer(["Ăn sầu riêng rồi uống rượu bia có thể gây tử vong."])
    restored = restorer.restore("an sau rieng roi uong ruou bia")
    assert "sầu riêng" in restored and "rượu bia" in restored


def test_knows_text_without_tone_marks():
    assert lacks_tone_marks("uong ca phe gay loang xuong")
    assert not lacks_tone_marks("uống cà phê")
    assert not lacks_tone_marks("đi")


def test_a_post_without_tone_marks_under_a_heading_with_them_lacks_them():
    assert lacks_tone_marks("TIN NÓNG: tu 1/7 cam rut bhxh 1 lan, ai chua rut thi rut ngay")
    assert not lacks_tone_marks("TIN NÓNG: từ 1/7 cấm rút bhxh 1 lần, ai chưa rút thì rút ngay")
    assert not lacks_tone_marks("Hà Nội: tu 1/7 cam")  # too short to tell


def test_a_long_heading_with_tone_marks_still_leaves_the_post_below_without_them():
    post = "Cảnh báo khẩn, chia sẻ ngay cho người thân: tu 1/7 cam rut tien mat tai ngan hang"
    assert lacks_tone_marks(post)
    assert not lacks_tone_marks("Thái Lan đăng quang ASEAN Cup 2024 sau khi hạ Việt Nam.")


def test_a_word_typed_with_its_marks_keeps_them_when_the_rest_is_restored():
    restorer = Restorer(["Ăn sầu riêng rồi uống rượu bia có thể gây tử vong."])
    assert restorer.restore("Cảnh báo: an sau rieng").startswith("cảnh báo : ăn sầu riêng")


def test_abbreviations_are_written_out_with_their_marks():
    restored = Restorer([]).restore("hoc dh o tphcm")
    assert "đại học" in restored and "thành phố hồ chí minh" in restored


def test_a_unit_glued_to_a_number_is_a_unit_not_a_word():
    restored = Restorer([]).restore("chuyen tien tren 10tr, phat 500k")
    assert "10 triệu" in restored and "500 nghìn" in restored and "không" not in restored


def test_lexical_form_expands_units_and_abbreviations():
    from kiemchung.matching.lexical import search_form

    assert search_form("Phạt 500k nếu ko đổi CCCD ở TPHCM") == (
        "phat 500 nghin neu khong doi can cuoc cong dan o thanh pho ho chi minh")


def test_dt_is_a_phone_in_chats_a_team_in_sport_and_half_of_gd_dt():
    from kiemchung.matching.lexical import search_form

    assert search_form("cấm mang đt đến trường") == "cam mang dien thoai den truong"
    assert search_form("ĐT Việt Nam thắng Thái Lan") == "doi tuyen viet nam thang thai lan"
    assert search_form("Bộ GD-ĐT") == search_form("Bộ GD&ĐT") == "bo giao duc va dao tao"


def test_a_lone_k_after_a_number_is_still_khong():
    assert Restorer([]).restore("tu nam 2025 k duoc di") == "từ năm 2025 không được đi"


def test_words_of_the_word_lists_decide_neighbouring_syllables_without_a_library():
    restored = Restorer([]).restore("nuoc dua truyen vao tinh mach")
    assert "nước dừa" in restored and "tĩnh mạch" in restored


def test_the_library_wins_over_general_frequency():
    # "xuong" alone is usually "xuống"; a library about bones reads it as "xương".
    assert "xương" in Restorer(["Uống cà phê gây loãng xương."]).restore("loang xuong")


def test_an_abbreviation_that_is_also_a_word_yields_to_the_library():
    restorer = Restorer(["Hoa hồng Đà Lạt nở rộ.", "Xe điện bị hỏng pin sau 2 năm."])
    assert restorer.restore("hoa hong") == "hoa hồng"
    assert restorer.restore("xe dien bi hong pin") == "xe điện bị hỏng pin"
    assert restorer.restore("ko biet") == "không biết"



def test_a_number_is_a_neighbour_that_decides_the_word_before_it():
    # "nam" alone is usually "nam" (Việt Nam); before a number it is "năm", the year.
    assert Restorer([]).restore("nam 2024 dan so tang").startswith("năm 2024")
    assert Restorer([]).restore("thang 7").startswith("tháng 7")


def test_pairs_of_the_news_sentences_shipped_with_underthesea_are_read():
    from kiemchung.text.diacritics import _corpus_pairs

    pairs = _corpus_pairs()
    assert len(pairs) > 10_000 and pairs[("pháp", "luật")] > 100


def test_shorthand_with_two_meanings_is_left_as_typed_by_the_restorer():
    restored = Restorer([]).restore("chuc ban hp nhe, nho tn cho minh")
    assert "học phí" not in restored and "tốt nghiệp" not in restored
