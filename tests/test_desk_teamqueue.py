"""The queue for a team: who has a claim, near-duplicates under one line, pages, and one step
taken on many claims at once."""

import pytest

from kiemchung.desk import audit, queue, research, review, teamqueue, tips
from kiemchung.errors import Conflict, InputError

LEMON = "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối"
LEMON_TOO = "Uống nước chanh nóng mỗi ngày chữa khỏi ung thư gan"
BRIDGE = "Cầu Rồng ở Đà Nẵng phun lửa mỗi tối thứ Hai"
GARLIC = "Ăn tỏi sống mỗi ngày phòng được mọi loại virus"


def queue_of(store, *texts):
    for text in texts:
        tips.submit(store, text, None, False, [])
    by_text = {item.text: item for item in queue.listing(store)}
    return [by_text[text] for text in texts]


def test_near_duplicates_are_listed_under_one_line_with_their_count(desk_store, people):
    lemon, lemon_too, bridge = queue_of(desk_store, LEMON, LEMON_TOO, BRIDGE)
    assert lemon.id != lemon_too.id  # close, not the same claim: two items
    page = teamqueue.page_of(desk_store, teamqueue.Filters(), people["editor"])
    assert page.total == 2
    counts = {group.item.text: group.count for group in page.groups}
    assert counts[BRIDGE] == 1
    lemons = next(group for group in page.groups if group.count == 2)
    assert {lemons.item.id, lemons.similar[0].id} == {lemon.id, lemon_too.id}


def test_a_claim_arriving_after_the_queue_was_read_joins_its_near_duplicate(desk_store, people):
    queue_of(desk_store, LEMON, BRIDGE)
    assert teamqueue.page_of(desk_store, teamqueue.Filters(), people["editor"]).total == 2
    queue_of(desk_store, LEMON_TOO)
    page = teamqueue.page_of(desk_store, teamqueue.Filters(), people["editor"])
    assert page.total == 2
    assert sorted(group.count for group in page.groups) == [1, 2]


def test_the_queue_is_listed_highest_priority_first(desk_store, people):
    queue_of(desk_store, LEMON, BRIDGE, GARLIC, BRIDGE)  # the bridge seen twice
    found = teamqueue.matching(desk_store, teamqueue.Filters(), people["editor"])
    assert [item.text for item in found][0] == BRIDGE and len(found) == 3
    totals = [item.priority.total for item in found]
    assert totals == sorted(totals, reverse=True)
    page = teamqueue.page_of(desk_store, teamqueue.Filters(), people["editor"])
    assert page.groups[0].item.text == BRIDGE


def test_pages_hold_per_page_lines_and_count_them_all(desk_store, people):
    queue_of(desk_store, LEMON, BRIDGE, GARLIC)
    first = teamqueue.page_of(desk_store, teamqueue.Filters(), people["editor"], 1, 2)
    second = teamqueue.page_of(desk_store, teamqueue.Filters(), people["editor"], 2, 2)
    assert (first.total, first.pages, len(first.groups), len(second.groups)) == (3, 2, 2, 1)
    seen = [g.item.id for g in first.groups + second.groups]
    assert len(set(seen)) == 3


def test_mine_and_unassigned(desk_store, people):
    lemon, bridge, garlic = queue_of(desk_store, LEMON, BRIDGE, GARLIC)
    research.assign(desk_store, lemon.id, people["factchecker"].id, people["editor"])
    research.assign(desk_store, bridge.id, people["editor"].id, people["editor"])

    def texts(assignee, who):
        found = teamqueue.matching(desk_store, teamqueue.Filters(assignee=assignee), people[who])
        return {item.text for item in found}

    assert texts("mine", "factchecker") == {LEMON}
    assert texts("none", "factchecker") == {GARLIC}
    assert texts(str(people["editor"].id), "factchecker") == {BRIDGE}
    assert texts("", "factchecker") == {LEMON, BRIDGE, GARLIC}


def test_bulk_assign_and_not_checkable(desk_store, people):
    lemon, bridge, garlic = queue_of(desk_store, LEMON, BRIDGE, GARLIC)
    changed = teamqueue.bulk(desk_store, people["editor"], [lemon.id, bridge.id], "assign",
                             assignee_id=people["factchecker"].id)
    assert changed == 2
    assert {queue.get(desk_store, i).assignee_id for i in (lemon.id, bridge.id)} == \
        {people["factchecker"].id}
    teamqueue.bulk(desk_store, people["editor"], [garlic.id], "not_checkable")
    assert queue.get(desk_store, garlic.id).status == "not_checkable"


def test_bulk_duplicates_keep_the_first_claim(desk_store, people):
    lemon, lemon_too, bridge = queue_of(desk_store, LEMON, LEMON_TOO, BRIDGE)
    assert teamqueue.bulk(desk_store, people["editor"], [lemon.id, lemon_too.id], "duplicate") == 1
    assert queue.get(desk_store, lemon_too.id).duplicate_of == lemon.id
    assert queue.get(desk_store, lemon.id).status == "new"
    with pytest.raises(InputError):
        teamqueue.bulk(desk_store, people["editor"], [bridge.id], "duplicate")


def test_a_refused_claim_in_a_bulk_step_leaves_every_claim_as_it_was(desk_store, people):
    lemon, bridge = queue_of(desk_store, LEMON, BRIDGE)
    research.add_evidence(desk_store, lemon.id, "https://who.int/x", "Văn bản", people["editor"])
    review.draft(desk_store, lemon.id, people["factchecker"], "Chanh", "false", "x")
    before = len(audit.entries(desk_store))
    with pytest.raises(Conflict):
        teamqueue.bulk(desk_store, people["editor"], [bridge.id, lemon.id], "not_checkable")
    assert queue.get(desk_store, bridge.id).status == "new"
    assert len(audit.entries(desk_store)) == before
    with pytest.raises(InputError):
        teamqueue.bulk(desk_store, people["editor"], [], "assign")
    with pytest.raises(InputError):
        teamqueue.bulk(desk_store, people["editor"], [bridge.id], "delete")
