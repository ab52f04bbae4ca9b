"""The audit log read as sentences, in the reader's language: states, roles and ratings by their
names, claims by their number, people by their name; no codes and no JSON."""

from kiemchung.desk.audit import Entry
from kiemchung.web.audit_text import sentence


def entry(action, subject, **detail):
    return Entry(1, "2026-12-05T10:00:00+00:00", "lan@toasoan.vn", action, subject, detail)


def test_a_status_change_names_the_states():
    moved = entry("claim.status", "claim 12", before="new", after="researching")
    assert sentence(moved, "vi") == "đổi trạng thái nhận định số 12 từ “Mới” sang “Đang xác minh”"
    assert sentence(moved, "en") == "moved claim 12 from “New” to “Researching”"


def test_an_assignment_names_the_person_and_an_unassignment_says_so():
    people = {4: "Lan"}
    assert sentence(entry("claim.assign", "claim 3", assignee=4), "vi", people) == \
        "giao nhận định số 3 cho Lan"
    assert sentence(entry("claim.assign", "claim 3", assignee=None), "en", people) == \
        "unassigned claim 3"


def test_ratings_and_roles_read_in_words():
    assert sentence(entry("factcheck.publish", "nuoc-chanh", rating="false"), "vi") == \
        "đăng bài kiểm chứng nuoc-chanh (“Sai”)"
    assert sentence(entry("user.role", "lan@toasoan.vn", before="factchecker", after="editor"),
                    "en") == "changed the role of lan@toasoan.vn from Fact-checker to Editor"


def test_an_action_without_a_sentence_still_reads_without_json():
    said = sentence(entry("something.new", "claim 5", detail={"a": 1}), "vi")
    assert "{" not in said and "nhận định số 5" in said


def test_a_corrections_fields_read_in_words():
    sent = entry("correction.draft", "nuoc-chanh", verdict=7,
                 fields=["explanation", "rating_label", "claim_reviewed"])
    assert sentence(sent, "vi") == \
        "gửi duyệt đính chính số 7 cho bài nuoc-chanh (giải thích, kết luận, nhận định)"
    assert sentence(sent, "en").endswith("(explanation, verdict, claim)")
