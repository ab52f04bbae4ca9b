import json
import re
from urllib.parse import unquote_plus

from kiemchung.library.ratings import LABELS
from test_web_public import json_ld_blocks, publish


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    assert found, f"no <meta {attribute}={name}>"
    return found.group(1)


def test_a_fact_check_page_carries_a_card_for_sharing(client, desk_store, people):
    slug = publish(desk_store, people)
    page = client.get(f"/kiem-chung/{slug}").text
    url = json.loads(json_ld_blocks(page)[0])["url"]
    assert re.search(rf'<link rel="canonical" href="{re.escape(url)}">', page)
    assert meta(page, "property", "og:url") == url
    assert meta(page, "property", "og:image") == url + "/the.png"
    assert meta(page, "name", "twitter:image") == url + "/the.png"
    assert meta(page, "name", "twitter:card") == "summary_large_image"
    assert meta(page, "property", "og:title") == "Sai: Uống nước chanh nóng chữa khỏi ung thư"
    description = meta(page, "name", "description")
    assert description.startswith("Sai. Không có bằng chứng khoa học")
    assert meta(page, "property", "og:description") == description
    image = client.get(url.split("testserver")[1] + "/the.png")
    assert image.headers["content-type"] == "image/png"


def test_the_rating_scale_is_explained_in_both_languages(client):
    page = client.get("/thang-danh-gia").text
    for label in LABELS.values():
        if label.key != "other":
            assert f'id="{label.key}"' in page and label.vi in page
    assert "châm biếm" in page
    client.get("/lang/en?next=/")
    english = client.get("/thang-danh-gia").text
    assert "The rating scale" in english and "Mostly false" in english and "satire" in english


def test_the_methodology_is_explained_in_both_languages(client):
    page = client.get("/phuong-phap").text
    assert "Phương pháp làm việc" in page and "Đính chính" in page
    client.get("/lang/en?next=/")
    english = client.get("/phuong-phap").text
    assert "How we work" in english and "Nobody approves their own work" in english


def test_the_fact_check_page_links_the_scale_and_the_method(client, desk_store, people):
    slug = publish(desk_store, people)
    page = client.get(f"/kiem-chung/{slug}").text
    assert 'href="/thang-danh-gia#false"' in page and 'href="/phuong-phap"' in page


def test_head_is_answered_wherever_get_is(client, desk_store, people):
    slug = publish(desk_store, people)
    for path in ("/", f"/kiem-chung/{slug}", "/feed.rss", "/feed.atom", "/tim-kiem?q=chanh",
                 "/api/v1/factchecks", "/favicon.ico", "/static/style.css", "/thang-danh-gia"):
        get = client.get(path)
        head = client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"], path
    assert client.head("/kiem-chung/khong-co").status_code == 404


def test_there_is_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.content[:4] == b"\x00\x00\x01\x00"
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").text


def test_the_api_explorer_is_served_from_the_package(client):
    page = client.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert scripts and styles and all(src.startswith("/static/") for src in scripts + styles)
    for src in scripts + styles:
        assert client.get(src).status_code == 200
    assert "<script>" not in page.text  # no inline script: the site's policy holds here too
    policy = page.headers["content-security-policy"]
    assert "cdn" not in policy and "unsafe-inline" not in policy
    assert "SwaggerUIBundle" in client.get("/static/swagger/start.js").text


def test_the_published_date_is_one_date_in_one_stated_time_zone(client, desk_store, people,
                                                                monkeypatch):
    from kiemchung.desk import publishing

    # 20:30 UTC on 4 December is 03:30 on 5 December in Vietnam.
    monkeypatch.setattr(publishing, "timestamp", lambda: "2026-12-04T20:30:00+00:00")
    slug = publish(desk_store, people)
    page = client.get(f"/kiem-chung/{slug}").text
    data = json.loads(json_ld_blocks(page)[0])
    assert data["datePublished"] == data["dateModified"] == "2026-12-05"
    assert '<time datetime="2026-12-05T03:30:00+07:00">05/12/2026</time>' in page
    assert "UTC+7" in page and "04/12/2026" not in page


def test_the_language_switch_keeps_the_query(client):
    page = client.get("/tim-kiem", params={"q": "sầu riêng"}).text
    target = re.search(r'href="(/lang/en\?next=[^"]+)"', page).group(1)
    assert "q%3D" in target
    response = client.get(target.replace("&amp;", "&"), follow_redirects=False)
    assert response.status_code == 303
    assert unquote_plus(response.headers["location"]) == "/tim-kiem?q=sầu riêng"


def test_verdicts_read_in_english_on_the_tipline_answer(client):
    from fixtures_desk import csrf_of

    client.get("/lang/en?next=/")
    page = client.post("/gui-tin", data={"text": "Vắc xin covid gây vô sinh cho phụ nữ",
                                         "csrf_token": csrf_of(client)}).text
    badge = re.search(r'<span class="rating big[^"]*">([^<]+)</span>', page).group(1)
    assert badge == "False"


def test_a_tip_lookup_says_when_no_tip_has_the_code(client):
    page = client.get("/tra-cuu", params={"code": "ZZZZZZZZ"})
    assert page.status_code == 404
    assert "Không có tin nào với mã này" in page.text and "Không tìm thấy trang" not in page.text
    assert 'value="ZZZZZZZZ"' in page.text  # the code stays in the box to be corrected


def test_a_tip_lookup_shows_the_verdict_that_answered_it(client):
    code = client.post("/api/v1/tips",
                       json={"text": "Vắc xin covid gây vô sinh cho phụ nữ"}).json()["code"]
    page = client.get("/tra-cuu", params={"code": code}).text
    assert re.search(r'<span class="rating big r-false">Sai</span>', page)
    assert 'href="https://factcheck.example/vac-xin-vo-sinh"' in page


def test_a_tip_lookup_shows_the_desks_own_verdict_once_published(client, desk_store, people):
    code = client.post("/api/v1/tips", json={"text": "Uống nước chanh nóng chữa khỏi ung thư"}
                       ).json()["code"]
    slug = publish(desk_store, people)
    page = client.get("/tra-cuu", params={"code": code}).text
    assert f'href="/kiem-chung/{slug}"' in page and "r-false" in page


def test_a_tip_too_long_is_refused_with_a_reason_and_kept_whole(client):
    from fixtures_desk import csrf_of

    text = ("Tin nhắn chuyển tiếp rất dài. " * 1800)[:52_000]
    page = client.post("/gui-tin", data={"text": text, "csrf_token": csrf_of(client)})
    assert page.status_code == 400
    error = re.search(r'<p class="error" role="alert">([^<]+)</p>', page.text).group(1)
    assert "5000" in error or "5.000" in error
    kept = re.search(r"<textarea[^>]*>([^<]*)</textarea>", page.text, re.S).group(1)
    assert len(kept) == len(text.strip()) or len(kept) == len(text)
    assert "maxlength" not in re.search(r"<textarea[^>]*>", page.text).group(0)


def test_a_published_claim_shows_its_own_fact_check_not_no_match(client, desk_store, people):
    from fixtures_desk import log_in
    from kiemchung.desk import publishing

    slug = publish(desk_store, people)
    item_id = publishing.by_slug(desk_store, slug).item_id
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get(f"/desk/claims/{item_id}").text
    assert "Thư viện chưa có bài kiểm chứng nào khớp" not in page
    assert f'href="/kiem-chung/{slug}"' in page
    queue = client.get("/desk", params={"status": "published"}).text
    assert '<span class="tag">Chưa có bài khớp</span>' not in queue


def test_an_empty_atom_feed_is_dated_now(client):
    from xml.etree import ElementTree

    from kiemchung.clock import now, parse_iso

    feed = ElementTree.fromstring(client.get("/feed.atom").content)
    updated = feed.find("{http://www.w3.org/2005/Atom}updated").text
    assert not updated.startswith("1970")
    assert abs((now() - parse_iso(updated)).total_seconds()) < 300
