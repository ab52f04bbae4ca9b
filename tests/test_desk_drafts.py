"""The verdict's working draft: Markdown published as safe HTML, saved as it is typed, and a
returned draft reopened as it was written."""

import re
from html import unescape

from fixtures_desk import log_in
from kiemchung.desk import drafts, queue, research, review, tips

EXPLANATION = ("Không có **nghiên cứu** nào cho thấy điều này.\n\n"
               "- Theo [WHO](https://www.who.int/cancer)\n- Theo Bộ Y tế")


def queued(store, text="Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"):
    tips.submit(store, text, None, False, [])
    return next(item for item in queue.listing(store) if item.text == text)


def with_evidence(store, people):
    item = queued(store)
    research.add_evidence(store, item.id, "https://www.who.int/cancer", "Không có thực phẩm nào "
                          "chữa khỏi ung thư.", people["factchecker"], "WHO")
    return item


def field(html, name):
    """The value a page's verdict form shows for ``name`` (input value or textarea text)."""
    found = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    if found:
        return unescape(found.group(1))
    return unescape(re.search(rf'<input id="{name}"[^>]*value="([^"]*)"', html).group(1))


def test_markdown_is_published_as_html_made_safe():
    html = drafts.explanation_html(EXPLANATION + "\n\n[x](javascript:alert(1))\n\n"
                                   "<script>alert(1)</script>")
    assert "<strong>nghiên cứu</strong>" in html
    assert '<a href="https://www.who.int/cancer" rel="noopener nofollow">WHO</a>' in html
    assert "<li>" in html and "<script" not in html and 'href="javascript' not in html


def test_hand_typed_html_and_plain_paragraphs_still_read_as_before():
    assert drafts.explanation_html("<p>Một <em>đoạn</em></p>") == "<p>Một <em>đoạn</em></p>"
    assert drafts.explanation_html("Đoạn một.\n\nĐoạn hai: 3 < 5") == \
        "<p>Đoạn một.</p>\n<p>Đoạn hai: 3 &lt; 5</p>"


def test_a_returned_draft_reopens_with_its_explanation_and_summary_as_written(client, desk_store,
                                                                              people):
    item = with_evidence(desk_store, people)
    token = log_in(client, "kiem.chung@toasoan.vn")
    client.post(f"/desk/claims/{item.id}/verdict", data={
        "csrf_token": token, "claim_summary": "Nước chanh nóng chữa khỏi ung thư",
        "rating": "false", "explanation": EXPLANATION,
        "appearances": "https://social.example/p/1"})
    verdict = review.pending(desk_store)[0]
    review.return_draft(desk_store, verdict.id, people["editor"], "Thêm nguồn của Bộ Y tế.")

    page = client.get(f"/desk/claims/{item.id}").text
    assert field(page, "summary") == "Nước chanh nóng chữa khỏi ung thư"
    assert field(page, "explanation") == EXPLANATION
    assert field(page, "appearances") == "https://social.example/p/1"
    assert '<option value="false" selected>' in page
    assert "Thêm nguồn của Bộ Y tế." in page


def test_a_draft_sent_through_the_api_reopens_from_the_verdict_itself(desk_store, people):
    item = with_evidence(desk_store, people)
    review.draft(desk_store, item.id, people["factchecker"], "Tóm tắt", "false", "Giải thích.",
                 ["https://social.example/p/2"])
    reopened = drafts.reopen(desk_store, item.id)
    assert (reopened.claim_summary, reopened.rating_label) == ("Tóm tắt", "false")
    assert reopened.appearances == "https://social.example/p/2"


def test_a_new_claim_offers_its_text_and_no_rating(desk_store, people):
    item = queued(desk_store)
    reopened = drafts.reopen(desk_store, item.id)
    assert reopened.claim_summary == item.text and reopened.rating_label == ""


def test_the_draft_is_saved_as_it_is_typed_and_survives_a_reload(client, desk_store, people):
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/draft", data={
        "csrf_token": token, "claim_summary": "Tóm tắt đang viết", "rating": "",
        "explanation": "Đang viết *dở*", "appearances": ""})
    assert answer.status_code == 200
    assert answer.json()["preview"] == "<p>Đang viết <em>dở</em></p>"
    assert answer.json()["saved"].startswith("Đã lưu nháp lúc")
    page = client.get(f"/desk/claims/{item.id}").text
    assert field(page, "explanation") == "Đang viết *dở*"
    assert field(page, "summary") == "Tóm tắt đang viết"
    assert "<p>Đang viết <em>dở</em></p>" in page  # the preview, rendered on the server too


def test_saving_a_draft_needs_the_form_token(client, desk_store, people):
    item = queued(desk_store)
    log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/draft", data={
        "csrf_token": "forged", "explanation": "x"})
    assert answer.status_code == 403
    assert drafts.reopen(desk_store, item.id).explanation == ""


def test_saving_the_same_draft_twice_keeps_one_draft(desk_store, people):
    item = queued(desk_store)
    for text in ("một", "hai"):
        drafts.save(desk_store, item.id, people["factchecker"].id, "Tóm tắt", "", text, "")
    from kiemchung.desk.schema import drafts as table

    with desk_store.db.read() as connection:
        rows = connection.execute(table.select()).all()
    assert len(rows) == 1 and rows[0].explanation == "hai"


def opened(html):
    return unescape(re.search(r'<input type="hidden" name="opened" value="([^"]*)"', html).group(1))


def test_a_draft_saved_from_another_tab_is_not_overwritten_by_a_stale_one(client, desk_store,
                                                                         people):
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    first, second = (opened(client.get(f"/desk/claims/{item.id}").text) for _ in range(2))
    assert first == second == "new"  # no draft yet in either tab

    def typed(text, known):
        return client.post(f"/desk/claims/{item.id}/draft", data={
            "csrf_token": token, "claim_summary": "Tóm tắt", "rating": "",
            "explanation": text, "appearances": "", "opened": known})

    saved = typed("Viết ở thẻ thứ nhất", first)
    assert saved.status_code == 200
    stale = typed("Viết ở thẻ thứ hai", second)
    assert stale.status_code == 409 and stale.json()["code"] == "draft_changed"
    assert "tải lại trang" in stale.json()["error"]
    assert drafts.reopen(desk_store, item.id).explanation == "Viết ở thẻ thứ nhất"
    # the first tab goes on, knowing its own save; a reload shows the tab where it stands
    assert typed("Viết tiếp ở thẻ thứ nhất", saved.json()["saved_at"]).status_code == 200
    assert opened(client.get(f"/desk/claims/{item.id}").text) == \
        drafts.reopen(desk_store, item.id).updated_at


def test_a_client_that_does_not_say_what_it_opened_saves_as_before(desk_store, people):
    item = queued(desk_store)
    drafts.save(desk_store, item.id, people["factchecker"].id, "Tóm tắt", "", "một", "")
    drafts.save(desk_store, item.id, people["editor"].id, "Tóm tắt", "", "hai", "")
    assert drafts.reopen(desk_store, item.id).explanation == "hai"


def test_a_stale_tab_cannot_send_its_draft_over_a_newer_one(client, desk_store, people):
    item = with_evidence(desk_store, people)
    token = log_in(client, "kiem.chung@toasoan.vn")
    stale = opened(client.get(f"/desk/claims/{item.id}").text)
    drafts.save(desk_store, item.id, people["editor"].id, "Tóm tắt", "", "Bản mới hơn", "")
    sent = client.post(f"/desk/claims/{item.id}/verdict", data={
        "csrf_token": token, "claim_summary": "Tóm tắt cũ", "rating": "false",
        "explanation": "Bản cũ", "appearances": "", "opened": stale})
    assert sent.status_code == 409 and "tải lại trang" in sent.text
    assert "Bản cũ" in sent.text  # what was typed is kept on the page
    assert drafts.reopen(desk_store, item.id).explanation == "Bản mới hơn"
    assert review.pending(desk_store) == []
