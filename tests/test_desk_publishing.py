from kiemchung.desk.publishing import slug_for


def test_slugs_end_at_a_whole_word():
    text = "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối theo lời đồn trên mạng"
    slug = slug_for(text, 42)
    assert slug.endswith("-42") and len(slug) <= 60 + len("-42")
    whole = "uong-nuoc-chanh-nong-moi-sang-chua-khoi-ung-thu-giai-doan-cuoi-theo-loi-don"
    base = slug.removesuffix("-42")
    assert whole.startswith(base + "-")  # whole words only
    next_word = whole[len(base) + 1:].split("-")[0]
    assert len(f"{base}-{next_word}") > 60  # and as many as fit


def test_a_single_long_word_is_cut_to_fit():
    assert slug_for("a" * 80, 7) == "a" * 60 + "-7"
    assert slug_for("!!!", 3) == "3"
