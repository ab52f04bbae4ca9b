"""A refused desk form comes back as the same form: the error beside its field, in the
interface's language, and what was typed still there."""

import re
from html import unescape

from fixtures_desk import log_in
from kiemchung.desk import queue, research, review, tips


def queued(store, text="Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"):
    tips.submit(store, text, None, False, [])
    return next(item for item in queue.listing(store) if item.text == text)


def error_beside(html, form, field):
    found = re.search(rf'<p class="field-error" id="{form}-{field}-error" role="alert">(.*?)</p>',
                      html)
    return unescape(found.group(1)) if found else None


def test_a_verdict_without_evidence_comes_back_with_the_explanation_kept(client, desk_store,
                                                                        people):
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/verdict", data={
        "csrf_token": token, "claim_summary": "Nước chanh chữa ung thư", "rating": "false",
        "explanation": "Một lời giải thích dài đã gõ cẩn thận.", "appearances": ""})
    assert answer.status_code == 400
    page = answer.text
    assert "Cần thêm ít nhất một bằng chứng (nguồn) trước khi gửi duyệt." in page
    assert 'id="verdict-form"' in page
    assert "Một lời giải thích dài đã gõ cẩn thận.</textarea>" in page
    assert 'value="Nước chanh chữa ung thư"' in page
    assert "add at least one source" not in page
    assert queue.get(desk_store, item.id).status == "new"


def test_a_javascript_url_is_refused_beside_the_url_field_in_english_too(client, desk_store,
                                                                         people):
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    client.cookies.set("kc_lang", "en")
    answer = client.post(f"/desk/claims/{item.id}/evidence", data={
        "csrf_token": token, "url": "javascript:alert(1)", "title": "Tiêu đề",
        "text": "Đoạn văn bản đã đọc từ nguồn."})
    assert answer.status_code == 400
    assert error_beside(answer.text, "evidence", "url") == \
        "A source must be an http:// or https:// URL."
    assert 'aria-invalid="true" aria-describedby="evidence-url-error"' in answer.text
    assert "Đoạn văn bản đã đọc từ nguồn.</textarea>" in answer.text
    assert 'value="Tiêu đề"' in answer.text
    assert research.evidence_of(desk_store, item.id) == []


def test_duplicate_without_a_target_is_refused_beside_the_number_field(client, desk_store,
                                                                      people):
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/status", data={
        "csrf_token": token, "status": "duplicate", "duplicate_of": ""})
    assert answer.status_code == 400
    assert error_beside(answer.text, "status", "duplicate_of") == \
        "Hãy ghi số của nhận định mà nhận định này trùng với."
    assert '<option value="duplicate" selected>' in answer.text


def test_a_duplicate_of_a_missing_claim_names_the_number(client, desk_store, people):
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/status", data={
        "csrf_token": token, "status": "duplicate", "duplicate_of": "99999"})
    assert error_beside(answer.text, "status", "duplicate_of") == \
        "Không có nhận định số 99999 trong hàng đợi."
    assert 'value="99999"' in answer.text


def test_an_empty_note_and_a_return_without_comment_stay_on_their_forms(client, desk_store,
                                                                        people):
    from kiemchung.desk import review

    item = queued(desk_store)
    research.add_evidence(desk_store, item.id, "https://who.int/x", "Văn bản", people["editor"])
    verdict = review.draft(desk_store, item.id, people["factchecker"], "Tóm tắt", "false", "x")
    token = log_in(client, "bien.tap@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/notes", data={"csrf_token": token,
                                                                 "body": "   "})
    assert error_beside(answer.text, "notes", "body") == "Ghi chú cần từ 1 đến 10.000 ký tự."
    answer = client.post(f"/desk/verdicts/{verdict.id}/review", data={
        "csrf_token": token, "decision": "return", "comment": ""})
    assert answer.status_code == 400
    assert error_beside(answer.text, f"review-{verdict.id}", "comment") == \
        "Hãy ghi cần sửa gì: trả lại bản nháp phải kèm nhận xét."
    assert queue.get(desk_store, item.id).status == "in_review"


def drafted_by_editor(desk_store, people):
    """A claim with evidence and a verdict the editor drafted, waiting for review."""
    item = queued(desk_store)
    research.add_evidence(desk_store, item.id, "https://who.int/x", "Văn bản", people["editor"])
    return review.draft(desk_store, item.id, people["editor"], "Tóm tắt", "false", "x")


def test_approving_ones_own_draft_is_explained_on_the_claim_page(client, desk_store, people):
    verdict = drafted_by_editor(desk_store, people)
    token = log_in(client, "bien.tap@toasoan.vn")
    answer = client.post(f"/desk/verdicts/{verdict.id}/review", data={
        "csrf_token": token, "decision": "approve", "comment": ""})
    assert answer.status_code == 403
    assert "Không ai tự duyệt bản của mình: một biên tập viên khác phải duyệt." in answer.text
    assert 'id="claim-text"' in answer.text


def test_a_url_alone_that_may_not_be_fetched_is_refused_beside_the_url_field(client, desk_store,
                                                                             people, site):
    site.route("/bai-viet", "<html><body><p>Nội dung</p></body></html>")
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/evidence", data={
        "csrf_token": token, "url": f"{site.base}/bai-viet", "title": "", "text": ""})
    assert answer.status_code == 400
    assert error_beside(answer.text, "evidence", "url") == (
        f"Không lưu trữ được {site.base}/bai-viet: địa chỉ này không được phép tải về "
        "(mạng nội bộ, robots.txt hoặc quá giới hạn). Hãy dán đoạn văn bản đã đọc.")
    assert f'value="{site.base}/bai-viet"' in answer.text
    assert site.requests("/bai-viet") == []
    assert research.evidence_of(desk_store, item.id) == []


def test_a_url_alone_in_the_form_keeps_the_page_read_and_archived(loopback, site, client,
                                                                  desk_store, people):
    # loopback first: the store reads its settings when it opens
    site.route("/bai-viet", "<html><head><title>Bộ Y tế</title></head><body><article>"
               "<p>Không có thực phẩm nào, kể cả nước chanh nóng, chữa khỏi được ung thư.</p>"
               "<p>Người bệnh cần điều trị tại cơ sở y tế theo phác đồ của bác sĩ chuyên khoa, "
               "không tự ý bỏ thuốc để dùng bài thuốc truyền miệng.</p></article></body></html>")
    item = queued(desk_store)
    token = log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/evidence", data={
        "csrf_token": token, "url": f"{site.base}/bai-viet", "title": "", "text": ""})
    assert answer.status_code == 200, answer.text[:300]
    [kept] = research.evidence_of(desk_store, item.id)
    assert "chữa khỏi được ung thư" in kept.text and kept.archive
    assert f'href="/luu-tru/{kept.archive}"' in answer.text


def published_from_markdown(store, people, markdown):
    """A fact-check whose explanation was typed in the verdict editor as ``markdown``."""
    from kiemchung.desk import drafts, review

    item = queued(store)
    research.add_evidence(store, item.id, "https://who.int/x", "Văn bản", people["editor"])
    drafts.save(store, item.id, people["factchecker"].id, "Nước chanh chữa ung thư", "false",
                markdown, "")
    verdict = review.draft(store, item.id, people["factchecker"], "Nước chanh chữa ung thư",
                           "false", markdown)
    return review.approve(store, verdict.id, people["editor"], "http://testserver")


def test_the_correction_form_opens_the_explanation_as_it_was_written_in_the_editor(
        client, desk_store, people):
    from kiemchung.desk import audit

    slug = published_from_markdown(desk_store, people, "Theo **WHO**, không có bằng chứng.")
    token = log_in(client, "bien.tap2@toasoan.vn")
    page = client.get(f"/desk/factchecks/{slug}/correct").text
    assert f'data-autosave="/desk/factchecks/{slug}/correct/draft"' in page  # saved as typed
    assert 'data-md="**"' in page  # the editor
    assert ">Theo **WHO**, không có bằng chứng.</textarea>" in page  # the Markdown, not HTML
    assert re.search(r'id="explanation-preview"[^>]*><p>Theo <strong>WHO</strong>', page)
    answer = client.post(f"/desk/factchecks/{slug}/correct", data={
        "csrf_token": token, "note": "Đổi kết luận", "rating": "misleading",
        "claim_summary": "Nước chanh chữa ung thư",
        "explanation": "Theo **WHO**, không có bằng chứng."}, follow_redirects=False)
    assert answer.status_code == 303
    entry = audit.entries(desk_store, 1)[0]
    assert (entry.action, entry.detail["fields"]) == ("correction.draft", ["rating_label"])


def test_a_correction_is_saved_as_it_is_typed_reopened_as_left_and_gone_once_sent(
        client, desk_store, people):
    from kiemchung.desk import corrections, publishing

    slug = published_from_markdown(desk_store, people, "Không có bằng chứng.")
    token = log_in(client, "bien.tap@toasoan.vn")
    typed = {"csrf_token": token, "note": "Bổ sung nguồn WHO", "rating": "false",
             "claim_summary": "Nước chanh chữa ung thư",
             "explanation": "Không có bằng chứng, **theo WHO**."}
    saved = client.post(f"/desk/factchecks/{slug}/correct/draft", data=typed)
    assert saved.status_code == 200
    assert "<strong>theo WHO</strong>" in saved.json()["preview"] and saved.json()["saved"]
    # the tab closed, the browser crashed: the form opens as it was left
    page = client.get(f"/desk/factchecks/{slug}/correct").text
    assert ">Không có bằng chứng, **theo WHO**.</textarea>" in page
    assert ">Bổ sung nguồn WHO</textarea>" in page
    assert 'id="autosave-status"' in page and "Đã lưu nháp" in page
    answer = client.post(f"/desk/factchecks/{slug}/correct", data=typed)
    assert answer.status_code == 200  # a wording fix: published at once
    assert corrections.draft_of(desk_store, publishing.by_slug(desk_store, slug)) is None
    assert ">Bổ sung nguồn WHO</textarea>" not in client.get(f"/desk/factchecks/{slug}/correct").text


def test_a_correction_draft_that_cannot_be_kept_is_a_4xx_naming_the_field(client, desk_store,
                                                                           people):
    from kiemchung.desk import corrections, publishing

    slug = published_from_markdown(desk_store, people, "Không có bằng chứng.")
    token = log_in(client, "bien.tap@toasoan.vn")
    answer = client.post(f"/desk/factchecks/{slug}/correct/draft", data={
        "csrf_token": token, "note": "x", "explanation": "y", "rating": "r" * 40})
    assert answer.status_code == 400 and "rating" in answer.text
    assert corrections.draft_of(desk_store, publishing.by_slug(desk_store, slug)) is None
    missing = client.post("/desk/factchecks/khong-co/correct/draft", data={
        "csrf_token": token, "note": "x"})
    assert missing.status_code == 404


def test_a_corrected_explanation_is_published_from_markdown_as_safe_html(client, desk_store,
                                                                        people):
    slug = published_from_markdown(desk_store, people, "Không có bằng chứng.")
    token = log_in(client, "bien.tap@toasoan.vn")
    answer = client.post(f"/desk/factchecks/{slug}/correct", data={
        "csrf_token": token, "note": "Thêm nguồn",
        "explanation": "Không có bằng chứng, _theo WHO_.\n\n<script>alert(1)</script>"})
    assert answer.status_code == 200  # the fact-check's page, corrected at once
    assert "<em>theo WHO</em>" in answer.text and "alert(1)" not in answer.text


def test_a_refused_correction_comes_back_with_everything_typed_and_previewed(client, desk_store,
                                                                            people):
    from kiemchung.desk import publishing

    slug = published_from_markdown(desk_store, people, "Không có bằng chứng.")
    before = publishing.by_slug(desk_store, slug)
    token = log_in(client, "bien.tap@toasoan.vn")
    answer = client.post(f"/desk/factchecks/{slug}/correct", data={
        "csrf_token": token, "note": "  ", "rating": "mostly-false",
        "claim_summary": "Nước chanh nóng chữa ung thư",
        "explanation": "Một lời giải thích **mới** đã gõ cẩn thận."})
    assert answer.status_code == 400
    page = answer.text
    assert error_beside(page, "correct", "note") == (
        "Hãy ghi nội dung đính chính công khai: đã sửa gì và vì sao (tối đa 5.000 ký tự).")
    assert ">Một lời giải thích **mới** đã gõ cẩn thận.</textarea>" in page
    assert "<strong>mới</strong>" in page  # the preview of what was typed
    assert 'value="Nước chanh nóng chữa ung thư"' in page
    assert '<option value="mostly-false" selected>' in page
    assert publishing.by_slug(desk_store, slug).explanation == before.explanation
    client.cookies.set("kc_lang", "en")
    unchanged = client.post(f"/desk/factchecks/{slug}/correct", data={
        "csrf_token": token, "note": "Không đổi gì", "explanation": "Không có bằng chứng."})
    assert unchanged.status_code == 400
    assert "Nothing was changed: edit the rating, the claim or the explanation." in unchanged.text


def test_the_editor_preview_is_the_html_that_would_be_published(client, desk_store, people):
    from kiemchung.desk.drafts import explanation_html

    typed = "Xem [WHO](https://who.int) và <img src=x onerror=alert(1)> **đậm**"
    token = log_in(client, "bien.tap@toasoan.vn")
    answer = client.post("/desk/preview", data={"csrf_token": token, "explanation": typed})
    assert answer.status_code == 200
    assert answer.json() == {"preview": explanation_html(typed)}
    assert "<strong>đậm</strong>" in answer.json()["preview"] and "onerror" not in answer.text
    client.cookies.clear()
    assert client.post("/desk/preview", data={"explanation": typed}).status_code in (401, 403)


def test_a_stale_form_says_the_form_expired_not_that_rights_are_missing(client, desk_store,
                                                                       people):
    item = queued(desk_store)
    log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/notes",
                         data={"csrf_token": "stale", "body": "Ghi chú"})
    assert answer.status_code == 403
    assert "Phiên biểu mẫu đã hết hạn, hãy tải lại trang và thử lại." in answer.text
    assert "Bạn không có quyền" not in answer.text


def test_a_review_decision_is_approve_or_return(client, desk_store, people):
    verdict = drafted_by_editor(desk_store, people)
    token = log_in(client, "bien.tap2@toasoan.vn")
    answer = client.post(f"/desk/verdicts/{verdict.id}/review", data={
        "csrf_token": token, "decision": "bogus", "comment": "x"})
    assert answer.status_code == 400
    assert review.get_verdict(desk_store, verdict.id).state == "submitted"


def test_a_published_claims_page_leads_an_editor_to_its_correction_form(client, desk_store,
                                                                       people):
    from kiemchung.desk import publishing

    slug = published_from_markdown(desk_store, people, "Theo **WHO**, không có bằng chứng.")
    item_id = publishing.by_slug(desk_store, slug).item_id
    log_in(client, "bien.tap2@toasoan.vn")
    assert f'href="/desk/factchecks/{slug}/correct"' in client.get(f"/desk/claims/{item_id}").text
    log_in(client, "kiem.chung@toasoan.vn")  # a fact-checker cannot correct: no link
    assert "/correct\"" not in client.get(f"/desk/claims/{item_id}").text
