"""Corrections: a change of verdict (the rating, or the claim's words) waits for a second
editor like the verdict did; a fix of wording is published at once and logged; two editors
approving the same draft at once get one publication and one clear refusal."""

import threading

import pytest

from kiemchung.desk import audit, publishing, queue, research, review, tips
from kiemchung.errors import Conflict, Forbidden

CLAIM = "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"


def draft(store, people, text=CLAIM):
    tips.submit(store, text, None, False, [])
    item = next(i for i in queue.listing(store) if i.text == text)
    research.add_evidence(store, item.id, "https://www.who.int/news-room/fact-sheets/cancer",
                          "Không có thực phẩm nào chữa khỏi ung thư.", people["factchecker"])
    return review.draft(store, item.id, people["factchecker"], text, "false", "Bản đầu.")


def published(store, people):
    return review.approve(store, draft(store, people).id, people["editor"], "https://kc.example")


def test_a_rating_change_waits_for_a_second_editor(desk_store, people):
    slug = published(desk_store, people)
    fc = publishing.correct(desk_store, slug, people["editor"], "Theo số liệu mới của Bộ Y tế",
                            rating_label="true")
    assert fc.awaiting_review is not None
    page = publishing.by_slug(desk_store, slug)
    assert page.rating_label == "false" and page.corrections == []  # nothing changed yet
    waiting = review.pending(desk_store)
    assert [(v.id, v.rating_label, v.correction_note) for v in waiting] == [
        (fc.awaiting_review, "true", "Theo số liệu mới của Bộ Y tế")]
    with pytest.raises(Forbidden, match="own"):
        review.approve(desk_store, fc.awaiting_review, people["editor"], "https://kc.example")
    assert review.approve(desk_store, fc.awaiting_review, people["editor2"],
                          "https://kc.example") == slug
    page = publishing.by_slug(desk_store, slug)
    assert page.rating_label == "true"
    assert [(c.note, c.before, c.editor) for c in page.corrections] == [
        ("Theo số liệu mới của Bộ Y tế", {"rating_label": "false"}, "Minh")]
    assert queue.get(desk_store, page.item_id).status == "published"
    actions = [(e.actor, e.action) for e in audit.entries(desk_store, 2)]
    assert actions == [("bien.tap2@toasoan.vn", "factcheck.correct"),
                       ("bien.tap@toasoan.vn", "correction.draft")]


def test_a_returned_correction_leaves_the_page_as_it_was(desk_store, people):
    slug = published(desk_store, people)
    fc = publishing.correct(desk_store, slug, people["editor2"], "Đổi kết luận",
                            rating_label="mostly-true")
    review.return_draft(desk_store, fc.awaiting_review, people["editor"], "Chưa đủ nguồn")
    page = publishing.by_slug(desk_store, slug)
    assert page.rating_label == "false"
    assert queue.get(desk_store, page.item_id).status == "published"
    assert review.pending(desk_store) == []


@pytest.mark.parametrize("summary, reviewed", [
    ("Uống nước chanh nóng mỗi sáng KHÔNG chữa khỏi ung thư giai đoạn cuối", True),
    ("Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn đầu", True),
    ("Uống nuoc chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối", True),  # a tone mark
    ("uống nước chanh nóng, mỗi sáng, chữa khỏi ung thư giai đoạn cuối.", False),
])
def test_the_claim_changing_its_words_needs_review_and_its_punctuation_does_not(
        desk_store, people, summary, reviewed):
    slug = published(desk_store, people)
    fc = publishing.correct(desk_store, slug, people["editor"], "Sửa câu chữ",
                            claim_summary=summary)
    assert (fc.awaiting_review is not None) == reviewed
    assert (publishing.by_slug(desk_store, slug).claim_reviewed == summary) != reviewed


def test_a_fix_of_the_explanation_is_published_at_once_and_logged(desk_store, people):
    slug = published(desk_store, people)
    fc = publishing.correct(desk_store, slug, people["editor"], "Sửa lỗi chính tả",
                            explanation="Bản đầu, đã sửa chính tả.")
    assert fc.awaiting_review is None and "đã sửa chính tả" in fc.explanation
    entry = audit.entries(desk_store, 1)[0]
    assert (entry.actor, entry.action, entry.detail) == (
        "bien.tap@toasoan.vn", "factcheck.correct", {"fields": ["explanation"], "review": "none"})


def test_a_wording_fix_made_while_a_correction_waits_is_kept_when_it_is_approved(desk_store,
                                                                                 people):
    slug = published(desk_store, people)
    waiting = publishing.correct(desk_store, slug, people["editor"], "Đổi kết luận",
                                 rating_label="misleading").awaiting_review
    publishing.correct(desk_store, slug, people["editor2"], "Chính tả",
                       explanation="Bản đầu tiên.")
    review.approve(desk_store, waiting, people["editor2"], "https://kc.example")
    page = publishing.by_slug(desk_store, slug)
    assert page.rating_label == "misleading" and "Bản đầu tiên." in page.explanation


def test_approving_from_a_stale_page_is_a_conflict_not_a_crash(desk_store, people):
    verdict = draft(desk_store, people)
    stale = review.get_verdict(desk_store, verdict.id)  # what a second editor's page showed
    review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    with pytest.raises(Conflict, match="no longer waiting"):
        publishing.publish(desk_store, stale, people["editor2"], "https://kc.example", None)
    assert publishing.count(desk_store) == 1


def test_two_editors_approving_at_once_publish_once(desk_store, people):
    verdict = draft(desk_store, people)
    start = threading.Barrier(2)
    outcomes = []

    def approve(editor):
        start.wait()
        try:
            outcomes.append(review.approve(desk_store, verdict.id, editor, "https://kc.example"))
        except Conflict as error:
            outcomes.append(error)

    threads = [threading.Thread(target=approve, args=(people[who],))
               for who in ("editor", "editor2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(outcomes) == 2
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    assert publishing.count(desk_store) == 1
    assert [e.action for e in audit.entries(desk_store, 10)].count("factcheck.publish") == 1


def test_a_returned_correction_reopens_as_it_was_sent(desk_store, people):
    from kiemchung.desk import corrections

    slug = published(desk_store, people)
    fc = publishing.correct(desk_store, slug, people["editor"], "Theo số liệu mới của Bộ Y tế",
                            rating_label="misleading")
    assert corrections.draft_of(desk_store, publishing.by_slug(desk_store, slug)) is None
    review.return_draft(desk_store, fc.awaiting_review, people["editor2"], "Cần nguồn rõ hơn")
    reopened = corrections.draft_of(desk_store, publishing.by_slug(desk_store, slug))
    assert (reopened.rating_label, reopened.note) == ("misleading", "Theo số liệu mới của Bộ Y tế")
    assert publishing.by_slug(desk_store, slug).rating_label == "false"  # the page is as it was


def test_a_returned_correction_leaves_a_newer_draft_alone(desk_store, people):
    from kiemchung.desk import corrections

    slug = published(desk_store, people)
    fc = publishing.correct(desk_store, slug, people["editor"], "Theo số liệu mới",
                            rating_label="misleading")
    page = publishing.by_slug(desk_store, slug)
    corrections.save_draft(desk_store, page, people["editor"], CLAIM, "true", "Mới", "Bản khác")
    review.return_draft(desk_store, fc.awaiting_review, people["editor2"], "Cần nguồn rõ hơn")
    assert corrections.draft_of(desk_store, page).note == "Bản khác"
