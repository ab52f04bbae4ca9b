"""Reply addresses encrypted at rest (Fernet: AES-128-CBC with an HMAC-SHA256 tag).

The key comes from ``KIEMCHUNG_CHANNEL_KEY``, never from the data directory, so a copy of the
database alone reveals no address. Several keys, comma-separated and newest first, let a key be
rotated: new addresses are sealed with the first, old ones still open with the others.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from ..errors import SettingError
from ..settings import Settings

MISSING = (
    "Messaging channels need KIEMCHUNG_CHANNEL_KEY to encrypt reply addresses "
    "(make one with `kiemchung channels key`)."
)


def new_key() -> str:
    """A fresh key for ``KIEMCHUNG_CHANNEL_KEY``."""
    return Fernet.generate_key().decode("ascii")


class Sealer:
    """Seals and opens reply addresses with the instance's channel key(s)."""

    def __init__(self, settings: Settings) -> None:
        raw = str(settings.get("KIEMCHUNG_CHANNEL_KEY"))
        keys = [part.strip() for part in raw.split(",") if part.strip()]
        if not keys:
            raise SettingError(MISSING)
        try:
            self._fernet = MultiFernet([Fernet(key) for key in keys])
        except ValueError:
            raise SettingError(
                "Setting KIEMCHUNG_CHANNEL_KEY is not a Fernet key (32 url-safe base64-encoded "
                "bytes; make one with `kiemchung channels key`)."
            ) from None

    def seal(self, address: str) -> str:
        """``address`` encrypted; the same address gives a different token every time."""
        return self._fernet.encrypt(address.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str | None:
        """The address sealed in ``token``; None when no key opens it (a retired key)."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            return None
