import unicodedata

import pytest
import sqlalchemy

from kiemchung.desk import audit, dashboard, publishing, queue, research, review, tips
from kiemchung.errors import Conflict, Forbidden, InputError
from kiemchung.matching.matcher import Matcher


def match_one(store, text):
    # A batch of two: the vector index answers a batch of one in another shape (core bug).
    return Matcher(store).match([text, text])[0]


def queued(store, text="Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"):
    tips.submit(store, text, None, False, [])
    return next(item for item in queue.listing(store) if item.text == text)


def researched(store, people, text=None):
    item = queued(store, *( [text] if text else []))
    research.add_evidence(store, item.id, "https://www.who.int/news-room/fact-sheets/cancer",
                          "Không có thực phẩm nào chữa khỏi ung thư.", people["factchecker"],
                          "WHO: Cancer fact sheet")
    return item


def test_tips_that_say_the_same_thing_share_one_queue_item(desk_store):
    tips.submit(desk_store, "Uống nước chanh nóng chữa được ung thư", None, False, [])
    tips.submit(desk_store, "uong nuoc chanh nong chua duoc ung thu!!", "zalo 0900", False, [])
    tips.submit(desk_store, "Cầu Rồng ở Đà Nẵng phun lửa mỗi tối thứ Hai", None, False, [])
    found = queue.listing(desk_store)
    assert sorted(item.repeats for item in found) == [1, 2]
    assert found[0].repeats == 2  # repeated claims come first, other things equal
    assert found[0].priority.total > found[1].priority.total


def test_claims_from_ingested_documents_join_the_queue_with_their_documents(desk_store):
    from kiemchung.store.schema import claims, documents

    text = "Theo bài đăng, Hà Nội sẽ cấm xe máy từ năm 2025. Thật đáng lo."
    with desk_store.db.transaction() as connection:
        doc = connection.execute(documents.insert().values(
            url="https://news.example/xe-may", title="Cấm xe máy?", text=text,
            content_hash="x" * 64, kind="article", source="news.example",
            published="2024-06-01T08:00:00+07:00",
            ingested_at="2024-06-01T09:00:00+00:00")).inserted_primary_key[0]
        connection.execute(claims.insert().values(document_id=doc, start=13, end=49,
                                                  text=text[13:49], score=0.9))
    assert queue.sync(desk_store) == 1
    assert queue.sync(desk_store) == 0  # nothing twice
    item = queue.listing(desk_store, source="news.example")[0]
    assert item.checkworthiness == 0.9
    shown = queue.appearances(desk_store, item.id)
    assert shown[0].url == "https://news.example/xe-may" and "cấm xe máy" in shown[0].excerpt
    assert not hasattr(shown[0], "byline")  # documents are cited, their authors not profiled
    assert queue.listing(desk_store, source="tipline") == []


def test_ingested_claims_are_in_the_queue_as_soon_as_they_are_written(desk_store, tmp_path):
    from kiemchung.ingest.ingest import ingest

    post = tmp_path / "posts.txt"
    post.write_text("Nghe nói từ tháng sau Hà Nội cấm hoàn toàn xe máy chạy xăng trong nội thành.\n",
                    encoding="utf-8")
    report = ingest(desk_store, [str(post)])
    assert report.added == 1
    assert [item.text for item in queue.listing(desk_store)] != []  # no page had to be opened
    assert queue.sync(desk_store) == 0  # and nothing was left behind for a catch-up


def test_reading_the_queue_writes_nothing(desk_store, people):
    from fastapi.testclient import TestClient

    from fixtures_desk import log_in
    from kiemchung.store.schema import claims, documents
    from kiemchung.web.app import create_app

    def claim_written_behind_the_queues_back(url):  # as a version before 0.3.0 wrote them
        with desk_store.db.transaction() as connection:
            doc = connection.execute(documents.insert().values(
                url=url, title="A", text="Hà Nội cấm xe máy từ 2025.",
                content_hash="z" * 64, kind="article", source="news.example",
                ingested_at="2024-06-01T09:00:00+00:00")).inserted_primary_key[0]
            connection.execute(claims.insert().values(document_id=doc, start=0, end=25,
                                                      text="Hà Nội cấm xe máy từ 2025.",
                                                      score=0.9))

    claim_written_behind_the_queues_back("https://news.example/a")
    with TestClient(create_app(desk_store)) as web:  # the app catches up once, when it starts
        assert len(queue.listing(desk_store)) == 1
        log_in(web, "kiem.chung@toasoan.vn")
        claim_written_behind_the_queues_back("https://news.example/b")
        assert web.get("/desk").status_code == 200
        assert web.get("/api/v1/queue").status_code == 200
    assert queue.listing(desk_store)[0].repeats == 1  # GET pages only read
    create_app(desk_store)
    assert queue.listing(desk_store)[0].repeats == 1  # and the catch-up is not run again
    assert queue.sync(desk_store) == 1  # what an explicit sync still brings in


def test_a_verdict_needs_a_source_and_a_second_editor(desk_store, people):
    item = queued(desk_store)
    with pytest.raises(InputError, match="source"):
        review.draft(desk_store, item.id, people["factchecker"], "Nước chanh chữa ung thư",
                     "false", "Không có bằng chứng.")
    research.add_evidence(desk_store, item.id, "https://www.who.int/x", "Văn bản đã đọc",
                          people["editor"])
    verdict = review.draft(desk_store, item.id, people["editor"], "Nước chanh chữa ung thư",
                           "false", "Không có bằng chứng.")
    assert queue.get(desk_store, item.id).status == "in_review"
    with pytest.raises(Forbidden, match="own draft"):
        review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    with pytest.raises(Forbidden):
        review.approve(desk_store, verdict.id, people["factchecker"], "https://kc.example")
    slug = review.approve(desk_store, verdict.id, people["editor2"], "https://kc.example")
    assert queue.get(desk_store, item.id).status == "published"
    with pytest.raises(Conflict):
        review.approve(desk_store, verdict.id, people["admin"], "https://kc.example")
    assert publishing.by_slug(desk_store, slug).reviewer_name == "Hà"


def test_opinion_is_not_a_rating_the_desk_can_give(desk_store, people):
    item = researched(desk_store, people)
    with pytest.raises(InputError, match="mark the claim not checkable instead") as raised:
        review.draft(desk_store, item.id, people["factchecker"], "Ý kiến", "other", "…")
    assert raised.value.code == "rating_other"


@pytest.mark.parametrize("given", ["mostly-false", "Phần lớn sai", "MOSTLY FALSE", " phần  lớn sai ",
                                   unicodedata.normalize("NFD", "Phần lớn sai")])
def test_a_rating_is_named_by_its_key_or_its_name(desk_store, people, given):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"], "Nước chanh chữa ung thư",
                           given, "Nguồn: Bộ Y tế")
    assert verdict.rating_label == "mostly-false"


def test_an_unknown_rating_lists_the_ones_there_are(desk_store, people):
    item = researched(desk_store, people)
    with pytest.raises(InputError) as raised:
        review.draft(desk_store, item.id, people["factchecker"], "Nước chanh", "Sai bét", "…")
    assert raised.value.message == (
        "unknown rating 'Sai bét': give one of false, mostly-false, misleading, half-true, "
        "mostly-true, true, unproven")


def test_returned_draft_goes_back_to_research_with_the_comment(desk_store, people):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"], "Nước chanh chữa ung thư",
                           "false", "Thiếu nguồn")
    with pytest.raises(InputError):
        review.return_draft(desk_store, verdict.id, people["editor"], "  ")
    review.return_draft(desk_store, verdict.id, people["editor"], "Cần thêm nguồn Bộ Y tế")
    assert queue.get(desk_store, item.id).status == "researching"
    assert review.verdicts_of(desk_store, item.id)[0].review_comment == "Cần thêm nguồn Bộ Y tế"


def test_published_fact_check_joins_the_matching_library_at_once(desk_store, people):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"],
                           "Uống nước chanh nóng chữa khỏi ung thư", "false", "Không đúng.")
    slug = review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    result = match_one(desk_store, "uong nuoc chanh nong chua khoi ung thu")
    assert result.matched
    assert result.matches[0].url == f"https://kc.example/kiem-chung/{slug}"
    assert result.matches[0].rating == "Sai"


def test_claimreview_has_googles_fields_and_a_short_claim(desk_store, people):
    long_claim = ("Uống nước chanh nóng mỗi buổi sáng trong ba tháng liên tục sẽ chữa khỏi "
                  "hoàn toàn mọi loại ung thư giai đoạn cuối mà không cần hóa trị")
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"], long_claim, "false", "x",
                           ["https://social.example/p/1"])
    slug = review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    data = publishing.claimreview(publishing.by_slug(desk_store, slug))
    assert len(data["claimReviewed"]) < 75 and data["claimReviewed"].endswith("…")
    assert data["reviewRating"]["alternateName"] == "Sai"
    assert data["url"] == f"https://kc.example/kiem-chung/{slug}"
    assert data["author"]["name"] and data["itemReviewed"]["datePublished"]
    assert data["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://social.example/p/1"}]
    assert publishing.by_slug(desk_store, slug).claim_reviewed == long_claim  # page keeps it all


def test_corrections_need_a_public_note_and_keep_history(desk_store, people):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"], "Chanh chữa ung thư",
                           "false", "Bản đầu")
    slug = review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    with pytest.raises(InputError, match="note"):
        publishing.correct(desk_store, slug, people["editor"], "", rating_label="mostly-false")
    with pytest.raises(Forbidden):
        publishing.correct(desk_store, slug, people["factchecker"], "x", rating_label="true")
    waiting = publishing.correct(desk_store, slug, people["editor2"], "Sửa mức kết luận theo số "
                                 "liệu mới của Bộ Y tế", rating_label="mostly-false")
    review.approve(desk_store, waiting.awaiting_review, people["editor"], "https://kc.example")
    fc = publishing.by_slug(desk_store, slug)
    assert fc.rating_label == "mostly-false"
    assert [c.before for c in fc.corrections] == [{"rating_label": "false"}]
    assert "Bộ Y tế" in fc.corrections[0].note
    result = match_one(desk_store, "chanh chua ung thu")
    assert result.matches[0].rating == "Phần lớn sai"  # the library follows the correction


def test_audit_log_records_every_step_and_refuses_edits(desk_store, people):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"], "Chanh chữa ung thư",
                           "false", "x")
    review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    actions = [entry.action for entry in audit.entries(desk_store)]
    for action in ("user.add", "evidence.add", "verdict.draft", "verdict.approve",
                   "factcheck.publish"):
        assert action in actions
    with (
        pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"),
        desk_store.db.transaction() as connection,
    ):
        connection.execute(sqlalchemy.text("UPDATE desk_audit SET actor = 'x'"))
    with (
        pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"),
        desk_store.db.transaction() as connection,
    ):
        connection.execute(sqlalchemy.text("DELETE FROM desk_audit"))
    assert audit.export_csv(desk_store).splitlines()[0] == "id,at,actor,action,subject,detail"


def test_evidence_keeps_hash_and_time_of_what_was_read(desk_store, people):
    item = queued(desk_store)
    found = research.add_evidence(desk_store, item.id, "https://moh.gov.vn/a", "Nội dung đã đọc",
                                  people["factchecker"])
    import hashlib

    assert found.sha256 == hashlib.sha256("Nội dung đã đọc".encode()).hexdigest()
    assert found.read_at
    with pytest.raises(InputError):
        research.add_evidence(desk_store, item.id, "javascript:alert(1)", "x",
                              people["factchecker"])


def test_status_and_duplicates(desk_store, people):
    first = queued(desk_store, "Cầu Rồng ở Đà Nẵng phun lửa mỗi tối thứ Hai")
    second = queued(desk_store, "Ăn tỏi sống mỗi ngày phòng được mọi loại virus")
    with pytest.raises(InputError):
        research.set_status(desk_store, first.id, "published", people["factchecker"])
    with pytest.raises(InputError):
        research.set_status(desk_store, first.id, "duplicate", people["factchecker"])
    research.set_status(desk_store, first.id, "duplicate", people["factchecker"], second.id)
    research.set_status(desk_store, second.id, "not_checkable", people["factchecker"])
    assert queue.listing(desk_store) == []
    assert [i.id for i in queue.listing(desk_store, status="duplicate")] == [first.id]


def test_dashboard_counts_and_median(desk_store, people):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"], "Chanh", "false", "x")
    review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    tips.submit(desk_store, "Một tin khác về giá xăng tăng gấp đôi", None, False, [])
    data = dashboard.dashboard(desk_store)
    assert data.by_status["published"] == 1 and data.by_status["new"] == 1
    assert sum(count for _, count in data.tips_per_day) == 2
    assert data.median_hours is not None and data.median_hours >= 0


def test_a_published_claim_takes_new_sources_only_through_a_correction(desk_store, people):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"],
                           "Uống nước chanh nóng chữa khỏi ung thư", "false", "Không đúng.")
    review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    with pytest.raises(Conflict) as raised:
        research.add_evidence(desk_store, item.id, "https://a.example/bai", "Một nguồn khác.",
                              people["factchecker"])
    assert raised.value.code == "published_sources"
    assert len(research.evidence_of(desk_store, item.id)) == 1


@pytest.mark.parametrize("explanation", ["<script>alert(1)</script>", "<p> </p>&nbsp;"])
def test_an_explanation_that_cleans_to_nothing_is_refused(desk_store, people, explanation):
    item = researched(desk_store, people)
    with pytest.raises(InputError) as raised:
        review.draft(desk_store, item.id, people["factchecker"], "Nước chanh chữa ung thư",
                     "false", explanation)
    assert raised.value.code == "explanation"


def test_a_topic_typed_in_decomposed_unicode_is_the_same_topic(desk_store, people):
    item = queued(desk_store)
    research.set_topic(desk_store, item.id, unicodedata.normalize("NFD", " Dân  số "),
                       people["factchecker"])
    [found] = queue.listing(desk_store, topic="Dân số")
    assert found.id == item.id and found.topic == "Dân số"
    assert [i.id for i in queue.listing(desk_store, topic=unicodedata.normalize("NFD", "Dân số"))
            ] == [item.id]


def test_a_correction_that_retypes_the_claim_in_decomposed_unicode_changes_nothing(
        desk_store, people):
    item = researched(desk_store, people)
    verdict = review.draft(desk_store, item.id, people["factchecker"],
                           "Uống nước chanh nóng chữa khỏi ung thư", "false", "Không đúng.")
    slug = review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    with pytest.raises(InputError, match="nothing was changed"):
        publishing.correct(desk_store, slug, people["editor"], "Sửa chính tả",
                           claim_summary=unicodedata.normalize(
                               "NFD", "Uống nước chanh nóng chữa khỏi ung thư"))
