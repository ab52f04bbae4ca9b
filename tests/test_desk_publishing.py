import pytest

from kiemchung.desk import publishing, search
from kiemchung.desk.publishing import slug_for
from kiemchung.errors import SettingError
from kiemchung.settings import Settings
from test_web_public import publish


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


def test_fact_checks_are_published_under_the_outlets_own_name(desk_store, people):
    slug = publish(desk_store, people)
    assert publishing.claimreview(publishing.by_slug(desk_store, slug))["author"]["name"] == (
        "Kiểm chứng")
    desk_store.settings = desk_store.settings.replace(KIEMCHUNG_OUTLET_NAME="  Báo  Ví Dụ ")
    fc = publishing.by_slug(desk_store, slug)
    assert publishing.claimreview(fc)["author"]["name"] == "Báo Ví Dụ"
    assert [p.publisher for p in publishing.latest(desk_store)] == ["Báo Ví Dụ"]
    publishing.correct(desk_store, slug, people["editor"], "Chính tả", explanation="Đã sửa.")
    [entry] = search.by_urls(desk_store, [fc.key])
    assert entry.publisher == "Báo Ví Dụ"  # the library knows it by its publisher too


@pytest.mark.parametrize("name", ["", "   ", "B" * 81])
def test_an_empty_or_overlong_outlet_name_is_refused_in_one_line(name):
    with pytest.raises(SettingError, match="KIEMCHUNG_OUTLET_NAME.*1 to 80 characters") as error:
        publishing.outlet(Settings({"KIEMCHUNG_OUTLET_NAME": name}))
    assert "\n" not in str(error.value)
