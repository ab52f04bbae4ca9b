"""The site in a real Chromium: a fact-check read on a phone, the API explorer offline, and
axe-core (tests/browser/vendor/axe.min.js) on every public and desk page, in both languages and
at desktop and phone widths."""

from pathlib import Path

import pytest

from test_web_public import publish

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}
LONG_URL = "https://social.example/posts/" + "bai-dang-rat-dai-khong-co-dau-cach-" * 8
LONG_WORD = "Kiểmchứng" * 20


def publish_long(store, people):
    """A fact-check whose explanation and sources carry a long URL and a very long word."""
    slug = publish(store, people)
    from kiemchung.desk import publishing

    fc = publishing.by_slug(store, slug)
    publishing.correct(
        store, slug, people["editor2"], "Thêm nguồn",
        explanation=f"<p>{LONG_WORD}</p><p><a href=\"{LONG_URL}\">{LONG_URL}</a></p>"
                    + fc.explanation)
    return slug


def width_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_fact_check_reads_on_a_phone_without_sideways_scrolling(server, chromium, desk_store,
                                                                  people, shot):
    slug = publish_long(desk_store, people)
    context = chromium.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=1)
    page = context.new_page()
    for path in (f"/kiem-chung/{slug}", "/", "/thang-danh-gia", "/phuong-phap", "/gui-tin",
                 "/tim-kiem?q=" + LONG_WORD):
        page.goto(server + path)
        assert width_overflow(page) <= 0, path
    page.goto(f"{server}/kiem-chung/{slug}")
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
    shot(page, "factcheck-phone")
    context.close()


def test_the_api_explorer_works_offline(server, chromium):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    outside = []

    def only_loopback(route):
        if route.request.url.startswith(server):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_loopback)
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert "/api/v1/match" in page.content()
    assert outside == []
    context.close()


def axe_violations(page, url) -> list[str]:
    """What axe-core finds wrong on the page at ``url``: the rule and the elements."""
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")


def public_pages(slug):
    return ["/", "/tim-kiem?q=vac+xin", f"/kiem-chung/{slug}", "/gui-tin", "/tra-cuu",
            "/tra-cuu?code=ZZZZZZZZ", "/thang-danh-gia", "/phuong-phap", "/dang-nhap",
            "/khong-co-trang-nay"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_public_page_passes_axe_in_both_languages(server, chromium, desk_store, people,
                                                        viewport):
    slug = publish(desk_store, people)
    # axe is injected as a script; the site's policy allows only its own scripts.
    context = chromium.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    found = []
    for lang in ("vi", "en"):
        context.add_cookies([{"name": "kc_lang", "value": lang, "url": server}])
        for path in public_pages(slug):
            found += [f"{lang} {path}: {v}" for v in axe_violations(page, server + path)]
    context.close()
    assert found == []


DESK_PAGES = ["/desk", "/desk/claims/{item}", "/desk/review", "/desk/dashboard", "/desk/audit",
              "/desk/users", "/desk/factchecks/{slug}/correct"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_desk_page_passes_axe_in_both_languages(server, chromium, desk_store, people,
                                                      viewport):
    from kiemchung.desk import publishing

    slug = publish(desk_store, people)
    item = publishing.by_slug(desk_store, slug).item_id
    context = chromium.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    page.goto(server + "/dang-nhap")
    page.fill("#email", "admin@toasoan.vn")
    page.fill("#password", "mat-khau-du-dai")  # the desk users' password (fixtures_desk.py)
    page.click("form.stack button")
    page.wait_for_url(server + "/desk")
    found = []
    for lang in ("vi", "en"):
        context.add_cookies([{"name": "kc_lang", "value": lang, "url": server}])
        for path in DESK_PAGES:
            found += [f"{lang} {path}: {v}"
                      for v in axe_violations(page, server + path.format(item=item, slug=slug))]
    context.close()
    assert found == []
