from io import BytesIO

from PIL import Image

from kiemchung.web import cards, i18n
from test_web_public import publish

CLAIM = "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"


def ink(image, box):
    """Pixels in ``box`` darker than the card's background: where text was drawn."""
    region = image.crop(box).convert("L")
    return sum(1 for value in region.getdata() if value < 128)


def open_png(data):
    image = Image.open(BytesIO(data))
    assert image.format == "PNG"
    image.load()
    return image


def test_a_card_is_a_png_with_the_claim_the_verdict_and_the_outlet_drawn():
    image = open_png(cards.draw(CLAIM, "false", "Sai", "Bài kiểm chứng", "Kiểm chứng"))
    assert image.size == (1200, 630)
    claim_band = (cards.MARGIN, 214, 1200 - cards.MARGIN, 480)
    outlet_band = (cards.MARGIN + 40, 630 - 80, 600, 630 - 20)
    assert ink(image, claim_band) > 5000 and ink(image, outlet_band) > 300
    badge = image.crop((cards.MARGIN + 4, 108, cards.MARGIN + 20, 176)).convert("RGB")
    assert (0xB3, 0x26, 0x1E) in set(badge.getdata())  # the verdict's colour
    blank = open_png(cards.draw("", "false", "Sai", "Bài kiểm chứng", "Kiểm chứng"))
    assert ink(blank, claim_band) < ink(image, claim_band) / 10  # that ink is the claim's text


def test_a_long_claim_and_a_long_url_stay_inside_the_card():
    font = cards._font("SemiBold", cards.CLAIM_SIZES[-1])
    text = "Xem https://social.example/" + "a" * 300 + " " + CLAIM * 6
    lines = cards.wrap(text, font, 1000)
    assert all(font.getlength(line) <= 1000 for line in lines)
    image = open_png(cards.draw(text, "misleading", "Gây hiểu lầm", "Fact-check", "Kiểm chứng"))
    assert ink(image, (1200 - cards.MARGIN + 4, 0, 1200, 560)) == 0  # nothing past the margin


def test_cards_are_kept_by_what_they_show(tmp_path):
    first, png = cards.card(tmp_path, CLAIM, "false", "Sai", "Bài kiểm chứng", "Kiểm chứng")
    again, same = cards.card(tmp_path, CLAIM, "false", "Sai", "Bài kiểm chứng", "Kiểm chứng")
    assert (first, png) == (again, same)
    assert [p.name for p in (tmp_path / "cards").iterdir()] == [f"{first}.png"]
    corrected, _ = cards.card(tmp_path, CLAIM, "mostly-false", "Phần lớn sai", "Bài kiểm chứng",
                              "Kiểm chứng")
    assert corrected != first and len(list((tmp_path / "cards").iterdir())) == 2


def test_the_share_card_is_served_beside_its_fact_check(client, desk_store, people):
    slug = publish(desk_store, people)
    response = client.get(f"/kiem-chung/{slug}/the.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert open_png(response.content).size == (1200, 630)
    etag = response.headers["etag"]
    assert client.get(f"/kiem-chung/{slug}/the.png",
                      headers={"if-none-match": etag}).status_code == 304
    assert client.get("/kiem-chung/khong-co/the.png").status_code == 404


def test_the_share_card_names_the_outlet_in_the_settings(client, desk_store, people):
    slug = publish(desk_store, people)
    default = client.get(f"/kiem-chung/{slug}/the.png")
    desk_store.settings = desk_store.settings.replace(KIEMCHUNG_OUTLET_NAME="Báo Ví Dụ")
    named = client.get(f"/kiem-chung/{slug}/the.png")
    assert named.headers["etag"] != default.headers["etag"]
    claim = "Uống nước chanh nóng chữa khỏi ung thư"
    kicker = i18n.translate("card.kicker", "vi")
    assert named.content == cards.draw(claim, "false", "Sai", kicker, "Báo Ví Dụ")
    assert default.content == cards.draw(claim, "false", "Sai", kicker, "Kiểm chứng")
