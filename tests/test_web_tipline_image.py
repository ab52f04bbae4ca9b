"""The web tipline accepts a screenshot or photo, with or without text."""

import pytest
from sqlalchemy import select

from fixtures_desk import csrf_of
from kiemchung.images import attach
from kiemchung.images.tables import item_images
from screenshots import jpeg, photo, png, render, require_tesseract


def _send(client, image: bytes, text: str = "", name: str = "anh.png"):
    return client.post(
        "/gui-tin",
        data={"text": text, "contact": "", "csrf_token": csrf_of(client)},
        files={"image": (name, image, "image/png")},
    )


def test_a_screenshot_of_a_known_claim_is_answered_at_once(client):
    require_tesseract()
    page = _send(client, png(render("Vắc xin covid gây vô sinh cho phụ nữ", width=720)))
    assert page.status_code == 200
    assert "Đã có bài kiểm chứng" in page.text
    assert "https://factcheck.example/vac-xin-vo-sinh" in page.text


def test_a_copy_of_a_fact_checked_photo_is_answered_without_text(client, desk_store):
    require_tesseract()
    attach(desk_store, "https://factcheck.example/vac-xin-vo-sinh", png(photo(5)))
    page = _send(client, jpeg(photo(5).resize((640, 480)), 55), name="anh.jpg")
    assert "Đã có bài kiểm chứng" in page.text
    assert "https://factcheck.example/vac-xin-vo-sinh" in page.text


def test_a_new_image_is_queued_and_kept_with_its_queue_item(client, desk_store):
    require_tesseract()
    page = _send(client, png(photo(9)), text="Ảnh này có thật không?")
    assert "Mã tra cứu" in page.text
    with desk_store.db.read() as connection:
        assert len(connection.execute(select(item_images)).all()) == 1


def test_a_file_that_is_not_an_image_gets_the_form_back_with_one_line(client):
    page = _send(client, b"MZ\x90\x00 not a picture", text="xem giúp")
    assert page.status_code == 400
    assert "xem giúp" in page.text and "role=\"alert\"" in page.text


def test_the_form_without_text_or_image_is_refused(client):
    page = client.post("/gui-tin", data={"text": "", "csrf_token": csrf_of(client)})
    assert page.status_code == 400


def test_once_a_readers_photo_is_fact_checked_a_copy_of_it_gets_the_verdict(client, desk_store,
                                                                           people):
    import json
    import re

    from kiemchung.desk import queue, research, review

    require_tesseract()
    _send(client, png(photo(12)), text="Ảnh lũ quét ở Yên Bái hôm qua có thật không?")
    item = next(i for i in queue.listing(desk_store) if i.text.startswith("[ảnh "))
    research.add_evidence(desk_store, item.id, "https://example.org/anh-goc-2017",
                          "Ảnh chụp năm 2017 ở tỉnh khác.", people["factchecker"])
    verdict = review.draft(desk_store, item.id, people["factchecker"],
                           "Ảnh lũ quét ở Yên Bái hôm qua", "misleading",
                           "Ảnh này chụp năm 2017, không phải hôm qua.")
    slug = review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    slug = getattr(slug, "slug", slug)
    page = client.get(f"/kiem-chung/{slug}").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    claimreview, mediareview = json.loads(block.group(1))
    assert claimreview["@type"] == "ClaimReview" and mediareview["@type"] == "MediaReview"
    [shown] = mediareview["itemReviewed"]["appearance"]
    assert len(shown["sha256"]) == 64 and "contentUrl" not in shown  # the image stays private
    assert mediareview["reviewRating"] == claimreview["reviewRating"]
    answer = _send(client, jpeg(photo(12).resize((600, 450)), 50), name="anh.jpg")
    assert "Đã có bài kiểm chứng" in answer.text and slug in answer.text


@pytest.fixture
def no_tesseract(monkeypatch):
    monkeypatch.setenv("KIEMCHUNG_TESSERACT", "/nowhere/tesseract")


def test_without_tesseract_an_image_tip_is_a_clear_503_and_nothing_is_kept(no_tesseract, client,
                                                                          desk_store):
    page = _send(client, png(photo(13)), text="ảnh này thật không")
    assert page.status_code == 503
    with desk_store.db.read() as connection:
        assert connection.execute(select(item_images)).all() == []
    assert not (desk_store.home / "images").exists()


def test_a_phone_photo_of_a_few_megabytes_is_taken(client):
    import io
    import os

    from PIL import Image

    require_tesseract()
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    data = io.BytesIO()
    noise.save(data, "PNG")
    assert len(data.getvalue()) > 2_000_000  # twice the limit of other forms
    page = _send(client, data.getvalue(), text="Ảnh này chụp ở đâu?")
    assert page.status_code == 200 and "Mã tra cứu" in page.text



def test_the_desk_sees_the_picture_a_reader_sent_and_the_public_does_not(client, desk_store,
                                                                      people):
    from fixtures_desk import log_in
    from kiemchung.desk import queue

    require_tesseract()
    sent = png(photo(9))
    _send(client, sent, text="Ảnh này có thật không?")
    [item] = [i for i in queue.listing(desk_store) if i.text.startswith("[ảnh ")]
    with desk_store.db.read() as connection:
        [sha256] = connection.execute(select(item_images.c.sha256)).scalars().all()
    assert client.get(f"/desk/images/{sha256}", follow_redirects=False).status_code in (303, 401)
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get(f"/desk/claims/{item.id}").text
    assert f'src="/desk/images/{sha256}"' in page and "Ảnh độc giả gửi" in page
    picture = client.get(f"/desk/images/{sha256}")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/desk/images/" + "0" * 64).status_code == 404
    assert client.get("/desk/images/not-a-digest").status_code == 404
