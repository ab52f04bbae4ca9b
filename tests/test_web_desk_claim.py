"""The claim page: suggested library matches worth reading, and nothing scored zero."""

from fixtures_desk import csrf_of, log_in
from kiemchung.desk import queue, tips

NEAR = {"url": "https://factcheck.example/sau-rieng-bia", "claim": "Ăn sầu riêng rồi uống bia",
        "rating": "Gây hiểu lầm", "score": 0.41, "matched": False}
NOISE = [{"url": f"https://factcheck.example/{n}", "claim": f"Bài không liên quan {n}",
          "rating": "Sai", "score": 0.0, "matched": False} for n in range(5)]


def test_an_unmatched_claim_lists_no_matches_scored_zero(client, desk_store, people):
    tips.submit(desk_store, "Cầu Rồng ở Đà Nẵng phun lửa mỗi tối thứ Hai", None, False, NOISE)
    item = queue.listing(desk_store)[0]
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get(f"/desk/claims/{item.id}").text
    assert "Bài không liên quan" not in page and "0,00" not in page
    assert "Thư viện chưa có bài kiểm chứng nào khớp với nhận định này." in page


def test_a_near_miss_is_still_offered_to_the_desk(client, desk_store, people):
    tips.submit(desk_store, "Ăn sầu riêng xong uống bia là chết", None, False, [NEAR, *NOISE])
    item = queue.listing(desk_store)[0]
    log_in(client, "kiem.chung@toasoan.vn")
    page = client.get(f"/desk/claims/{item.id}").text
    assert "Ăn sầu riêng rồi uống bia" in page and "0,41" in page
    assert "Bài không liên quan" not in page


def test_a_claim_address_that_is_not_a_number_is_not_found(client, people):
    log_in(client, "kiem.chung@toasoan.vn")
    assert client.get("/desk/claims/abc").status_code == 404
    answer = client.get("/api/v1/claims/abc")
    assert answer.status_code == 404 and answer.json()["error"] == "not found"



def test_an_id_past_what_the_database_holds_is_not_found(client, people):
    log_in(client, "kiem.chung@toasoan.vn")
    huge = "9" * 30
    assert client.get(f"/desk/claims/{huge}").status_code == 404
    assert client.get(f"/api/v1/claims/{huge}").status_code == 404


def test_a_claim_held_by_a_deactivated_user_still_shows_who_holds_it(client, desk_store, people):
    from kiemchung.desk import research, users

    tips.submit(desk_store, "Cầu Rồng phun lửa mỗi tối thứ Hai", None, False, NOISE)
    item = queue.listing(desk_store)[0]
    research.assign(desk_store, item.id, people["factchecker"].id, people["editor"])
    users.deactivate(desk_store, people["factchecker"].email)
    log_in(client, "bien.tap@toasoan.vn")
    page = client.get(f"/desk/claims/{item.id}").text
    assert f'<option value="{people["factchecker"].id}" selected>' in page
    token = csrf_of(client)
    saved = client.post(f"/desk/claims/{item.id}/assign", data={
        "csrf_token": token, "assignee": str(people["factchecker"].id), "topic": "Giao thông"})
    assert saved.status_code in (200, 303)
    held = queue.get(desk_store, item.id)
    assert held.assignee_id == people["factchecker"].id and held.topic == "Giao thông"

