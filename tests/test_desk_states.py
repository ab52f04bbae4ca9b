"""The workflow's state machine: the status select shows where a claim is, impossible moves are
refused with a reason, and saving the state a claim is in changes nothing."""

import re

import pytest

from fixtures_desk import log_in
from kiemchung.desk import audit, queue, research, review, tips, workflow
from kiemchung.errors import Conflict, InputError


def queued(store, text="Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"):
    tips.submit(store, text, None, False, [])
    return next(item for item in queue.listing(store) if item.text == text)


def in_review(store, people):
    item = queued(store)
    research.add_evidence(store, item.id, "https://who.int/x", "Văn bản", people["editor"])
    review.draft(store, item.id, people["factchecker"], "Tóm tắt", "false", "Giải thích.")
    return item


def test_every_state_has_its_moves_and_every_move_leads_to_a_state():
    assert set(workflow.BY_HAND) == set(workflow.STATES)
    for moves in workflow.BY_HAND.values():
        assert set(moves) <= set(workflow.STATES)
    for starts, target in workflow.BY_WORK.values():
        assert set(starts) <= set(workflow.STATES) and target in workflow.STATES
    assert workflow.choices("in_review") == ("in_review",)
    assert workflow.choices("new")[0] == "new"


def test_a_claim_in_review_cannot_be_sent_back_to_new_by_hand(desk_store, people):
    item = in_review(desk_store, people)
    with pytest.raises(Conflict, match="review"):
        research.set_status(desk_store, item.id, "new", people["factchecker"])
    assert queue.get(desk_store, item.id).status == "in_review"
    assert review.pending(desk_store)  # the draft still waits for its editor


def test_saving_the_state_a_claim_is_in_changes_nothing(desk_store, people):
    item = queued(desk_store)
    before = len(audit.entries(desk_store))
    assert research.set_status(desk_store, item.id, "new", people["factchecker"]) is False
    assert len(audit.entries(desk_store)) == before
    assert research.set_status(desk_store, item.id, "not_checkable", people["factchecker"])
    assert queue.get(desk_store, item.id).status == "not_checkable"
    with pytest.raises(InputError):
        research.set_status(desk_store, item.id, "published", people["factchecker"])


def test_the_status_select_shows_the_real_state_and_offers_only_allowed_moves(client, desk_store,
                                                                              people):
    item = queued(desk_store)
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get(f"/desk/claims/{item.id}").text
    select = re.search(r'<select id="status".*?</select>', page, re.S).group(0)
    assert re.findall(r'value="(\w+)"', select) == ["new", "researching", "not_checkable",
                                                    "duplicate"]
    assert '<option value="new" selected>' in select

    research.add_evidence(desk_store, item.id, "https://who.int/x", "Văn bản", people["editor"])
    review.draft(desk_store, item.id, people["factchecker"], "Tóm tắt", "false", "Giải thích.")
    page = client.get(f"/desk/claims/{item.id}").text
    assert 'id="status"' not in page  # nothing to pick by hand while in review
    assert "Đang chờ duyệt: nhận định rời trạng thái này khi bản kết luận được duyệt hoặc trả " \
        "lại." in page


def test_a_forced_move_out_of_review_is_refused_with_its_reason(client, desk_store, people):
    item = in_review(desk_store, people)
    token = log_in(client, "kiem.chung@toasoan.vn")
    answer = client.post(f"/desk/claims/{item.id}/status",
                         data={"csrf_token": token, "status": "new"})
    assert answer.status_code == 409
    assert "Nhận định đang chờ duyệt: nó rời trạng thái này khi bản kết luận được duyệt hoặc " \
        "trả lại." in answer.text
    assert queue.get(desk_store, item.id).status == "in_review"


def test_saving_the_status_form_unchanged_keeps_the_claim_where_it_is(client, desk_store, people):
    item = queued(desk_store)
    research.assign(desk_store, item.id, people["factchecker"].id, people["factchecker"])
    token = log_in(client, "kiem.chung@toasoan.vn")
    before = len(audit.entries(desk_store))
    answer = client.post(f"/desk/claims/{item.id}/status",
                         data={"csrf_token": token, "status": "researching"},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert queue.get(desk_store, item.id).status == "researching"
    assert len(audit.entries(desk_store)) == before
