"""Taking people off the desk: deactivating, removing, demoting and resetting end every session
and API token of the user at once; tokens are listed and revoked one by one."""

import pytest

from fixtures_desk import DESK_PASSWORD
from kiemchung.desk import audit, sessions, users
from kiemchung.errors import Conflict, NotFound


@pytest.mark.real_password_hashing
def test_a_password_is_kept_as_an_argon2id_hash_at_the_product_cost_and_checked_at_login(
        desk_store):
    from sqlalchemy import text

    users.add(desk_store, "lan@toasoan.vn", DESK_PASSWORD, "factchecker", "Lan")
    with desk_store.reading() as connection:
        stored = connection.execute(text(
            "SELECT password_hash FROM desk_users WHERE email = 'lan@toasoan.vn'")).scalar_one()
    assert DESK_PASSWORD not in stored
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # argon2-cffi's RFC 9106 default
    assert users.authenticate(desk_store, "lan@toasoan.vn", DESK_PASSWORD) is not None
    assert users.authenticate(desk_store, "lan@toasoan.vn", DESK_PASSWORD + "x") is None


def test_removing_a_user_ends_their_sessions_and_tokens_and_frees_the_address(desk_store,
                                                                               people):
    lan = people["factchecker"]
    session = sessions.start(desk_store, lan)
    token = users.create_token(desk_store, lan.email)
    users.remove(desk_store, lan.email, actor="admin@toasoan.vn")
    assert sessions.resolve(desk_store, session.token) is None
    assert users.user_for_token(desk_store, token) is None
    assert users.authenticate(desk_store, lan.email, DESK_PASSWORD) is None
    with pytest.raises(NotFound):
        users.activate(desk_store, lan.email)  # removal is for good
    assert lan.email not in [u.email for u in users.all_users(desk_store)
                             + users.deactivated_users(desk_store)]
    again = users.add(desk_store, lan.email, DESK_PASSWORD, "factchecker", "Lan")
    assert again.id != lan.id  # a new account, nothing of the old one's access
    entry = audit.entries(desk_store, 5)[1]
    assert (entry.action, entry.subject, entry.detail) == (
        "user.remove", lan.email, {"sessions": 1, "tokens": 1})


def test_a_deactivated_user_cannot_log_in_until_activated(desk_store, people):
    minh = people["editor"]
    session = sessions.start(desk_store, minh)
    token = users.create_token(desk_store, minh.email)
    users.deactivate(desk_store, minh.email)
    assert sessions.resolve(desk_store, session.token) is None
    assert users.user_for_token(desk_store, token) is None
    assert users.authenticate(desk_store, minh.email, DESK_PASSWORD) is None
    assert [u.email for u in users.deactivated_users(desk_store)] == [minh.email]
    users.activate(desk_store, minh.email)
    assert users.authenticate(desk_store, minh.email, DESK_PASSWORD) is not None
    assert users.user_for_token(desk_store, token) is None  # old tokens stay revoked


@pytest.mark.parametrize("change", ["role", "password"])
def test_a_role_change_or_password_reset_ends_sessions_and_tokens(desk_store, people, change):
    minh = people["editor"]
    session = sessions.start(desk_store, minh)
    token = users.create_token(desk_store, minh.email)
    if change == "role":
        users.set_role(desk_store, minh.email, "factchecker", actor="admin@toasoan.vn")
    else:
        users.reset_password(desk_store, minh.email, "mot-mat-khau-moi-dai")
    assert sessions.resolve(desk_store, session.token) is None
    assert users.user_for_token(desk_store, token) is None


def test_the_last_admin_cannot_be_removed_deactivated_or_demoted(desk_store, people):
    for take_off in (users.remove, users.deactivate,
                     lambda store, email: users.set_role(store, email, "editor", "cli")):
        with pytest.raises(Conflict, match="last admin"):
            take_off(desk_store, "admin@toasoan.vn")
    users.set_role(desk_store, "bien.tap@toasoan.vn", "admin", "cli")
    users.remove(desk_store, "admin@toasoan.vn")
    assert [u.email for u in users.all_users(desk_store) if u.role == "admin"] == [
        "bien.tap@toasoan.vn"]


def test_one_token_is_revoked_and_the_others_keep_working(desk_store, people):
    email = people["factchecker"].email
    first = users.create_token(desk_store, email, "ci")
    second = users.create_token(desk_store, email, "sheet")
    listed = users.tokens(desk_store, email)
    assert [(t.name, t.revoked_at) for t in listed] == [("sheet", None), ("ci", None)]
    with pytest.raises(NotFound):  # another user's token is not theirs to revoke
        users.revoke_token(desk_store, listed[1].id, "bien.tap@toasoan.vn",
                           owner="bien.tap@toasoan.vn")
    users.revoke_token(desk_store, listed[1].id, actor=email, owner=email)
    assert users.user_for_token(desk_store, first) is None
    assert users.user_for_token(desk_store, second).email == email
    assert users.tokens(desk_store, email)[1].revoked_at is not None
    assert users.revoke_tokens(desk_store, email) == 1
    assert users.user_for_token(desk_store, second) is None


def test_an_ended_or_expired_session_is_gone(desk_store, people, monkeypatch):
    from datetime import timedelta

    from kiemchung import clock

    session = sessions.start(desk_store, people["editor"])
    assert sessions.resolve(desk_store, session.token).user.email == "bien.tap@toasoan.vn"
    sessions.end(desk_store, session.token)
    assert sessions.resolve(desk_store, session.token) is None
    later = sessions.start(desk_store, people["editor"])
    real_now = clock.now
    monkeypatch.setattr(sessions, "now", lambda: real_now() + timedelta(hours=12, seconds=1))
    assert sessions.resolve(desk_store, later.token) is None


@pytest.mark.sqlite_only  # a SQLite data directory of an earlier release
def test_a_desk_made_before_server_side_sessions_keeps_its_users_and_tokens(tmp_path):
    """A data directory at the desk's first migration (0002) upgrades in place: its users log
    in, its tokens work, its verdicts read as first verdicts (no correction note)."""
    import hashlib

    from alembic import command
    from sqlalchemy import create_engine, text

    from kiemchung.desk import review
    from kiemchung.desk.users import _hasher
    from kiemchung.store import DATABASE_NAME, Store
    from kiemchung.store.database import alembic_config, sqlite_url

    engine = create_engine(sqlite_url(tmp_path / DATABASE_NAME))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(text(
            "INSERT INTO desk_users (id, email, name, role, password_hash, session_version,"
            " active, created_at) VALUES (1, 'lan@toasoan.vn', 'Lan', 'editor', :hash, 3, 1,"
            " '2026-01-01T00:00:00+00:00')"), {"hash": _hasher.hash(DESK_PASSWORD)})
        connection.execute(text(
            "INSERT INTO desk_api_tokens (user_id, token_hash, name, created_at) VALUES"
            " (1, :hash, 'ci', '2026-01-01T00:00:00+00:00')"),
            {"hash": hashlib.sha256(b"kc_old-token").hexdigest()})
        connection.execute(text(
            "INSERT INTO desk_items (id, text, group_key, status, first_seen, last_seen) VALUES"
            " (1, 'x', 'x', 'in_review', '2026-01-01', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO desk_verdicts (id, item_id, author_id, claim_summary, rating_label,"
            " explanation, state, created_at) VALUES (1, 1, 1, 'x', 'false', '<p>x</p>',"
            " 'submitted', '2026-01-01')"))
    engine.dispose()
    store = Store(tmp_path)
    try:
        lan = users.authenticate(store, "lan@toasoan.vn", DESK_PASSWORD)
        assert lan is not None
        assert sessions.resolve(store, sessions.start(store, lan).token).user.id == 1
        assert users.user_for_token(store, "kc_old-token").email == "lan@toasoan.vn"
        assert review.get_verdict(store, 1).correction_note is None
        users.remove(store, "lan@toasoan.vn")
        assert users.user_for_token(store, "kc_old-token") is None
    finally:
        store.close()
