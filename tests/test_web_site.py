import json
import re

from test_web_public import json_ld_blocks, publish

from kiemchung.library.ratings import LABELS


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
