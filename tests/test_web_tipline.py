import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from fixtures_desk import csrf_of
from fixtures_work import redis_server, work_env, workers  # noqa: F401  (fixtures)
from kiemchung.web.app import create_app
from kiemchung.web.security import Limit


def test_match_answers_like_the_cli(client):
    body = client.post("/api/v1/match", json={"text": "vac xin covid gay vo sinh o phu nu"}).json()
    assert set(body) == {"id", "matched", "matches"}
    assert body["matched"] is True
    first = body["matches"][0]
    assert set(first) == {"url", "claim", "rating", "score"}
    assert first["url"] == "https://factcheck.example/vac-xin-vo-sinh" and first["rating"] == "Sai"


def test_match_says_what_the_decision_read_when_asked(client):
    body = client.post("/api/v1/match", json={"text": "vac xin covid gay vo sinh o phu nu",
                                              "explain": True}).json()
    why = body["why"]
    assert set(why) == {"confidence", "threshold", "read"}
    assert body["matched"] is (why["confidence"] >= why["threshold"])
    assert any(read.startswith("rare words in common") for read in why["read"])


def test_a_code_read_back_with_spaces_is_found(client):
    code = client.post("/api/v1/tips", json={"text": "Cầu Rồng phun lửa mỗi tối"}).json()["code"]
    spaced = f" {code[:4]} {code[4:].lower()} "
    assert client.get(f"/api/v1/tips/{spaced}").json()["code"] == code


def test_unanswered_tip_is_queued_with_a_code_to_look_up(client):
    tip = client.post("/api/v1/tips", json={"text": "Ăn tỏi sống chữa khỏi COVID-19"})
    assert tip.status_code == 201
    body = tip.json()
    assert body["matched"] is False and body["status"] == "new" and len(body["code"]) == 8
    looked = client.get(f"/api/v1/tips/{body['code'].lower()}").json()
    assert looked["status"] == "new"
    page = client.get("/tra-cuu", params={"code": body["code"]}).text
    assert "Ăn tỏi sống chữa khỏi COVID-19" in page and "Mới" in page


def test_tipline_form_answers_a_known_claim_at_once(client):
    page = client.post("/gui-tin", data={"text": "Vắc xin covid gây vô sinh cho phụ nữ",
                                         "csrf_token": csrf_of(client)})
    assert page.status_code == 200
    assert "Đã có bài kiểm chứng" in page.text
    assert "https://factcheck.example/vac-xin-vo-sinh" in page.text


def test_tipline_form_queues_an_unknown_claim(client):
    page = client.post("/gui-tin", data={"text": "Cầu Rồng phun lửa bằng khí đốt nhập từ Nga",
                                         "contact": "", "csrf_token": csrf_of(client)})
    assert "Mã tra cứu" in page.text and 'id="tip-code"' in page.text


@pytest.mark.sqlite_only  # what is not stored is looked for in the SQLite file itself
def test_tipline_stores_only_text_and_chosen_contact(client, desk_store):
    client.post("/api/v1/tips", json={"text": "Tin đồn mới", "contact": "zalo 0901"},
                headers={"x-forwarded-for": "203.0.113.9", "user-agent": "Secret/1.0"})
    columns = {c["name"] for c in inspect(desk_store.db.engine).get_columns("desk_tips")}
    assert columns == {"id", "code", "text", "contact", "item_id", "matched_url", "created_at"}
    raw = desk_store.db.path.read_bytes()
    assert b"203.0.113.9" not in raw and b"testclient" not in raw and b"Secret/1.0" not in raw


def test_form_without_csrf_token_is_refused(client):
    assert client.post("/gui-tin", data={"text": "x"}).status_code == 403
    client.get("/")
    assert client.post("/gui-tin", data={"text": "x", "csrf_token": "wrong"}).status_code == 403


@pytest.mark.parametrize("payload, status", [
    ({"text": ""}, 422), ({}, 422), ({"text": 5}, 422), ({"text": "x" * 6000}, 422),
    ({"text": "ok", "contact": "c" * 500}, 422),
])
def test_malformed_tips_get_a_clear_4xx(client, payload, status):
    response = client.post("/api/v1/tips", json=payload)
    assert response.status_code == status
    assert response.json()["problems"]


@pytest.mark.parametrize("text, problem", [
    (" \n\t ", "Value error, the text is empty"),
    ("x" * 5001, "String should have at most 5000 characters"),
])
def test_match_refuses_a_blank_or_overlong_text(client, text, problem):
    response = client.post("/api/v1/match", json={"text": text})
    assert response.status_code == 422
    assert response.json()["problems"] == [{"where": "body.text", "problem": problem}]


def test_broken_json_and_oversized_bodies_are_4xx_not_500(client):
    broken = client.post("/api/v1/match", content=b'{"text": ',
                         headers={"content-type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["problems"][0]["where"] == "body, character 9"
    huge = client.post("/api/v1/match", content=b"x" * 2_000_000,
                       headers={"content-type": "application/json"})
    assert huge.status_code == 413
    form = client.post("/gui-tin", data={"text": "y" * 12_000_000})  # past a photo's room
    assert form.status_code == 413
    assert "Nội dung gửi lên quá lớn (tối đa 11 MB)" in form.text  # a page, in words
    login = client.post("/dang-nhap", data={"email": "y" * 1_500_000})
    assert login.status_code == 413 and "(tối đa 1 MB)" in login.text
    long_form = client.post("/gui-tin", data={"text": "y" * 6000, "csrf_token": csrf_of(client)})
    assert long_form.status_code == 400 and "5.000 ký tự" in long_form.text


def test_public_endpoints_are_rate_limited_per_client(desk_store):
    app = create_app(desk_store, limits={"write": Limit(3, 60), "read": Limit(5, 60),
                                         "login": Limit(2, 60)})
    with TestClient(app) as client:
        codes = [client.post("/api/v1/match", json={"text": "vac xin"}).status_code
                 for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        pages = [client.get("/") for _ in range(6)]
        assert pages[-1].status_code == 429
        assert "Quá nhiều yêu cầu: hãy thử lại sau" in pages[-1].text  # a page, in words
        assert pages[-1].headers["content-type"].startswith("text/html")
        assert client.get("/api/v1/health").status_code == 200  # health is never limited
        logins = [client.post("/api/v1/session", json={"email": "a@b.c", "password": "x"})
                  .status_code for _ in range(3)]
        assert logins == [401, 401, 429]


class CountingMatcher:
    """The real matcher, counting the texts it is asked to match."""

    def __init__(self, store):
        from kiemchung.matching.matcher import Matcher

        self.matcher, self.texts = Matcher(store), []

    def match(self, texts, top=5, explain=False):
        self.texts.extend(texts)
        return self.matcher.match(texts, top=top, explain=explain)


def test_a_text_sent_again_is_answered_without_matching_again(desk_store):
    matcher = CountingMatcher(desk_store)
    with TestClient(create_app(desk_store, matcher=matcher, limits={})) as client:
        first = client.post("/api/v1/match", json={"text": "vac xin covid gay vo sinh"}).json()
        again = client.post("/api/v1/match", json={"text": "vac xin covid gay vo sinh"}).json()
        assert again == first and first["matched"] is True
        assert matcher.texts == ["vac xin covid gay vo sinh"]


def test_a_library_change_empties_the_remembered_answers(desk_store):
    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks

    matcher = CountingMatcher(desk_store)
    text = "Cầu Rồng phun lửa bằng khí đốt nhập từ Nga"
    with TestClient(create_app(desk_store, matcher=matcher, limits={})) as client:
        assert client.post("/api/v1/match", json={"text": text}).json()["matched"] is False
        add_factchecks(desk_store, [FactCheck(
            url="https://factcheck.example/cau-rong", rating_text="Sai", rating_label="false",
            claim_reviewed="Cầu Rồng phun lửa bằng khí đốt nhập khẩu từ Nga.", language="vi",
            publisher="Báo Kiểm Chứng Mẫu", date_published="2024-06-01")])
        answer = client.post("/api/v1/match", json={"text": text}).json()
        assert answer["matches"][0]["url"] == "https://factcheck.example/cau-rong"
        assert matcher.texts == [text, text]


def test_a_corrected_rating_is_answered_at_once(desk_store):
    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks

    matcher = CountingMatcher(desk_store)
    text = "vac xin covid gay vo sinh"
    with TestClient(create_app(desk_store, matcher=matcher, limits={})) as client:
        first = client.post("/api/v1/match", json={"text": text}).json()["matches"][0]
        add_factchecks(desk_store, [FactCheck(
            url=first["url"], claim_reviewed=first["claim"], rating_text="Gây hiểu lầm",
            rating_label="misleading", language="vi", publisher="Báo Kiểm Chứng Mẫu",
            date_published="2024-05-01")])
        again = client.post("/api/v1/match", json={"text": text}).json()["matches"][0]
        assert again["url"] == first["url"] and again["rating"] == "Gây hiểu lầm"


def test_warming_loads_the_matcher_before_the_first_reader(desk_store):
    from kiemchung.text.diacritics import _general

    app = create_app(desk_store)
    services = app.state.services
    assert services.matcher is None
    services.warm()
    assert services.matcher is not None and _general.cache_info().currsize == 1
    with TestClient(app) as client:
        body = client.post("/api/v1/match", json={"text": "vac xin covid gay vo sinh"}).json()
    assert body["matched"] is True


def test_readers_at_the_same_moment_are_answered_as_each_would_be_alone(desk_store):
    from concurrent.futures import ThreadPoolExecutor

    from kiemchung.matching.matcher import Matcher

    texts = ["vac xin covid gay vo sinh", "Ăn sầu riêng xong uống bia là chết",
             "Cầu Long Biên khánh thành năm 1902", "Cầu Rồng phun lửa bằng khí đốt",
             "COVID vaccines make women infertile", "Giá xăng tăng gấp đôi từ tuần sau"]
    alone = Matcher(desk_store)
    with TestClient(create_app(desk_store, limits={})) as client, \
            ThreadPoolExecutor(len(texts)) as pool:
        answers = list(pool.map(
            lambda text: client.post("/api/v1/match", json={"text": text}).json(), texts))
    assert answers == [alone.match([text])[0].as_json() for text in texts]


def _library_in_home():
    """The desk's three-entry library in the data directory the workers use."""
    from fixtures_desk import DESK_LIBRARY
    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks
    from kiemchung.store import Store

    store = Store()
    add_factchecks(store, [
        FactCheck(url=url, claim_reviewed=claim, rating_text=text, rating_label=label,
                  language="vi", publisher="Báo Kiểm Chứng Mẫu", date_published="2024-05-01")
        for url, claim, text, label in DESK_LIBRARY])
    return store


def test_with_a_broker_a_worker_matches_and_the_web_app_answers_the_same(
        home, workers, monkeypatch):  # noqa: F811
    from kiemchung.matching.matcher import Matcher

    monkeypatch.setenv("KIEMCHUNG_MATCH_TIMEOUT", "120")  # the worker loads its model first
    store = _library_in_home()
    asked = [{"text": "vac xin covid gay vo sinh o phu nu"},
             {"text": "Cầu Rồng phun lửa bằng khí đốt nhập từ Nga"},
             {"text": "Ăn sầu riêng rồi uống bia", "top": 2},
             {"text": "vac xin covid gay vo sinh o phu nu", "explain": True}]
    workers.start("--queues", "tipline", "--threads", "4")
    app = create_app(store, limits={})
    app.state.services.warm()  # with a broker, nothing to load: the workers hold the encoder
    with TestClient(app) as client:
        answers = [client.post("/api/v1/match", json=body).json() for body in asked]
        page = client.post("/gui-tin", data={"text": "Vắc xin covid gây vô sinh cho phụ nữ",
                                             "csrf_token": csrf_of(client)})
    assert app.state.services.matcher is None  # the web app loaded no encoder
    alone = Matcher(store)
    assert answers == [alone.match([body["text"]], top=body.get("top", 5),
                                   explain=body.get("explain", False))[0].as_json()
                       for body in asked]
    assert answers[0]["matched"] is True and "why" in answers[3]
    assert "Đã có bài kiểm chứng" in page.text and "vac-xin-vo-sinh" in page.text
    store.close()


def test_with_a_broker_and_no_worker_a_reader_gets_a_503_with_one_clear_line(
        home, work_env, monkeypatch):  # noqa: F811
    monkeypatch.setenv("KIEMCHUNG_MATCH_TIMEOUT", "1")
    store = _library_in_home()
    with TestClient(create_app(store, limits={})) as client:
        api = client.post("/api/v1/match", json={"text": "vac xin covid gay vo sinh"})
        page = client.post("/gui-tin", data={"text": "Vắc xin covid gây vô sinh",
                                             "csrf_token": csrf_of(client)})
        english = client.post("/api/v1/tips", json={"text": "Vắc xin covid gây vô sinh"})
    assert api.status_code == 503
    assert api.json()["error"] == (
        "No matching worker answered within 1 s; try again in a moment.")
    assert page.status_code == 503 and "chưa trả lời kịp" in page.text
    assert english.status_code == 503
    store.close()


class ClashingMatcher:
    """Says "matched" with a clash in the pair, as the matcher does for "GDP tăng 6,5%" against
    a fact-check of 5.05%."""

    def match(self, texts, top=5, explain=False):
        from kiemchung.matching.matcher import Match, MatchResult

        first = Match("https://factcheck.example/gdp-2023", "GDP năm 2023 tăng 5,05%.", "Đúng", 0.9)
        return [MatchResult(text, matched=True, matches=[first], confidence=0.48,
                            clashes=["number_clash"]) for text in texts]


def test_a_tip_matched_with_a_clash_goes_to_the_desk_with_the_fact_check_beside_it(desk_store):
    from kiemchung.desk import queue

    with TestClient(create_app(desk_store, matcher=ClashingMatcher(), limits={})) as client:
        tip = client.post("/api/v1/tips", json={"text": "GDP năm 2023 tăng 6,5%"}).json()
        assert client.post("/api/v1/match", json={"text": "GDP năm 2023 tăng 6,5%"}).json()[
            "matched"] is True  # the decision is shown as it is
    assert tip["matched"] is False and tip["status"] == "new" and tip["factcheck_url"] is None
    assert tip["matches"][0]["url"] == "https://factcheck.example/gdp-2023"
    [item] = [i for i in queue.listing(desk_store) if "6,5%" in i.text]
    assert item.repeats == 1


def test_a_broken_upload_is_told_in_the_readers_language(client):
    broken = client.post("/gui-tin", content=b"--x\r\nnot a part",
                         headers={"content-type": "multipart/form-data; boundary=x"})
    assert broken.status_code == 400
    assert "Dữ liệu nhập chưa hợp lệ." in broken.text and "Invalid multipart" not in broken.text
