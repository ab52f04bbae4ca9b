"""Every message a person reads in the desk comes from the catalogue, in both languages: the
templates hold no words of their own, and every desk page and error path reads in one language.
"""

import re
from html import unescape
from pathlib import Path

import pytest

from fixtures_desk import csrf_of, log_in
from kiemchung.desk import queue, research, review, tips
from kiemchung.web import i18n

TEMPLATES = Path(i18n.__file__).parent / "templates"
DESK = sorted((TEMPLATES / "desk").glob("*.html"))
# Not words of either language: the name of a hash, the editor's bold/italic letters, keys.
NOT_WORDS = {"sha256", "B", "I", "j", "k", "x", "Enter"}
# Attributes a person reads (or hears).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm")
# Words that only English sentences have; a Vietnamese page with them let English through.
ENGLISH = {"the", "is", "of", "and", "this", "needs", "must", "cannot", "with", "there",
           "please", "your", "claim", "no", "not", "allowed", "role", "roles", "login",
           "should", "have", "at", "most", "least", "characters", "required", "valid", "than"}


def _without_jinja(source: str) -> str:
    return re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)


def test_desk_templates_hold_no_words_of_their_own():
    for template in DESK:
        source = _without_jinja(template.read_text(encoding="utf-8"))
        for name in READ_ATTRIBUTES:
            for value in re.findall(rf'\b{name}="([^"]*)"', source):
                assert not re.search(r"[^\W\d_]{2,}", value), (template.name, name, value)
        text = re.sub(r"<script.*?</script>|<[^>]*>", " ", source, flags=re.S)
        text = re.sub(r'\s[\w-]+="[^"]*"', " ", text)  # attributes a macro adds to a tag
        words = set(re.findall(r"[^\W\d_]+\w*", unescape(text))) - NOT_WORDS
        assert words == set(), (template.name, words)


def test_every_message_the_desk_templates_ask_for_is_in_both_languages():
    catalogue = i18n.catalogue()
    for template in [*DESK, TEMPLATES / "base.html", TEMPLATES / "error.html"]:
        for key in re.findall(r"""\bt\(['"]([\w.]+)['"]\)""", template.read_text("utf-8")):
            assert catalogue[key].get("vi") and catalogue[key].get("en"), (template.name, key)
    for key, entry in catalogue.items():
        if key.startswith(("error.", "audit.sentence.", "editor.", "draft.")):
            assert entry.get("vi") and entry.get("en"), key


def readable(html: str) -> str:
    """What a person reads on a page: its text and the attributes that are read out."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    said = [unescape(v) for name in READ_ATTRIBUTES
            for v in re.findall(rf'\b{name}="([^"]*)"', html)]
    text = unescape(re.sub(r"<[^>]*>", " ", html))
    return " ".join([text, *said])


def other_language_in(text: str, lang: str) -> list[str]:
    """Catalogue sentences of the other language that a page in ``lang`` shows."""
    other = "en" if lang == "vi" else "vi"
    found = []
    for entry in i18n.catalogue().values():
        foreign, own = entry.get(other, ""), entry.get(lang, "")
        plain = re.split(r"\{\w+\}", foreign)[0].strip()
        if foreign != own and len(plain) >= 12 and plain in text:
            found.append(plain)
    if lang == "vi":
        words = set(re.findall(r"[a-z]+", text))  # lower-case words: not names or codes
        found += sorted(words & ENGLISH)
    return found


@pytest.fixture
def desk(client, desk_store, people):
    """A claim in review (with a note, evidence, a returned draft and a new one), a published
    one, and the client to read them with."""
    for text in ("Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối",
                 "Cầu Rồng ở Đà Nẵng phun lửa mỗi tối thứ Hai"):
        tips.submit(desk_store, text, "zalo 0900", False, [])
    first, second = sorted(queue.listing(desk_store), key=lambda item: item.id)
    for item in (first, second):
        research.add_evidence(desk_store, item.id, "https://www.who.int/x", "Văn bản đã đọc.",
                              people["factchecker"], "WHO")
    research.add_note(desk_store, first.id, "Gọi Bộ Y tế.", people["factchecker"])
    research.assign(desk_store, first.id, people["factchecker"].id, people["editor"])
    returned = review.draft(desk_store, first.id, people["factchecker"], "Chanh", "false", "x")
    review.return_draft(desk_store, returned.id, people["editor"], "Thêm nguồn.")
    review.draft(desk_store, first.id, people["factchecker"], "Chanh", "false", "Giải thích.")
    done = review.draft(desk_store, second.id, people["factchecker"], "Cầu Rồng", "false", "x")
    review.approve(desk_store, done.id, people["editor"], "https://kc.example")
    return client, first, second


PAGES = ["/desk", "/desk?status=published", "/desk/claims/{first}", "/desk/claims/{second}",
         "/desk/review", "/desk/dashboard", "/desk/audit", "/desk/users"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_desk_page_reads_in_one_language(desk, lang):
    client, first, second = desk
    log_in(client, "admin@toasoan.vn")
    client.cookies.set("kc_lang", lang)
    for path in PAGES:
        answer = client.get(path.format(first=first.id, second=second.id))
        assert answer.status_code == 200, path
        assert other_language_in(readable(answer.text), lang) == [], path


def error_paths(client, first, second):
    """Each desk error a person can meet, as (who, method, path, form data)."""
    yield "factchecker", "get", "/desk/claims/99999", None
    yield "factchecker", "get", "/desk/audit", None
    yield "factchecker", "post", "/desk/verdicts/1/review", {"decision": "approve"}
    yield "factchecker", "get", "/desk/factchecks/none/correct", None
    yield "admin", "post", "/desk/verdicts/99999/review", {"decision": "return", "comment": "x"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/status", {"status": "new"}
    yield "factchecker", "post", f"/desk/claims/{second.id}/status", {"status": "new"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/status", {"status": "published"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/status", {"status": "bogus"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/notes", {"body": " "}
    yield "factchecker", "post", f"/desk/claims/{first.id}/evidence", {"url": "ftp://x",
                                                                        "text": "x"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/evidence", {"url": "https://x.vn",
                                                                        "text": ""}
    yield "factchecker", "post", f"/desk/claims/{first.id}/assign", {"assignee": "999"}
    yield "factchecker", "post", f"/desk/claims/{second.id}/verdict", {
        "claim_summary": "x", "rating": "false", "explanation": "x"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/verdict", {
        "claim_summary": "", "rating": "other", "explanation": ""}
    yield "factchecker", "post", f"/desk/claims/{first.id}/verdict", {
        "claim_summary": "x", "rating": "", "explanation": "x"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/verdict", {
        "claim_summary": "x", "rating": "false", "explanation": "x", "appearances": "mailto:x"}
    yield "factchecker", "post", "/desk/users", {"email": "x@toasoan.vn", "role": "admin"}
    yield "admin", "post", "/desk/users", {"email": "khong-phai-email", "role": "editor",
                                           "password": "mat-khau-du-dai"}
    yield "admin", "post", "/desk/users", {"email": "x@toasoan.vn", "role": "editor",
                                           "password": "ngan"}
    yield "factchecker", "post", f"/desk/claims/{first.id}/notes", {"body": "x" * 10_001}
    yield "factchecker", "get", "/desk?page=0", None
    yield None, "post", "/gui-tin", {"text": "  "}
    yield None, "post", "/gui-tin", {"text": "Tin", "contact": "x" * 300}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_desk_error_reads_in_the_interface_language(desk, desk_store, lang):
    client, first, second = desk
    emails = {"factchecker": "kiem.chung@toasoan.vn", "admin": "admin@toasoan.vn"}
    for who, method, path, data in error_paths(client, first, second):
        if who:
            token = log_in(client, emails[who])
        else:
            client.cookies.clear()
            token = csrf_of(client)
        client.cookies.set("kc_lang", lang)
        if method == "get":
            answer = client.get(path)
        else:
            answer = client.post(path, data={**data, "csrf_token": token})
        assert 400 <= answer.status_code < 500, (path, data, answer.status_code)
        shown = readable(answer.text)
        assert other_language_in(shown, lang) == [], (path, data)
        error = re.search(r'class="(?:field-)?error[^"]*"[^>]*>(.*?)</p>', answer.text, re.S)
        assert error and error.group(1).strip(), (path, data)
