"""Telegram (Bot API): webhooks checked by the secret token Telegram echoes in
``X-Telegram-Bot-Api-Secret-Token``, replies by ``sendMessage``, photos by ``getFile``.

https://core.telegram.org/bots/api#setwebhook and #getfile
"""

from __future__ import annotations

import hmac
from typing import Any, Mapping

from ..errors import FetchFailed, Forbidden
from .base import Platform, field, json_body, objects
from .messages import Incoming

HEADER = "x-telegram-bot-api-secret-token"


class Telegram(Platform):
    name = "telegram"
    required = ("KIEMCHUNG_TELEGRAM_TOKEN", "KIEMCHUNG_TELEGRAM_SECRET")

    def _method(self, method: str) -> str:
        base = self.setting("KIEMCHUNG_TELEGRAM_API").rstrip("/")
        return f"{base}/bot{self.setting('KIEMCHUNG_TELEGRAM_TOKEN')}/{method}"

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        given = headers.get(HEADER, "")
        if not given:
            raise Forbidden("the webhook has no X-Telegram-Bot-Api-Secret-Token header")
        expected = self.setting("KIEMCHUNG_TELEGRAM_SECRET")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Forbidden("the webhook's secret token is wrong")

    def messages(self, body: bytes) -> list[Incoming]:
        update = json_body(body)
        message = field(update, "message")
        if not isinstance(message, dict):
            return []
        chat = field(message, "chat")
        if field(chat, "type") != "private" or field(chat, "id") is None:
            return []  # in a group the bot would answer people who did not ask it
        photos = objects(message.get("photo"))
        largest = max(photos, key=lambda p: _size(p.get("file_size")), default=None)
        return [
            Incoming(
                channel=self.name,
                address=str(field(chat, "id")),
                message_id=str(update.get("update_id", message.get("message_id"))),
                text=str(message.get("text") or message.get("caption") or ""),
                image=str(largest["file_id"]) if largest and "file_id" in largest else None,
                language=_text(field(message, "from", "language_code")),
            )
        ]

    def send(self, address: str, text: str, follow_up: bool = False) -> None:
        chat: Any = int(address) if address.lstrip("-").isdigit() else address
        answer = self._post(self._method("sendMessage"), {"chat_id": chat, "text": text})
        if not (isinstance(answer, dict) and answer.get("ok")):
            raise FetchFailed("telegram did not accept the message")

    def image(self, ref: str) -> bytes:
        answer = self._post(self._method("getFile"), {"file_id": ref})
        path = (answer or {}).get("result", {}).get("file_path") if answer else None
        if not path:
            raise FetchFailed("telegram gave no file for the photo")
        base = self.setting("KIEMCHUNG_TELEGRAM_API").rstrip("/")
        return self._get(f"{base}/file/bot{self.setting('KIEMCHUNG_TELEGRAM_TOKEN')}/{path}")

    def set_webhook(self, url: str) -> None:
        """Point Telegram at ``url`` (the public ``/channels/telegram``) with the secret."""
        answer = self._post(
            self._method("setWebhook"),
            {
                "url": url,
                "secret_token": self.setting("KIEMCHUNG_TELEGRAM_SECRET"),
                "allowed_updates": ["message"],
            },
        )
        if not (isinstance(answer, dict) and answer.get("ok")):
            raise FetchFailed(f"telegram did not set the webhook: {answer}")


def _size(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
