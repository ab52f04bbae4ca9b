from pathlib import Path

import pytest

# Fixtures by area, in their own modules.
pytest_plugins = ["fixtures_store", "fixtures_site", "fixtures_desk", "fixtures_browser", "fixtures_channels"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, used as KIEMCHUNG_HOME for the test."""
    path = tmp_path / "home"
    path.mkdir(mode=0o700)  # as Kiểm chứng makes its own: private
    monkeypatch.setenv("KIEMCHUNG_HOME", str(path))
    return path
