from pathlib import Path

import pytest

# Fixtures by area, in their own modules.
pytest_plugins = [
    "fixtures_store",
    "fixtures_site",
    "fixtures_desk",
    "fixtures_browser",
    "fixtures_channels",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_password_hashing: hashes desk passwords at the cost the product uses"
    )


@pytest.fixture(autouse=True)
def cheap_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Desk passwords are hashed with argon2's cheapest parameters (argon2-cffi's own profile for
    tests), as a third of a second per hash and per login adds minutes to the suite; the tests
    marked ``real_password_hashing`` keep the product's cost."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        from argon2 import PasswordHasher
        from argon2.profiles import CHEAPEST

        monkeypatch.setattr(
            "kiemchung.desk.users._hasher", PasswordHasher.from_parameters(CHEAPEST)
        )


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, used as KIEMCHUNG_HOME for the test."""
    path = tmp_path / "home"
    path.mkdir(mode=0o700)  # as Kiểm chứng makes its own: private
    monkeypatch.setenv("KIEMCHUNG_HOME", str(path))
    return path


@pytest.fixture(autouse=True)
def no_screenshots_outside_browser_tests(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence is photographed in Chromium only in the tests marked ``browser``; elsewhere a
    source is archived as a WARC alone, as on an instance without Chromium (and seconds faster)."""
    if request.node.get_closest_marker("browser") is None:
        monkeypatch.setenv("KIEMCHUNG_CHROMIUM", "")
