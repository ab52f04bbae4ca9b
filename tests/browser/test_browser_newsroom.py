"""A reader and a newsroom in a real browser: tipline, drafting, review, publication."""

import json

import extruct
import pytest

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-du-dai"  # the desk users' password in tests/fixtures_desk.py


def log_in(page, server, email):
    page.context.clear_cookies()
    page.goto(f"{server}/dang-nhap")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button")
    page.wait_for_url(f"{server}/desk")


def test_reader_uses_the_tipline_and_gets_a_match(server, page, shot):
    page.goto(server + "/")
    shot(page, "home")
    page.click("text=Gửi tin cần kiểm chứng >> nth=0")
    page.fill("#text", "Nghe nói tiêm vac xin covid bị vô sinh, phụ nữ đừng tiêm!")
    shot(page, "tipline")
    page.click("form.stack button")
    assert page.locator("h1").inner_text() == "Đã có bài kiểm chứng cho nội dung này"
    assert page.get_attribute(".answer-link", "href") == \
        "https://factcheck.example/vac-xin-vo-sinh"
    shot(page, "tipline-answer")
    page.goto(server + "/tim-kiem?q=cau+long+bien")
    assert "Cầu Long Biên được khánh thành năm 1902" in page.content()
    shot(page, "search")


def test_factchecker_drafts_editor_approves_and_page_is_public(server, page, people, shot):
    # A reader's tip that nothing answers yet joins the queue.
    page.goto(server + "/gui-tin")
    page.fill("#text", "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối")
    page.click("form.stack button")
    code = page.inner_text("#tip-code")

    log_in(page, server, "kiem.chung@toasoan.vn")
    shot(page, "desk-queue")
    page.click("text=Uống nước chanh nóng mỗi sáng")
    page.fill("#ev-url", "https://www.who.int/news-room/fact-sheets/detail/cancer")
    page.fill("#ev-title", "WHO: Cancer fact sheet")
    page.fill("#ev-text", "Điều trị ung thư gồm phẫu thuật, xạ trị, hóa trị; không có thực phẩm "
                          "nào được chứng minh chữa khỏi ung thư.")
    page.click("text=Lưu bằng chứng")
    page.fill("#summary", "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối")
    page.select_option("#rating", "false")
    page.fill("#explanation", "Không có nghiên cứu nào cho thấy nước chanh nóng chữa khỏi "
                              "ung thư.\n\nTổ chức Y tế Thế giới liệt kê các phương pháp điều "
                              "trị đã được kiểm chứng.")
    page.fill("#appearances", "https://social.example/posts/nuoc-chanh")
    page.click("text=Gửi duyệt")
    assert "Chờ duyệt" in page.content()
    assert page.locator("text=Duyệt và đăng").count() == 0  # a fact-checker cannot approve
    shot(page, "desk-claim")

    log_in(page, server, "bien.tap@toasoan.vn")
    page.goto(server + "/desk/review")
    page.click("text=Uống nước chanh nóng mỗi sáng")
    page.once("dialog", lambda dialog: dialog.accept())  # approving asks first
    page.click("text=Duyệt và đăng")
    page.wait_for_url("**/kiem-chung/**")
    assert "/kiem-chung/" in page.url
    shot(page, "factcheck")
    html = page.content()
    data = extruct.extract(html, base_url=page.url, syntaxes=["json-ld"])["json-ld"]
    reviews = [item for item in data if item.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    assert review["url"] == page.url
    assert review["reviewRating"]["alternateName"] == "Sai"
    assert len(review["claimReviewed"]) < 75
    assert review["itemReviewed"]["appearance"][0]["url"] == \
        "https://social.example/posts/nuoc-chanh"
    assert review["author"]["name"] and review["itemReviewed"]["datePublished"]
    json.dumps(review)

    page.goto(server + "/desk/dashboard")
    assert page.locator("svg.chart").count() == 3
    shot(page, "dashboard")

    # The reader's code now leads to the fact-check; a new tip is answered at once.
    page.context.clear_cookies()
    page.goto(f"{server}/tra-cuu?code={code}")
    assert "Đã đăng" in page.content()
    page.goto(server + "/gui-tin")
    page.fill("#text", "uong nuoc chanh nong moi sang chua khoi ung thu")
    page.click("form.stack button")
    assert page.locator("h1").inner_text() == "Đã có bài kiểm chứng cho nội dung này"
