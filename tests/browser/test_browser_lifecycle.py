"""The whole life of one fact-check in a real browser, through the pages alone, in Vietnamese
and English, on a laptop and on a phone: a reader's tip, the fact-checker's research and draft,
a returned draft, approval, the public page, the reader's answer, search, the share card and a
correction. Each step is saved as docs/screenshots/lifecycle/<lang>-<width>-<n>-<step>.png."""

import re
from pathlib import Path

import extruct
import pytest

from kiemchung import clock
from kiemchung.desk import publishing
from kiemchung.web import i18n

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-du-dai"  # the desk users' password in tests/fixtures_desk.py
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "lifecycle"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

TIP = ("Nghe nói Tổ chức Y tế Thế giới công nhận uống nước chanh nóng mỗi sáng chữa khỏi ung "
       "thư giai đoạn cuối, chia sẻ ngay cho người thân!")
# The fact-checker's summary has a slip of case that a correction later puts right.
SUMMARY = "Tổ chức Y tế thế giới công nhận nước chanh nóng chữa khỏi ung thư giai đoạn cuối"
CORRECTED = "Tổ chức Y tế Thế giới công nhận nước chanh nóng chữa khỏi ung thư giai đoạn cuối"
EXPLANATION = "Không có **nghiên cứu** nào cho thấy nước chanh nóng chữa khỏi ung thư."
ADDED = "Bộ Y tế khuyến cáo người bệnh điều trị theo phác đồ của bác sĩ."
SOURCE_TITLE = "Bộ Y tế: chanh không chữa ung thư"
SOURCE = f"""<!doctype html><html><head><title>{SOURCE_TITLE}</title></head>
<body><nav>Trang chủ | Tin tức | Liên hệ</nav>
<article><h1>{SOURCE_TITLE}</h1>
<p>Không có thực phẩm nào, kể cả nước chanh nóng, chữa khỏi được ung thư giai đoạn cuối.</p>
<p>Người bệnh cần được điều trị tại cơ sở y tế theo phác đồ của bác sĩ chuyên khoa ung bướu,
không nên tự ý bỏ thuốc để dùng các bài thuốc truyền miệng trên mạng xã hội.</p>
<p>Các chuyên gia khuyến cáo người dân chỉ tin thông tin từ nguồn chính thức của ngành y tế.</p>
</article><footer>Bản quyền 2026</footer></body></html>"""
NOTE = {"vi": "Cần dẫn thêm khuyến cáo của Bộ Y tế.",
        "en": "Please cite the Ministry of Health's advice too."}
CORRECTION = {"vi": "Viết hoa đúng tên Tổ chức Y tế Thế giới.",
              "en": "The World Health Organization's Vietnamese name is now capitalised."}
# Every piece of the interface's own words on a page: the text right inside each element (and
# the whole text of headings, labels and buttons), the attributes people read or hear, and the
# title. The language switch names the other language on purpose and is left out.
WORDS = """() => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim();
  const out = [clean(document.title)];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('a.lang, script, style')) continue;
    let own = '';
    for (const n of e.childNodes) if (n.nodeType === Node.TEXT_NODE) own += n.textContent;
    out.push(clean(own));
    if (e.matches('h1, h2, h3, label, button, th, summary, option')) out.push(clean(e.textContent));
    for (const name of ['title', 'aria-label', 'placeholder', 'alt', 'data-confirm'])
      if (e.hasAttribute(name)) out.push(clean(e.getAttribute(name)));
  }
  return out.filter(Boolean);
}"""


# The interface's own words in English, with Vietnamese letters in them, would be Vietnamese
# left in the English interface (names and claims live elsewhere: in cells, links and h1).
CHROME_OWN = """() => Array.from(document.querySelectorAll(
    'h2, h3, label, button, th, summary, legend, nav a:not(.lang), .kicker, .hint, footer p'))
  .map(e => Array.from(e.childNodes).filter(n => n.nodeType === Node.TEXT_NODE)
    .map(n => n.textContent).join(' ').replace(/\\s+/g, ' ').trim())
  .filter(Boolean)"""
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)


def pieces(text):
    """A shown text and its parts between " · ", each without marks around it (✔, ↩, ":")."""
    return {re.sub(r"^[^\w(]+|[\s:]+$", "", part) for part in [text, *text.split(" · ")]}


class Walk:
    """One person's browser on the site, in one language and at one width."""

    def __init__(self, page, server, lang, width):
        self.page, self.server, self.lang, self.width = page, server, lang, width
        self.step = 0
        self.stray = []  # words of the other language met on the way, by step

    def t(self, key):
        return i18n.translate(key, self.lang)

    def check(self, name):
        """What every step shows: the page in its language, no sideways scroll on a phone,
        and a screenshot of the viewport."""
        page = self.page
        assert page.get_attribute("html", "lang") == self.lang
        other = "en" if self.lang == "vi" else "vi"
        ours = {entry.get(self.lang) for entry in i18n.catalogue().values()}
        theirs = {entry[other] for entry in i18n.catalogue().values() if entry.get(other)} - ours
        self.stray += [f"{name}: {text}" for text in page.evaluate(WORDS) if pieces(text) & theirs]
        if self.lang == "en":
            self.stray += [f"{name}: {text}" for text in page.evaluate(CHROME_OWN)
                           if VIETNAMESE.search(text)]
        if self.width == "phone":
            wide = page.evaluate("document.scrollingElement.scrollWidth")
            assert wide <= WIDTHS["phone"]["width"] + 1, f"{name}: {wide}px wide"
        self.step += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{self.lang}-{self.width}-{self.step}-{name}.png"))

    def show(self, selector, block="start"):
        """Scroll so that the screenshot shows ``selector`` (at its top, or ``block``)."""
        self.page.locator(selector).first.evaluate("(e, block) => e.scrollIntoView({block})",
                                                   block)

    def log_in(self, email):
        page = self.page
        page.click(f"header.top nav >> text={self.t('nav.login')}")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.click(f"form.stack button:has-text('{self.t('nav.login')}')")
        page.wait_for_url(f"{self.server}/desk")

    def log_out(self):
        self.page.click("header.top form.inline button")
        self.page.wait_for_url(f"{self.server}/")

    def open_from_queue(self, text):
        self.page.click(f"header.top nav >> text={self.t('nav.desk')}")
        self.page.click(f"table.queue a:has-text('{text[:40]}')")
        self.page.wait_for_url("**/desk/claims/**")

    def open_for_review(self):
        self.page.click(f"header.top nav >> text={self.t('nav.review')}")
        self.page.click(f"ul.hits a:has-text('{SUMMARY[:40]}')")
        self.page.wait_for_url("**/desk/claims/**")


@pytest.fixture
def source(loopback, site):
    """The page the fact-checker cites, served on 127.0.0.1."""
    site.route("/chanh-ung-thu", SOURCE)
    return f"{site.base}/chanh-ung-thu"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_fact_check_lives_its_whole_life_in_the_browser(source, server, chromium, people, lang,
                                                          width):
    # ``source`` comes first: the store reads KIEMCHUNG_ALLOW_PRIVATE_HOSTS when it opens.
    context = chromium.new_context(viewport=WIDTHS[width], device_scale_factor=1,
                                   locale="vi-VN" if lang == "vi" else "en-GB")
    walk = Walk(context.new_page(), server, lang, width)
    page, t = walk.page, walk.t
    try:
        # 1. A reader sends a tip nothing answers yet and gets a reference code.
        page.goto(server + "/")
        if lang == "en":
            page.click("a.lang")
            page.wait_for_url(server + "/")
        page.click(f"a.button:has-text('{t('nav.tip')}')")
        page.fill("#text", TIP)
        page.click(f"form.stack button:has-text('{t('tip.submit')}')")
        assert page.inner_text("h1") == t("tip.queued")
        code = page.inner_text("#tip-code")
        assert re.fullmatch(r"[A-Z0-9-]{6,}", code)
        walk.check("tip")

        # 2. The fact-checker finds it in the queue and takes it; "mine" shows it.
        walk.log_in("kiem.chung@toasoan.vn")
        assert page.inner_text("h1") == t("queue.title")
        walk.open_from_queue(TIP)
        page.select_option("#assignee", str(people["factchecker"].id))
        page.click(f"form[action$='/assign'] button:has-text('{t('claim.save')}')")
        page.click(f"header.top nav >> text={t('nav.desk')}")
        page.select_option("form.filters select[name=assignee]", "mine")
        page.click(f"form.filters button:has-text('{t('filter.apply')}')")
        page.wait_for_url("**assignee=mine**")
        row = page.locator("table.queue tbody tr", has_text=TIP[:40])
        assert row.locator("td.assignee").inner_text() == "Lan"
        assert page.locator("form.filters select[name=assignee] option:checked").inner_text() == \
            t("filter.mine")
        seen = row.locator("td").last  # the date seen last reads whole, on one line
        assert seen.evaluate("td => { const r = document.createRange(); r.selectNodeContents(td);"
                             " return r.getClientRects().length; }") == 1
        if width == "phone":  # the filters fill the first screen
            walk.show("table.queue tbody tr", "center")
        walk.check("queue")

        # 3. Evidence by its URL alone is read and archived; the draft is written in Markdown
        # with its preview beside it, rated, and sent for review.
        row.locator("a").first.click()
        page.wait_for_url("**/desk/claims/**")
        page.fill("#ev-url", source)
        page.click(f"#evidence-form button:has-text('{t('claim.add_evidence')}')")
        page.wait_for_load_state()
        assert page.locator(".error-summary").all_inner_texts() == []
        cited = page.locator("ol.evidence li").first
        assert cited.locator("a").first.inner_text() == SOURCE_TITLE
        archived = cited.locator(f"a:has-text('{t('claim.archived')}')")
        assert archived.get_attribute("href").startswith("/luu-tru/")
        page.fill("#summary", SUMMARY)
        page.select_option("#rating", "false")
        assert page.locator("#rating option:checked").inner_text() == \
            ("Sai" if lang == "vi" else "False")
        page.click("#explanation")
        page.keyboard.type(EXPLANATION)
        page.wait_for_selector("#explanation-preview strong")
        assert page.inner_text("#explanation-preview strong") == "nghiên cứu"
        page.wait_for_function(
            "text => document.getElementById('autosave-status').textContent.includes(text)",
            arg=t("draft.saved"))
        walk.show("#summary")
        walk.check("draft")
        page.click(f"#verdict-form button:has-text('{t('claim.submit_verdict')}')")
        page.wait_for_url("**#verdicts")
        assert t("status.in_review") in page.text_content("p.kicker")
        assert page.locator(f"button:has-text('{t('claim.approve')}')").count() == 0

        # 4. An editor returns it with a note; the fact-checker finds the note and the text
        # kept, edits and sends it again.
        walk.log_out()
        walk.log_in("bien.tap@toasoan.vn")
        walk.open_for_review()
        page.click(f"button.return:has-text('{t('claim.return')}')")  # without a note: refused
        assert page.inner_text(".review-form .field-error") == t("error.return_comment")
        page.fill(".review-form textarea", NOTE[lang])
        page.click(f"button.return:has-text('{t('claim.return')}')")
        page.wait_for_url("**#verdicts")
        assert t("verdict.returned") in page.inner_text(".verdict-card")
        walk.log_out()
        walk.log_in("kiem.chung@toasoan.vn")
        walk.open_from_queue(TIP)
        note = page.locator(".verdict-card .comment")
        assert note.inner_text() == f"Minh: {NOTE[lang]}"
        assert note.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"  # set apart
        assert page.input_value("#explanation") == EXPLANATION
        assert page.input_value("#summary") == SUMMARY
        walk.show(".verdict-card .comment", "center")
        walk.check("returned")
        page.click("#explanation")
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        page.keyboard.type(ADDED)
        page.wait_for_function(
            "text => document.getElementById('explanation-preview').textContent.includes(text)",
            arg=ADDED)
        page.click(f"#verdict-form button:has-text('{t('claim.submit_verdict')}')")
        page.wait_for_url("**#verdicts")

        # 5. The editor approves, after saying yes to the question.
        walk.log_out()
        walk.log_in("bien.tap@toasoan.vn")
        walk.open_for_review()
        walk.show("button.approve", "center")
        walk.check("review")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
        page.click(f"button.approve:has-text('{t('claim.approve')}')")
        page.wait_for_url("**/kiem-chung/**")
        assert asked == [t("claim.approve_confirm")]
        public = page.url.split("#")[0]

        # 6. A reader sees the verdict, the evidence with its archived copy and today's date.
        walk.log_out()
        page.goto(public)
        assert page.inner_text("h1") == SUMMARY
        assert page.inner_text(".verdict a.rating") == ("Sai" if lang == "vi" else "False")
        assert page.inner_text(".meta time") == i18n.format_date(clock.now(), lang)
        assert ADDED in page.inner_text(".explanation")
        sources = page.locator("ol.sources li")
        assert sources.locator("a").first.inner_text() == SOURCE_TITLE
        assert sources.locator("a").first.get_attribute("href") == source
        copy = sources.locator("a.archived")
        assert copy.inner_text() == t("fc.archived")
        fetched = page.request.get(server + copy.get_attribute("href"))
        assert fetched.status == 200 and fetched.body()[:2] == b"\x1f\x8b"  # a gzipped WARC
        walk.check("published")

        # 7. The reader's code now leads to the verdict; search finds it; the card is a PNG.
        page.click(f"header.top nav >> text={t('nav.lookup')}")
        page.fill("#code", code)
        page.click(f"form.search button:has-text('{t('tip.lookup')}')")
        assert page.inner_text(".answer .rating") == ("Sai" if lang == "vi" else "False")
        assert page.get_attribute(".answer-link", "href") == public.removeprefix(server)
        walk.check("lookup")
        page.click("a.brand")
        page.fill("#q", "nước chanh nóng ung thư")
        page.click(f"form.search button:has-text('{t('search.button')}')")
        assert page.locator(f"a[href='{public.removeprefix(server)}']").count() >= 1
        walk.check("search")
        card = page.request.get(public + "/the.png")
        assert card.status == 200 and card.headers["content-type"] == "image/png"
        assert card.body()[:8] == b"\x89PNG\r\n\x1a\n"

        # 8. The editor corrects the claim's wording; the page and its ClaimReview follow.
        walk.log_in("bien.tap@toasoan.vn")
        page.goto(public)
        page.click(f"text={t('correct.title')}")
        page.fill("#summary", CORRECTED)
        page.fill("#note", CORRECTION[lang])
        page.click(f"button.primary:has-text('{t('correct.submit')}')")
        page.wait_for_url(public)
        walk.log_out()
        page.goto(public)
        assert page.inner_text("h1") == CORRECTED
        assert CORRECTION[lang] in page.inner_text("ul.corrections")
        found = extruct.extract(page.content(), base_url=public, syntaxes=["json-ld"])["json-ld"]
        review = next(item for item in found if item.get("@type") == "ClaimReview")
        assert review["claimReviewed"] == publishing.short_claim(CORRECTED)
        assert review["claimReviewed"].startswith("Tổ chức Y tế Thế giới")
        assert review["reviewRating"]["alternateName"] == "Sai"
        assert review["dateModified"] == clock.local_date(clock.timestamp())
        walk.show("#corrections", "center")
        walk.check("corrected")
        assert walk.stray == []
    finally:
        context.close()
