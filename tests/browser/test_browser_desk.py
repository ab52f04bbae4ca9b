"""The desk in a real browser: the verdict editor saves as it types, approving asks first, and
the queue, navigation and audit log fit a phone and a laptop."""

from urllib.parse import unquote_plus

import pytest

from kiemchung.desk import drafts, queue, research, review, tips

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-du-dai"  # the desk users' password in tests/fixtures_desk.py
CLAIM = "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"


def log_in(page, server, email):
    page.context.clear_cookies()
    page.goto(f"{server}/dang-nhap")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button")
    page.wait_for_url(f"{server}/desk")


def queued(store, people, evidence=True):
    tips.submit(store, CLAIM, None, False, [])
    item = next(item for item in queue.listing(store) if item.text == CLAIM)
    if evidence:
        research.add_evidence(store, item.id, "https://www.who.int/cancer", "Không có thực phẩm "
                              "nào chữa khỏi ung thư.", people["factchecker"], "WHO")
    return item


def test_the_explanation_is_saved_as_it_is_typed_and_previewed(server, page, desk_store, people,
                                                              shot):
    item = queued(desk_store, people)
    log_in(page, server, "kiem.chung@toasoan.vn")
    page.goto(f"{server}/desk/claims/{item.id}")
    assert page.input_value("#rating") == ""  # a rating is chosen, never assumed
    page.click("#explanation")
    page.keyboard.type("Không có **nghiên cứu** nào cho thấy điều này.")
    page.wait_for_selector("#explanation-preview strong")
    assert page.inner_text("#explanation-preview strong") == "nghiên cứu"
    page.wait_for_function(
        "() => document.getElementById('autosave-status').textContent.includes('Đã lưu nháp')")
    shot(page, "desk-editor")
    page.reload()
    assert page.input_value("#explanation") == "Không có **nghiên cứu** nào cho thấy điều này."


def test_a_stale_tab_says_to_reload_and_does_not_overwrite_the_newer_draft(server, page,
                                                                          desk_store, people):
    item = queued(desk_store, people)
    log_in(page, server, "kiem.chung@toasoan.vn")
    page.goto(f"{server}/desk/claims/{item.id}")
    other = page.context.new_page()
    other.goto(f"{server}/desk/claims/{item.id}")
    def saving(words):  # the autosave that sends these words
        return lambda answer: answer.url.endswith("/draft") and words in unquote_plus(
            answer.request.post_data or "")

    page.click("#explanation")
    with page.expect_response(saving("thứ nhất.")) as answer:
        page.keyboard.type("Viết ở thẻ thứ nhất.")
    assert answer.value.status == 200
    with page.expect_response(saving("tiếp.")) as answer:
        page.keyboard.type(" Rồi viết tiếp.")  # the first tab goes on, knowing its own save
    assert answer.value.status == 200
    other.click("#explanation")
    with other.expect_response(saving("thứ hai.")) as answer:
        other.keyboard.type("Viết ở thẻ thứ hai.")
    assert answer.value.status == 409
    other.wait_for_function(  # the page reads the answer after the response arrives
        "() => document.getElementById('autosave-status').textContent.includes('tải lại trang')")
    other.close()
    page.wait_for_timeout(300)
    assert drafts.reopen(desk_store, item.id).explanation == "Viết ở thẻ thứ nhất. Rồi viết tiếp."


def test_approving_asks_first_and_looks_unlike_returning(server, page, desk_store, people):
    item = queued(desk_store, people)
    review.draft(desk_store, item.id, people["factchecker"], "Nước chanh chữa ung thư", "false",
                 "Không có bằng chứng.")
    log_in(page, server, "bien.tap@toasoan.vn")
    page.goto(f"{server}/desk/claims/{item.id}")
    approve, send_back = page.locator("button.approve"), page.locator("button.return")
    colours = [b.evaluate("b => getComputedStyle(b).backgroundColor") for b in (approve, send_back)]
    assert colours[0] != colours[1]
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    approve.click()
    assert asked == ["Duyệt và đăng công khai bản kết luận này?"]
    assert queue.get(desk_store, item.id).status == "in_review"  # dismissed: nothing published
    page.once("dialog", lambda dialog: dialog.accept())
    approve.click()
    page.wait_for_url("**/kiem-chung/**")
    assert queue.get(desk_store, item.id).status == "published"


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_audit_log_fits_a_laptop_screen(server, page, desk_store, people):
    item = queued(desk_store, people)
    research.add_evidence(desk_store, item.id, "https://example.org/" + "rat-dai-" * 40, "x",
                          people["factchecker"])
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, server, "admin@toasoan.vn")
    page.goto(f"{server}/desk/audit")
    assert overflow(page) <= 0
    assert "thêm bằng chứng cho nhận định số" in page.inner_text("table.audit")


def test_the_desk_is_usable_on_a_phone(server, page, desk_store, people, shot):
    queued(desk_store, people, evidence=False)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, server, "kiem.chung@toasoan.vn")
    assert overflow(page) <= 0
    assert page.locator("header.top").bounding_box()["height"] < 844 / 4
    shot(page, "desk-queue-phone")
    page.click(f"text={CLAIM[:30]}")
    page.wait_for_url("**/desk/claims/**")
    page.wait_for_load_state()
    assert overflow(page) <= 0


def test_the_queue_answers_j_k_and_enter(server, page, desk_store, people):
    queued(desk_store, people, evidence=False)
    tips.submit(desk_store, "Cầu Rồng ở Đà Nẵng phun lửa mỗi tối thứ Hai", None, False, [])
    log_in(page, server, "kiem.chung@toasoan.vn")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    current = page.locator("table.queue tr.current")
    assert current.count() == 1
    href = current.get_attribute("data-href")
    assert href == page.locator("table.queue tbody tr").first.get_attribute("data-href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")


def test_the_claim_being_written_and_a_busy_queue_pass_axe(server, chromium, desk_store, people):
    from pathlib import Path

    axe = Path(__file__).parent / "vendor" / "axe.min.js"
    item = queued(desk_store, people)
    tips.submit(desk_store, "Uống nước chanh nóng mỗi ngày chữa khỏi ung thư gan", None, False, [])
    review.draft(desk_store, item.id, people["factchecker"], "Chanh", "false", "Giải thích.")
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    page = context.new_page()
    log_in(page, server, "bien.tap@toasoan.vn")
    found = []
    for path in (f"/desk/claims/{item.id}", "/desk", f"/desk/claims/{item.id + 1}"):
        page.goto(server + path)
        page.add_script_tag(path=str(axe))
        found += page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
    context.close()
    assert found == []


def test_a_correction_is_written_in_the_verdicts_editor_with_a_live_preview(server, page,
                                                                            desk_store, people):
    item = queued(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"], "Nước chanh chữa ung thư",
                           "false", "Không có bằng chứng.")
    slug = review.approve(desk_store, verdict.id, people["editor"], server)
    log_in(page, server, "bien.tap@toasoan.vn")
    page.goto(f"{server}/desk/factchecks/{slug}/correct")
    assert page.is_visible("#correction-form .toolbar")
    page.fill("#explanation", "")
    page.click("#explanation")
    page.keyboard.type("Theo **WHO**, không có bằng chứng.")
    page.wait_for_selector("#explanation-preview strong")
    assert page.inner_text("#explanation-preview strong") == "WHO"
    with page.expect_response(lambda answer: answer.url.endswith("/correct/draft")
                              and answer.request.post_data is not None
                              and "Thêm nguồn WHO" in answer.request.post_data):
        page.fill("#note", "Thêm nguồn WHO")  # saved as it is typed
    page.wait_for_function(  # the status changes once the page has read the answer
        "() => document.getElementById('autosave-status').textContent.startsWith('Đã lưu nháp')")
    page.reload()  # what was typed is still there
    assert page.input_value("#note") == "Thêm nguồn WHO"
    assert page.input_value("#explanation") == "Theo **WHO**, không có bằng chứng."
    page.click("#correction-form button.primary")
    page.wait_for_url(f"{server}/kiem-chung/{slug}")
    assert page.inner_text(".explanation strong") == "WHO"
