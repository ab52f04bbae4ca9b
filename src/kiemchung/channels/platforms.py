"""The platforms the tipline can be reached on, by name, and the check made before any starts."""

from __future__ import annotations

from ..errors import SettingError
from ..fetch import Fetcher
from ..settings import Settings
from .base import Platform
from .email import Email
from .messenger import Messenger
from .sealing import Sealer
from .telegram import Telegram
from .zalo import Zalo

PLATFORMS: dict[str, type[Platform]] = {
    "telegram": Telegram,
    "messenger": Messenger,
    "zalo": Zalo,
    "email": Email,  # follow-ups to web-form readers who left an email address
}


def check(settings: Settings) -> list[str]:
    """The names of the switched-on platforms; ``SettingError`` (one line) when one lacks a
    setting it needs, or when any is on without ``KIEMCHUNG_CHANNEL_KEY``."""
    on = [name for name, kind in PLATFORMS.items() if kind.configured(settings)]
    for name in on:
        missing = PLATFORMS[name].missing(settings)
        if missing:
            raise SettingError(f"The {name} channel is on but {missing[0]} is not set.")
    if on:
        Sealer(settings)
    return on


def platforms(settings: Settings, fetcher: Fetcher | None = None) -> dict[str, Platform]:
    """The switched-on platforms, sharing one fetcher."""
    fetcher = fetcher or Fetcher(settings)
    return {name: PLATFORMS[name](settings, fetcher) for name in check(settings)}
