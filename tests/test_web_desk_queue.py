"""The queue page and GET /api/v1/queue: pages, filters kept in the URL, the assignee column,
near-duplicates grouped, bulk actions, the keyboard shortcuts written on the page."""

import re
from html import unescape

import pytest

from fixtures_desk import log_in
from kiemchung.desk import queue, research, tips

TEXTS = ["Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối",
         "Cầu Rồng ở Đà Nẵng phun lửa mỗi tối thứ Hai",
         "Ăn tỏi sống mỗi ngày phòng được mọi loại virus"]


def filled(store):
    for text in TEXTS:
        tips.submit(store, text, None, False, [])
    return sorted(queue.listing(store), key=lambda item: item.id)


def rows(html):
    return re.findall(r'<tr data-href="/desk/claims/(\d+)">', html)


def test_the_queue_pages_and_its_links_keep_the_filters(client, desk_store, people):
    filled(desk_store)
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get("/desk?per_page=2&source=tipline&assignee=none").text
    assert len(rows(page)) == 2
    nxt = unescape(re.search(r'<a href="([^"]+)" rel="next">', page).group(1))
    assert nxt == "/desk?source=tipline&assignee=none&per_page=2&page=2"
    second = client.get(nxt).text
    assert len(rows(second)) == 1 and 'rel="prev"' in second
    assert set(rows(page)) | set(rows(second)) == {str(i.id) for i in queue.listing(desk_store)}
    assert '<option value="none" selected>' in page  # the filter shows what it holds
    assert "<kbd>j</kbd>" in page and "<kbd>Enter</kbd>" in page


def test_the_assignee_column_and_mine(client, desk_store, people):
    lemon, bridge, garlic = filled(desk_store)
    research.assign(desk_store, lemon.id, people["factchecker"].id, people["editor"])
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get("/desk").text
    cell = re.search(rf'/desk/claims/{lemon.id}">.*?<td class="assignee"[^>]*>(.*?)</td>', page,
                     re.S).group(1)
    assert cell == "Lan"
    assert rows(client.get("/desk?assignee=mine").text) == [str(lemon.id)]


def test_near_duplicates_show_under_one_line(client, desk_store, people):
    filled(desk_store)
    tips.submit(desk_store, "Uống nước chanh nóng mỗi ngày chữa khỏi ung thư gan", None, False, [])
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get("/desk").text
    assert len(rows(page)) == 3
    assert "Nhận định gần giống: 1" in page


def test_bulk_actions_from_the_queue_return_to_the_same_page(client, desk_store, people):
    lemon, bridge, garlic = filled(desk_store)
    token = log_in(client, "bien.tap@toasoan.vn")
    answer = client.post("/desk/bulk", data={
        "csrf_token": token, "action": "assign", "assignee": str(people["factchecker"].id),
        "ids": [str(lemon.id), str(bridge.id)], "back": "source=tipline&per_page=2"},
        follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/desk?source=tipline&per_page=2"
    assert queue.get(desk_store, bridge.id).assignee_id == people["factchecker"].id
    answer = client.post("/desk/bulk", data={
        "csrf_token": token, "action": "not_checkable", "ids": [str(garlic.id)], "back": ""},
        follow_redirects=False)
    assert queue.get(desk_store, garlic.id).status == "not_checkable"
    refused = client.post("/desk/bulk", data={"csrf_token": token, "action": "assign",
                                              "back": "source=tipline"})
    assert refused.status_code == 400
    assert "Hãy chọn ít nhất một nhận định." in refused.text
    assert client.post("/desk/bulk", data={"csrf_token": "forged", "action": "assign",
                                           "ids": [str(lemon.id)]}).status_code == 403


def test_the_api_queue_pages_and_refuses_an_unknown_status(client, desk_store, people):
    filled(desk_store)
    log_in(client, "kiem.chung@toasoan.vn")
    first = client.get("/api/v1/queue?per_page=2").json()
    second = client.get("/api/v1/queue?per_page=2&page=2").json()
    assert (len(first["items"]), len(second["items"])) == (2, 1)
    assert (first["total"], first["pages"], second["page"]) == (3, 2, 2)
    assert "assignee_id" in first["items"][0]
    assert {i["id"] for i in first["items"] + second["items"]} == \
        {i.id for i in queue.listing(desk_store)}
    assert client.get("/api/v1/queue?status=bogus").status_code == 422
    assert client.get("/api/v1/queue?per_page=0").status_code == 422
    assert client.get("/api/v1/queue?status=new&assignee=none").json()["total"] == 3


@pytest.mark.parametrize("query", ["since=abc", "until=2025-13-45", "since=2025-1-5"])
def test_a_date_filter_the_queue_cannot_read_is_said_not_ignored(client, people, query):
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get(f"/desk?{query}")
    assert page.status_code == 400 and "Dữ liệu nhập chưa hợp lệ." in page.text


def test_a_status_filter_no_claim_can_have_is_said_not_ignored(client, people):
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get("/desk?status=bogus")
    assert page.status_code == 400 and "bogus" in page.text
    assert client.get("/desk?status=new").status_code == 200
