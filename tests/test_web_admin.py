"""The desk's users page: an admin deactivates, activates and removes people; everyone sees and
revokes their own API tokens (an admin, anyone's); each ends access at once."""

from fastapi.testclient import TestClient

from fixtures_desk import log_in
from kiemchung.desk import users


def test_an_admin_takes_someone_off_the_desk_from_the_users_page(client, web_app, people):
    with TestClient(web_app) as lan:
        log_in(lan, "kiem.chung@toasoan.vn")
        assert lan.get("/desk").status_code == 200
        token = log_in(client, "admin@toasoan.vn")
        page = client.get("/desk/users").text
        assert 'action="/desk/users/remove"' in page and 'action="/desk/users/deactivate"' in page
        client.post("/desk/users/deactivate", data={"csrf_token": token,
                                                    "email": "kiem.chung@toasoan.vn"})
        assert lan.get("/desk", follow_redirects=False).status_code == 303  # ended at once
        page = client.get("/desk/users").text
        assert 'action="/desk/users/activate"' in page and "kiem.chung@toasoan.vn" in page
        client.post("/desk/users/activate", data={"csrf_token": token,
                                                  "email": "kiem.chung@toasoan.vn"})
        log_in(lan, "kiem.chung@toasoan.vn")
        client.post("/desk/users/remove", data={"csrf_token": token,
                                                "email": "kiem.chung@toasoan.vn"})
        assert lan.get("/api/v1/queue").status_code == 401
    assert "kiem.chung@toasoan.vn" not in client.get("/desk/users").text
    last = client.post("/desk/users/remove", data={"csrf_token": token,
                                                   "email": "admin@toasoan.vn"})
    assert last.status_code == 409  # the desk keeps an admin


def test_everyone_revokes_their_own_tokens_and_only_an_admin_anyones(client, desk_store, people):
    mine = users.create_token(desk_store, "kiem.chung@toasoan.vn", "bang-tinh")
    theirs = users.create_token(desk_store, "bien.tap@toasoan.vn", "ci")
    token = log_in(client, "kiem.chung@toasoan.vn")
    page = client.get("/desk/users").text
    assert "bang-tinh" in page and ">ci<" not in page  # only one's own tokens
    ids = {t.email: t.id for t in users.tokens(desk_store)}
    refused = client.post("/desk/tokens/revoke", data={"csrf_token": token,
                                                       "token_id": ids["bien.tap@toasoan.vn"]})
    assert refused.status_code == 404
    assert users.user_for_token(desk_store, theirs) is not None
    client.post("/desk/tokens/revoke", data={"csrf_token": token,
                                             "token_id": ids["kiem.chung@toasoan.vn"]})
    assert users.user_for_token(desk_store, mine) is None
    token = log_in(client, "admin@toasoan.vn")
    client.post("/desk/tokens/revoke", data={"csrf_token": token,
                                             "token_id": ids["bien.tap@toasoan.vn"]})
    assert users.user_for_token(desk_store, theirs) is None
    assert client.get("/api/v1/queue", headers={"authorization": f"Bearer {theirs}"}
                      ).status_code == 401


def test_an_admin_is_offered_no_button_that_ends_their_own_access(client, people):
    import re

    log_in(client, "admin@toasoan.vn")
    page = client.get("/desk/users").text
    own = re.search(r"<tr><td>admin@toasoan\.vn</td>.*?</tr>", page, re.S).group(0)
    other = re.search(r"<tr><td>kiem\.chung@toasoan\.vn</td>.*?</tr>", page, re.S).group(0)
    assert "/desk/users/deactivate" not in own and "/desk/users/remove" not in own
    assert "/desk/users/deactivate" in other and "/desk/users/remove" in other
