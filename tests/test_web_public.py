import json
import re
from xml.etree import ElementTree

import pytest

from fixtures_desk import log_in
from kiemchung.desk import research, review, tips


def publish(store, people, summary="Uống nước chanh nóng chữa khỏi ung thư", rating="false"):
    tips.submit(store, summary, None, False, [])
    item = [i for i in __import__("kiemchung.desk.queue", fromlist=["x"]).listing(store)
            if i.text == summary][0]
    research.add_evidence(store, item.id, "https://www.who.int/cancer", "WHO nói không",
                          people["factchecker"], "WHO")
    verdict = review.draft(store, item.id, people["factchecker"], summary, rating,
                           "Không có bằng chứng khoa học.", ["https://social.example/p/9"])
    return review.approve(store, verdict.id, people["editor"], "http://testserver")


def json_ld_blocks(html):
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def test_health_and_openapi(client):
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    schema = client.get("/openapi.json").json()
    for path in ("/api/v1/health", "/api/v1/match", "/api/v1/tips", "/api/v1/factchecks",
                 "/api/v1/session"):
        assert path in schema["paths"]
    assert "text" in schema["components"]["schemas"]["MatchIn"]["properties"]


def test_search_is_accent_insensitive_and_links_out_to_other_publishers(client):
    page = client.get("/tim-kiem", params={"q": "vac xin vo sinh"}).text
    assert "Vắc-xin COVID-19 gây vô sinh ở phụ nữ" in page
    assert 'href="https://factcheck.example/vac-xin-vo-sinh"' in page
    assert "Báo Kiểm Chứng Mẫu" in page
    assert "Cầu Long Biên" not in page


def test_factcheck_page_has_exactly_one_valid_claimreview(client, desk_store, people):
    slug = publish(desk_store, people)
    page = client.get(f"/kiem-chung/{slug}")
    assert page.status_code == 200
    blocks = json_ld_blocks(page.text)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "ClaimReview" and len(data["claimReviewed"]) < 75
    assert data["reviewRating"]["alternateName"] == "Sai"
    assert data["url"].endswith(f"/kiem-chung/{slug}")
    assert data["itemReviewed"]["appearance"][0]["url"] == "https://social.example/p/9"
    assert "https://www.who.int/cancer" in page.text and "truy cập ngày" in page.text
    assert "Đính chính" in page.text and "Lan" in page.text  # corrections log and author


def test_public_pages_name_the_outlet_in_the_settings(client, desk_store, people):
    slug = publish(desk_store, people)
    desk_store.settings = desk_store.settings.replace(KIEMCHUNG_OUTLET_NAME="Báo Ví Dụ")
    page = client.get(f"/kiem-chung/{slug}").text
    assert json.loads(json_ld_blocks(page)[0])["author"]["name"] == "Báo Ví Dụ"
    assert '<meta property="og:site_name" content="Báo Ví Dụ">' in page
    assert re.search(r"<title>[^<]* · Báo Ví Dụ</title>", page)
    assert re.search(r'class="brand"[^>]*>.*Báo Ví Dụ</a>', page)
    assert "<h1>Báo Ví Dụ</h1>" in client.get("/").text


def test_the_app_does_not_start_with_an_outlet_name_it_cannot_show(desk_store):
    from kiemchung.errors import SettingError
    from kiemchung.web.app import create_app

    desk_store.settings = desk_store.settings.replace(KIEMCHUNG_OUTLET_NAME="")
    with pytest.raises(SettingError, match="KIEMCHUNG_OUTLET_NAME"):
        create_app(desk_store)


def test_published_fact_check_is_on_home_search_feeds_and_api(client, desk_store, people):
    slug = publish(desk_store, people)
    assert f"/kiem-chung/{slug}" in client.get("/").text
    assert f"/kiem-chung/{slug}" in client.get("/tim-kiem?q=nuoc+chanh").text
    rss = ElementTree.fromstring(client.get("/feed.rss").content)
    assert rss.find("channel/item/link").text.endswith(slug)
    atom = ElementTree.fromstring(client.get("/feed.atom").content)
    assert atom.find("{http://www.w3.org/2005/Atom}entry") is not None
    listing = client.get("/api/v1/factchecks", params={"per_page": 1}).json()
    assert listing["total"] == 1 and listing["items"][0]["@type"] == "ClaimReview"
    assert client.get("/api/v1/factchecks", params={"page": 2, "per_page": 1}).json()["items"] == []


def test_corrections_show_on_the_page(client, desk_store, people):
    slug = publish(desk_store, people)
    token = log_in(client, "bien.tap2@toasoan.vn")
    response = client.post(f"/desk/factchecks/{slug}/correct", data={
        "csrf_token": token, "note": "Đã sửa mức kết luận", "rating": "mostly-false"})
    assert response.status_code == 200  # the claim's page, where the correction waits
    assert "Đính chính chờ duyệt" in response.text and "Đã sửa mức kết luận" in response.text
    assert "Phần lớn sai" not in client.get(f"/kiem-chung/{slug}").text
    waiting = review.pending(desk_store)[0]
    assert waiting.correction_note == "Đã sửa mức kết luận"
    assert "Đính chính chờ duyệt" in client.get("/desk/review").text
    token = log_in(client, "bien.tap@toasoan.vn")
    client.post(f"/desk/verdicts/{waiting.id}/review", data={"csrf_token": token,
                                                             "decision": "approve"})
    page = client.get(f"/kiem-chung/{slug}").text
    assert "Đã sửa mức kết luận" in page and "Phần lớn sai" in page
    refused = client.post(f"/desk/factchecks/{slug}/correct", data={
        "csrf_token": token, "note": "", "rating": "true"})
    assert refused.status_code == 400


def test_english_switch_and_vietnamese_dates(client, desk_store, people):
    slug = publish(desk_store, people)
    page = client.get(f"/kiem-chung/{slug}").text
    assert "Kết luận" in page and re.search(r"\d{2}/\d{2}/\d{4}", page)
    client.get("/lang/en?next=/", follow_redirects=False)
    english = client.get(f"/kiem-chung/{slug}").text
    assert "Verdict" in english and "False" in english
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}", english)


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/v1/health", "/gui-tin"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["x-content-type-options"] == "nosniff"


def test_unknown_pages_are_clear_404s(client):
    assert client.get("/kiem-chung/khong-co").status_code == 404
    assert client.get("/api/v1/tips/ZZZZZZZZ").json()["status"] == 404
    assert client.get("/khong-co-trang-nay").status_code == 404


def test_a_correction_through_the_api_changes_the_published_rating(client, desk_store, people):
    slug = publish(desk_store, people)
    token = log_in(client, "bien.tap2@toasoan.vn")
    response = client.post(f"/api/v1/factchecks/{slug}/corrections",
                           json={"note": "Đã sửa mức kết luận", "rating": "mostly-false"},
                           headers={"x-csrf-token": token})
    assert response.status_code == 202, response.text  # a change of verdict waits for review
    waiting = response.json()["verdict"]
    assert "Phần lớn sai" not in client.get(f"/kiem-chung/{slug}").text
    own = client.post(f"/api/v1/verdicts/{waiting}/review", json={"decision": "approve"},
                      headers={"x-csrf-token": token})
    assert own.status_code == 403
    token = log_in(client, "bien.tap@toasoan.vn")
    approved = client.post(f"/api/v1/verdicts/{waiting}/review", json={"decision": "approve"},
                           headers={"x-csrf-token": token})
    assert approved.status_code == 200, approved.text
    assert "Phần lớn sai" in client.get(f"/kiem-chung/{slug}").text
    again = client.post(f"/api/v1/verdicts/{waiting}/review", json={"decision": "approve"},
                        headers={"x-csrf-token": token})
    assert again.status_code == 409
    typo = client.post(f"/api/v1/factchecks/{slug}/corrections",
                       json={"note": "Chính tả", "explanation": "Không có bằng chứng khoa học nào."},
                       headers={"x-csrf-token": token})
    assert typo.status_code == 201 and typo.json()["@type"] == "ClaimReview"
    assert "bằng chứng khoa học nào" in client.get(f"/kiem-chung/{slug}").text


ARTICLE = ("<html><head><title>WHO: ung thư</title></head><body><article><h1>WHO: ung thư</h1>"
           "<p>Không có thực phẩm nào, kể cả nước chanh nóng, chữa khỏi được bệnh ung thư.</p>"
           "<p>Người bệnh cần điều trị tại cơ sở y tế theo phác đồ của bác sĩ chuyên khoa, không "
           "tự ý bỏ thuốc để dùng các bài thuốc truyền miệng trên mạng xã hội.</p>"
           "</article></body></html>")


def archived_and_published(store, people, url, summary="Nước chanh nóng chữa khỏi ung thư"):
    tips.submit(store, summary, None, False, [])
    item = [i for i in __import__("kiemchung.desk.queue", fromlist=["x"]).listing(store)
            if i.text == summary][0]
    source = research.add_evidence(store, item.id, url, "", people["factchecker"])
    verdict = review.draft(store, item.id, people["factchecker"], summary, "false",
                           "Không có bằng chứng khoa học.")
    return source, review.approve(store, verdict.id, people["editor"], "http://testserver")


def test_a_published_source_links_its_archived_copy_which_anyone_can_download(
        loopback, site, client, desk_store, people):
    site.route("/who", ARTICLE)
    source, slug = archived_and_published(desk_store, people, f"{site.base}/who")
    page = client.get(f"/kiem-chung/{slug}").text
    link = f'href="/luu-tru/{source.archive}"'
    assert link in page and f'href="{site.base}/who"' in page
    assert "bản lưu trữ" in page
    copy = client.get(f"/luu-tru/{source.archive}")
    assert copy.status_code == 200
    assert copy.headers["content-type"] == "application/warc"
    assert source.archive in copy.headers["content-disposition"]
    from kiemchung.desk import archive

    assert copy.content == archive.path_of(desk_store, source.archive).read_bytes()


def test_an_unpublished_archived_copy_is_for_the_desk_only(loopback, site, client, desk_store,
                                                           people):
    site.route("/who", ARTICLE)
    tips.submit(desk_store, "Chanh chữa ung thư", None, False, [])
    item = __import__("kiemchung.desk.queue", fromlist=["x"]).listing(desk_store)[0]
    source = research.add_evidence(desk_store, item.id, f"{site.base}/who", "",
                                   people["factchecker"])
    assert client.get(f"/luu-tru/{source.archive}").status_code == 404
    log_in(client, "kiem.chung@toasoan.vn")
    assert client.get(f"/luu-tru/{source.archive}").status_code == 200
    assert f'href="/luu-tru/{source.archive}"' in client.get(f"/desk/claims/{item.id}").text
    assert client.get("/luu-tru/..%2Fkiemchung.db").status_code == 404


def test_the_api_adds_a_source_by_url_alone_with_its_hash_and_archive(loopback, site, client,
                                                                     desk_store, people):
    import hashlib

    from kiemchung.desk import users

    site.route("/who", ARTICLE)
    tips.submit(desk_store, "Chanh chữa ung thư", None, False, [])
    item = __import__("kiemchung.desk.queue", fromlist=["x"]).listing(desk_store)[0]
    token = users.create_token(desk_store, "kiem.chung@toasoan.vn")
    bearer = {"authorization": f"Bearer {token}"}
    added = client.post(f"/api/v1/claims/{item.id}/evidence", json={"url": f"{site.base}/who"},
                        headers=bearer)
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["sha256"] == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert body["archive_url"].startswith("http://testserver/luu-tru/")
    assert body["title"] == "WHO: ung thư"
    shown = client.get(f"/api/v1/claims/{item.id}", headers=bearer).json()["evidence"]
    assert [(e["sha256"], e["archive_url"]) for e in shown] == [(body["sha256"],
                                                                 body["archive_url"])]
    assert "chữa khỏi được bệnh ung thư" in shown[0]["text"]
    pasted = client.post(f"/api/v1/claims/{item.id}/evidence",
                         json={"url": "https://www.who.int/x", "text": "Đã đọc."},
                         headers=bearer)
    assert pasted.status_code == 201 and pasted.json()["archive_url"] is None
    missing = client.post(f"/api/v1/claims/{item.id}/evidence",
                          json={"url": f"{site.base}/khong-co"}, headers=bearer)
    assert missing.status_code == 400 and missing.json()["code"] == "archive_failed"
    assert "HTTP 404" in missing.json()["error"]


def test_an_overlong_search_says_the_limit(client):
    page = client.get("/tim-kiem", params={"q": "x" * 20_000})
    assert page.status_code == 400 and "q (≤ 500)" in page.text
