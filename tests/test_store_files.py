"""The data directory is private: the folder 0700, the database and its -wal/-shm 0600, and a
directory left open by an older version is closed with a one-line notice."""

import stat

from kiemchung.settings import Settings
from kiemchung.store import DATABASE_NAME, Store


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_directory_is_readable_only_by_its_owner(tmp_path, capsys):
    home = tmp_path / "nested" / "home"
    store = Store(settings=Settings({"KIEMCHUNG_HOME": str(home)}))
    try:
        with store.db.transaction() as connection:
            store.set_meta(connection, "probe", "1")
        assert mode(home) == 0o700
        written = [p for p in home.iterdir() if p.name.startswith(DATABASE_NAME)]
        assert {p.name for p in written} >= {DATABASE_NAME, DATABASE_NAME + "-wal"}
        assert all(mode(p) == 0o600 for p in written), {p.name: oct(mode(p)) for p in written}
    finally:
        store.close()
    assert "notice" not in capsys.readouterr().err


def test_an_open_data_directory_is_tightened_with_one_notice(tmp_path, capsys):
    home = tmp_path / "home"
    Store(home).close()
    home.chmod(0o755)
    (home / DATABASE_NAME).chmod(0o644)
    (home / "cards").mkdir(mode=0o755)
    (home / "cards" / "a.png").write_bytes(b"png")
    (home / "cards" / "a.png").chmod(0o644)
    Store(home).close()
    assert mode(home) == 0o700 and mode(home / "cards") == 0o700
    assert mode(home / DATABASE_NAME) == 0o600 and mode(home / "cards" / "a.png") == 0o600
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "notice:" in err and str(home) in err
    Store(home).close()
    assert capsys.readouterr().err == ""
