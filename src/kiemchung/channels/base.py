"""What every platform adapter does, and the outgoing calls they share.

An adapter checks that a webhook really comes from its platform (``verify``), reads the
readers' messages out of it (``messages``), sends a text back (``send``) and fetches a photo a
reader attached (``image``). Every outgoing call goes through the one guarded ``Fetcher``;
tokens in URLs are taken out of any error message before it is raised.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Mapping

import httpx

from ..errors import FetchFailed, Forbidden, KiemchungError
from ..fetch import Fetcher
from ..settings import Settings
from .messages import Incoming


class Platform:
    """One messaging platform, configured from the instance's settings."""

    name: ClassVar[str]
    required: ClassVar[tuple[str, ...]]  # settings that must all be set to switch it on

    def __init__(self, settings: Settings, fetcher: Fetcher | None = None) -> None:
        self.settings = settings
        self.fetcher = fetcher or Fetcher(settings)

    @classmethod
    def configured(cls, settings: Settings) -> bool:
        """True when the platform's first setting is set (the others are then required)."""
        return bool(str(settings.get(cls.required[0])).strip())

    @classmethod
    def missing(cls, settings: Settings) -> list[str]:
        return [name for name in cls.required if not str(settings.get(name)).strip()]

    def setting(self, name: str) -> str:
        return str(self.settings.get(name)).strip()

    def secrets(self) -> list[str]:
        """Values that must never appear in an error message."""
        return [self.setting(name) for name in self.required if self.setting(name)]

    # -- what each adapter implements ---------------------------------------------------------

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """Raise ``Forbidden`` unless the webhook is signed by the platform (headers lower-case)."""
        raise NotImplementedError

    def messages(self, body: bytes) -> list[Incoming]:
        """The readers' messages in a verified webhook body (other events are skipped)."""
        raise NotImplementedError

    def send(self, address: str, text: str, follow_up: bool = False) -> None:
        """Send ``text`` to ``address``; raises ``FetchFailed``/``FetchRefused`` when it fails."""
        raise NotImplementedError

    def image(self, ref: str) -> bytes:
        """The bytes of the photo ``ref`` names (as ``Incoming.image`` gave it)."""
        raise NotImplementedError

    # -- shared helpers -----------------------------------------------------------------------

    def _redacted(self, text: str) -> str:
        for secret in self.secrets():
            text = text.replace(secret, "…")
        return text

    def _post(self, url: str, payload: object, headers: Mapping[str, str] | None = None) -> Any:
        """POST JSON through the guard; the JSON answer, or ``FetchFailed`` (secrets removed)."""
        try:
            response = self.fetcher.post_json(url, payload, headers)
        except httpx.HTTPError as error:
            raise FetchFailed(self._redacted(f"{self.name}: {url} failed: {error}")) from None
        except KiemchungError as error:
            raise type(error)(self._redacted(error.message)) from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code >= 400:
            detail = json.dumps(answer, ensure_ascii=False)[:300] if answer else ""
            raise FetchFailed(
                self._redacted(f"{self.name} answered HTTP {response.status_code} {detail}")
            )
        return answer

    def _get(self, url: str) -> bytes:
        """GET through the guard (robots.txt is not asked: the platform hands the file over)."""
        try:
            return self.fetcher.fetch(url, check_robots=False).content
        except KiemchungError as error:
            raise type(error)(self._redacted(error.message)) from None


def json_body(body: bytes) -> Any:
    """The webhook's JSON; a body that is not usable JSON (nested too deeply, a number or text
    that cannot be kept) is refused like a forged one."""
    from .. import untrusted

    try:
        data = untrusted.loads(body)
    except untrusted.Unreadable:
        raise Forbidden("the webhook body is not JSON") from None
    if untrusted.problem(data) is not None:
        raise Forbidden("the webhook body is not usable JSON") from None
    return data


def field(value: Any, *path: str) -> Any:
    """``value[path[0]][path[1]]…`` where each step is an object holding the key, else None:
    a payload of another shape than documented reads as missing, never as a crash."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def objects(value: Any) -> list[dict[str, Any]]:
    """The objects of a list (what is not one is left out); [] for anything but a list."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
