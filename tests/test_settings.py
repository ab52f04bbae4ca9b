import re
from pathlib import Path

import pytest

from kiemchung import settings
from kiemchung.errors import SettingError
from kiemchung.settings import Settings


def test_bad_boolean_gives_a_clear_error(monkeypatch):
    monkeypatch.setenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", "maybe")
    with pytest.raises(SettingError, match="KIEMCHUNG_ALLOW_PRIVATE_HOSTS.*'maybe'.*bool"):
        settings.get("KIEMCHUNG_ALLOW_PRIVATE_HOSTS")


def test_home_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KIEMCHUNG_HOME", str(tmp_path / "data"))
    assert Settings.from_env().home() == tmp_path / "data"
    assert (tmp_path / "data").is_dir()


def test_settings_given_in_code_ignore_the_environment(monkeypatch):
    monkeypatch.setenv("KIEMCHUNG_FETCH_TIMEOUT", "99")
    given = Settings({"KIEMCHUNG_FETCH_TIMEOUT": "5"})
    assert given.get("KIEMCHUNG_FETCH_TIMEOUT") == 5.0
    assert Settings().get("KIEMCHUNG_FETCH_TIMEOUT") == 15.0
    assert given.replace(KIEMCHUNG_FETCH_TIMEOUT="7").get("KIEMCHUNG_FETCH_TIMEOUT") == 7.0
    assert Settings.from_env().get("KIEMCHUNG_FETCH_TIMEOUT") == 99.0


def test_an_unknown_setting_gives_a_clear_error():
    with pytest.raises(SettingError, match="Unknown setting KIEMCHUNG_NOPE"):
        Settings({"KIEMCHUNG_NOPE": "1"})


def test_every_setting_is_documented():
    docs = (Path(__file__).parent.parent / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(KIEMCHUNG_[A-Z_]+)`", docs))
    assert {s.name for s in settings.SETTINGS} <= documented


def test_match_threshold_defaults_to_the_models_own(monkeypatch):
    monkeypatch.delenv("KIEMCHUNG_MATCH_THRESHOLD", raising=False)
    assert settings.get("KIEMCHUNG_MATCH_THRESHOLD") is None
    monkeypatch.setenv("KIEMCHUNG_MATCH_THRESHOLD", "1.5")
    with pytest.raises(SettingError, match="between 0 and 1"):
        settings.get("KIEMCHUNG_MATCH_THRESHOLD")


@pytest.mark.parametrize("name, value, problem", [
    ("KIEMCHUNG_PUBLIC_URL", "kiemchung.example.vn", "http:// or https://"),
    ("KIEMCHUNG_PUBLIC_URL", "https://kiemchung.example.vn/?a=1", "plain base address"),
    ("KIEMCHUNG_TRUSTED_PROXIES", "127.0.0.1, nginx", "addresses or networks"),
    ("KIEMCHUNG_ALLOWED_HOSTS", "https://kiemchung.example.vn", "not a host name"),
])
def test_deployment_settings_say_what_is_wrong(name, value, problem):
    with pytest.raises(SettingError, match=f"{name}.*{re.escape(problem)}"):
        Settings({name: value}).get(name)


def test_deployment_settings_are_read_as_lists():
    from ipaddress import ip_network

    settings = Settings({"KIEMCHUNG_PUBLIC_URL": "https://kiemchung.example.vn/",
                         "KIEMCHUNG_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
                         "KIEMCHUNG_ALLOWED_HOSTS": "KiemChung.example.vn, *.toasoan.vn"})
    assert settings.get("KIEMCHUNG_PUBLIC_URL") == "https://kiemchung.example.vn"
    assert settings.get("KIEMCHUNG_TRUSTED_PROXIES") == (ip_network("127.0.0.1/32"),
                                                         ip_network("10.0.0.0/8"))
    assert settings.get("KIEMCHUNG_ALLOWED_HOSTS") == ("kiemchung.example.vn", "*.toasoan.vn")


def test_a_data_directory_that_is_a_file_says_so(tmp_path):
    taken = tmp_path / "a-file"
    taken.write_text("")
    with pytest.raises(SettingError) as raised:
        settings.Settings({"KIEMCHUNG_HOME": str(taken)}).home()
    assert raised.value.message == f"Data directory {taken} is a file, not a directory."
