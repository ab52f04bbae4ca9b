"""The command line as a whole: its options, and serve's check before it says it runs."""

import socket

import pytest

from kiemchung import __version__
from kiemchung.cli import main


def test_version_prints_the_release(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"kiemchung {__version__}\n"


def test_serve_on_a_taken_port_is_one_line_before_anything_runs(home, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    out, err = capsys.readouterr()
    assert "running at" not in out + err
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert len(err.strip().splitlines()) == 1


def test_db_copy_names_the_option_a_bad_url_came_from(home, capsys):
    assert main(["db", "copy", "--to", "notaurl"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: --to 'notaurl' is not a database URL "
        "(e.g. postgresql+psycopg://user@host/kiemchung)")


@pytest.mark.parametrize("given", ["--version", "--help"])
def test_root_options_need_no_data_directory(tmp_path, monkeypatch, given):
    monkeypatch.setenv("KIEMCHUNG_HOME", str(tmp_path / "never"))
    assert main([given]) == 0
    assert not (tmp_path / "never").exists()
