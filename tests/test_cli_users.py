"""``kiemchung users``: deactivating, removing and revoking from the command line end access at
once; a wrong address or token is one line and exit code 1."""

from kiemchung.cli import main
from kiemchung.desk import users
from kiemchung.store import Store

PASSWORD = "mat-khau-rat-dai"


def _store(tmp_path):
    return Store(tmp_path)


def test_deactivate_activate_and_remove(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIEMCHUNG_HOME", str(tmp_path))
    assert main(["users", "add", "admin@toasoan.vn", "--role", "admin", "--password",
                 PASSWORD]) == 0
    assert main(["users", "add", "lan@toasoan.vn", "--password", PASSWORD]) == 0
    assert main(["users", "token", "lan@toasoan.vn"]) == 0
    token = capsys.readouterr().out.strip()
    assert main(["users", "deactivate", "lan@toasoan.vn"]) == 0
    store = _store(tmp_path)
    try:
        assert users.user_for_token(store, token) is None
        assert users.authenticate(store, "lan@toasoan.vn", PASSWORD) is None
    finally:
        store.close()
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert "lan@toasoan.vn\tfactchecker\tlan\tdeactivated" in capsys.readouterr().out
    assert main(["users", "activate", "lan@toasoan.vn"]) == 0
    assert main(["users", "remove", "lan@toasoan.vn"]) == 0
    assert main(["users", "activate", "lan@toasoan.vn"]) == 1
    assert main(["users", "remove", "admin@toasoan.vn"]) == 1
    err = capsys.readouterr().err
    assert "no user lan@toasoan.vn" in err and "last admin" in err
    assert main(["users", "list"]) == 0
    assert "lan@" not in capsys.readouterr().out


def test_tokens_are_listed_and_revoked(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIEMCHUNG_HOME", str(tmp_path))
    assert main(["users", "add", "lan@toasoan.vn", "--password", PASSWORD]) == 0
    main(["users", "token", "lan@toasoan.vn", "--name", "ci"])
    main(["users", "token", "lan@toasoan.vn", "--name", "sheet"])
    ci, sheet = capsys.readouterr().out.split()
    assert main(["users", "tokens", "list", "lan@toasoan.vn"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(row[2], row[4]) for row in rows] == [("sheet", "active"), ("ci", "active")]
    assert main(["users", "tokens", "revoke", rows[1][0]]) == 0
    assert main(["users", "tokens", "revoke", "999"]) == 1
    assert main(["users", "tokens", "revoke"]) == 1
    assert "either a token id or --all" in capsys.readouterr().err
    store = _store(tmp_path)
    try:
        assert users.user_for_token(store, ci) is None
        assert users.user_for_token(store, sheet) is not None
        assert main(["users", "tokens", "revoke", "--all", "lan@toasoan.vn"]) == 0
        assert users.user_for_token(store, sheet) is None
    finally:
        store.close()
