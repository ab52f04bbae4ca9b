"""Every setting of Kiểm chứng in one table, read from the environment in one place.

``SETTINGS`` lists name, default and help; ``get(name)`` casts and validates. The docs test
fails when a setting here is missing from docs/settings.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import SettingError


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    cast: Callable[[str], object] = str


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("not a valid bool (use 1/0, true/false, yes/no)")


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError("must be greater than 0")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be greater than 0")
    return number


def _default_home() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "kiemchung")


SETTINGS: tuple[Setting, ...] = (
    Setting("KIEMCHUNG_HOME", "", "Data directory holding the SQLite database and index files "
            "(default: $XDG_DATA_HOME/kiemchung or ~/.local/share/kiemchung)."),
    Setting("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", "0", "Allow fetching private, loopback and "
            "link-local addresses (only for tests and intranet sources).", _bool),
    Setting("KIEMCHUNG_FETCH_TIMEOUT", "15", "Seconds before a fetch gives up.", _positive_float),
    Setting("KIEMCHUNG_FETCH_MAX_BYTES", "5000000", "Largest response body accepted, in bytes.",
            _positive_int),
    Setting("KIEMCHUNG_FETCH_MAX_REDIRECTS", "5", "Most redirects followed for one fetch.",
            _positive_int),
    Setting("KIEMCHUNG_USER_AGENT", "KiemChungBot/0.1 (+https://github.com/kiemchung/kiemchung)",
            "User-Agent sent with every fetch and matched against robots.txt."),
    Setting("KIEMCHUNG_MATCH_THRESHOLD", "0.5", "Probability above which the first match is "
            "declared the same claim (the calibrated decision).", float),
    Setting("KIEMCHUNG_CLAIM_THRESHOLD", "0.5", "Score above which a sentence is reported as a "
            "check-worthy claim.", float),
    Setting("KIEMCHUNG_SECRET_KEY", "", "Secret for session cookies of the web app (generated and "
            "kept in the data directory when empty)."),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def get(name: str) -> object:
    """The value of setting ``name``: the environment's if set, else the default, cast."""
    setting = _BY_NAME[name]
    raw = os.environ.get(name, setting.default)
    try:
        return setting.cast(raw)
    except ValueError as error:
        raise SettingError(f"Setting {name} has value {raw!r}: {error}.") from None


def home() -> Path:
    """The data directory, created on first use."""
    value = str(get("KIEMCHUNG_HOME")) or _default_home()
    path = Path(value).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingError(f"Data directory {path} cannot be created: {error.strerror}.") from None
    return path
