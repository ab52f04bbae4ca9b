"""What a post says, read without the asides that frame it (``text/asides.py``), as the matcher
reads it (``posts.calm``)."""

import pytest

from kiemchung.text.asides import without_asides
from kiemchung.text.posts import calm


@pytest.mark.parametrize("post, read", [
    ("MÌ TÔM CÓ TRÁNG LỚP SÁP!!! CHIA SẺ NGAY CHO NGƯỜI THÂN 🙏🙏", "Mì tôm có tráng lớp sáp"),
    ("CHIA SẺ NGAY: trẻ đã tiêm 1 mũi sởi là miễn dịch suốt đời!!!",
     "Trẻ đã tiêm 1 mũi sởi là miễn dịch suốt đời"),
    ("Uống nước chanh giúp giảm 5kg trong 1 tuần, chị em chia sẻ ngay kẻo lỡ",
     "Uống nước chanh giúp giảm 5kg trong 1 tuần"),
    ("Ngủ trước 11h giúp gan thải độc. Ai thấy đúng thì share.", "Ngủ trước 11h giúp gan thải độc"),
    ("chia se ngay cho moi nguoi: uong nuoc am chua covid", "Uong nuoc am chua covid"),
    ("Please share! Garlic cures covid", "Garlic cures covid"),
])
def test_a_call_to_pass_the_post_on_is_not_read_as_part_of_its_claim(post: str, read: str) -> None:
    assert calm(post) == read


@pytest.mark.parametrize("post, read", [
    ("Mn ơi tin này có thật không: từ 1/7 cấm rút BHXH 1 lần", "Từ 1/7 cấm rút BHXH 1 lần"),
    ("Từ 1/7 cấm rút BHXH 1 lần. Thật hay giả vậy mọi người?", "Từ 1/7 cấm rút BHXH 1 lần"),
    ("Is this true? Garlic cures covid", "Garlic cures covid"),
    ("Có thật là uống nước chanh không chữa ung thư không?", "Uống nước chanh không chữa ung thư"),
    ("Mn ơi có thật là từ 1/7 cấm rút BHXH không ạ? Nhà mình định rút",
     "Từ 1/7 cấm rút BHXH. Nhà mình định rút"),
    ("lương cơ sở lên 2tr53 hả mn, cán bộ vui r", "Lương cơ sở lên 2tr53, cán bộ vui r"),
    ("Uống nước chanh chữa ung thư có thật không mọi người", "Uống nước chanh chữa ung thư"),
    ("Is it true that garlic cures covid?", "Garlic cures covid"),
    ("Chia sẻ tin giả bị phạt nặng, mọi người cẩn thận nhé", "Chia sẻ tin giả bị phạt nặng"),
])
def test_a_readers_question_whether_a_post_is_true_or_a_bare_warning_is_not_its_claim(
    post: str, read: str
) -> None:
    assert calm(post) == read


@pytest.mark.parametrize("post", [
    "Tin này là giả. Chanh không chữa ung thư",  # says something: not a question
    "Uống nước chanh có tốt không?",  # asks about the topic, not whether a claim is true
    "Bộ Y tế yêu cầu người dân cẩn thận với nắng nóng",
    "Facebook thu phí người dùng chia sẻ bài viết từ tháng sau",
    "Chia sẻ ngay cho người thân",  # nothing else: the post is left as it is
])
def test_a_sentence_about_sharing_is_a_claim_like_any_other(post: str) -> None:
    assert calm(post) == post


def test_a_post_that_is_only_an_aside_is_left_as_it_is():
    assert without_asides("Ai thấy thì share cho mọi người cùng biết nhé") == (
        "Ai thấy thì share cho mọi người cùng biết nhé")


@pytest.mark.parametrize("post, read", [
    ("Hot lemon water kills cancer cells. Big pharma doesn't want you to know. Share!",
     "Hot lemon water kills cancer cells"),
    ("Doctors don't want you to know this. Garlic cures flu", "Garlic cures flu"),
    ("Nước chanh ấm chữa khỏi ung thư, bác sĩ không bao giờ nói cho bạn biết!!!",
     "Nước chanh ấm chữa khỏi ung thư"),
])
def test_a_secrets_frame_is_not_read_as_part_of_its_claim(post: str, read: str) -> None:
    assert calm(post) == read


@pytest.mark.parametrize("post", [
    "They never tell you that 5G causes covid",  # the claim is inside
    "Bác sĩ không khuyên uống chanh nóng",
])
def test_a_sentence_that_says_what_is_hidden_stays(post: str) -> None:
    assert calm(post) == post
