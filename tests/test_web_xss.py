"""Stored XSS: a script sent through every field that reaches a page comes back inert."""

import re

from fixtures_desk import csrf_of, log_in
from kiemchung.desk import queue, users
from kiemchung.library.record import FactCheck
from kiemchung.matching.library_index import add_factchecks
from kiemchung.store.schema import claims, documents

X = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def assert_inert(html: str) -> None:
    # JSON-LD may carry the text, but with "<" escaped it cannot leave its <script> block.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        assert "<" not in block
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    # The desk's own script file, from /static (the CSP allows no other).
    html = html.replace('<script src="/static/desk.js" defer></script>', "")
    assert "<script" not in html
    assert "<img" not in html


def test_every_field_that_reaches_a_page_is_escaped(client, desk_store, people):
    # A reader's tip (text and contact) and a library entry from another publisher.
    client.post("/api/v1/tips", json={"text": "Tin đồn " + X, "contact": "lh " + X})
    add_factchecks(desk_store, [FactCheck(url="https://fc.example/x", claim_reviewed="Tin " + X,
                                          rating_text="Sai " + X, publisher="Báo " + X)])
    # An ingested document with a hostile title and text.
    text = "Nghe nói " + X + " là thật."
    with desk_store.db.transaction() as connection:
        doc = connection.execute(documents.insert().values(
            url="https://news.example/x", title="Tiêu đề " + X, text=text, content_hash="y" * 64,
            kind="article", source="nguon " + X, ingested_at="2024-06-01T00:00:00+00:00")
        ).inserted_primary_key[0]
        connection.execute(claims.insert().values(document_id=doc, start=0, end=len(text),
                                                  text=text, score=0.8))
    users.add(desk_store, "x@toasoan.vn", "mat-khau-du-dai", "factchecker", "Tên " + X)

    token = log_in(client, "x@toasoan.vn")
    queue.sync(desk_store)
    item = [i for i in queue.listing(desk_store) if i.text.startswith("Tin đồn")][0]
    client.post(f"/desk/claims/{item.id}/notes", data={"csrf_token": token, "body": "Ghi " + X})
    client.post(f"/desk/claims/{item.id}/assign", data={"csrf_token": token, "assignee": "",
                                                        "topic": "chủ đề " + X})
    client.post(f"/desk/claims/{item.id}/evidence", data={
        "csrf_token": token, "url": "https://who.int/a", "title": "Nguồn " + X,
        "text": "Đọc " + X})
    client.post(f"/desk/claims/{item.id}/verdict", data={
        "csrf_token": token, "claim_summary": "Tóm tắt " + X, "rating": "false",
        "explanation": "<p>Giải thích <em>ok</em></p>" + X + '<a href="javascript:alert(1)">l</a>',
        "appearances": "https://social.example/p"})
    editor = log_in(client, "bien.tap@toasoan.vn")
    page = client.get(f"/desk/claims/{item.id}").text
    assert "<em>ok</em>" in page  # allowed rich text survives
    verdict_id = re.findall(r"/desk/verdicts/(\d+)/review", page)[0]
    client.post(f"/desk/verdicts/{verdict_id}/review", data={
        "csrf_token": editor, "decision": "approve", "comment": "Duyệt " + X})
    slug = re.findall(r'/kiem-chung/([\w-]+)', client.get("/").text)[0]
    client.post(f"/desk/factchecks/{slug}/correct", data={
        "csrf_token": editor, "note": "Đính chính " + X, "rating": "mostly-false"})
    log_in(client, "admin@toasoan.vn")

    pages = ["/", "/tim-kiem?q=tin", "/tim-kiem?q=" + X, f"/kiem-chung/{slug}", "/desk",
             f"/desk/claims/{item.id}", "/desk/review", "/desk/dashboard", "/desk/audit",
             "/desk/users", f"/desk/factchecks/{slug}/correct", "/gui-tin",
             "/feed.rss", "/feed.atom"]
    code = client.post("/api/v1/tips", json={"text": "Khác " + X}).json()["code"]
    pages.append(f"/tra-cuu?code={code}")
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.text)
        # What an editor typed may come back in a textarea to edit again: text, never a link.
        shown = re.sub(r"<textarea[^>]*>[^<]*</textarea>", "", response.text)
        assert "javascript:alert" not in shown, path
    fc_page = client.get(f"/kiem-chung/{slug}").text
    ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', fc_page, re.S)[0]
    assert "</script" not in ld.lower() and "<" not in ld


def test_tip_form_echo_is_escaped(client):
    page = client.post("/gui-tin", data={"text": "y" * 5001 + X, "contact": X,
                                         "csrf_token": csrf_of(client)})
    assert page.status_code == 400
    assert_inert(page.text)
