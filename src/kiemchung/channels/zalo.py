"""Zalo Official Account (OA API v3): webhooks checked by ``X-ZEvent-Signature``, replies by the
customer-service message API.

Zalo signs each event as ``mac=`` followed by the hex SHA-256 of the app id, the raw JSON body,
the event's ``timestamp`` and the Official Account's secret key, in that order (Zalo for
Developers, "Xác thực Webhook"); the OA secret key is the Official Account's, not the app's.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Mapping

from ..errors import FetchFailed, Forbidden
from .base import Platform, field, json_body, objects
from .messages import Incoming

HEADER = "x-zevent-signature"
EVENTS = ("user_send_text", "user_send_image", "user_send_link")


class Zalo(Platform):
    name = "zalo"
    required = ("KIEMCHUNG_ZALO_ACCESS_TOKEN", "KIEMCHUNG_ZALO_APP_ID", "KIEMCHUNG_ZALO_OA_SECRET")

    def signature(self, body: bytes, timestamp: str) -> str:
        app_id = self.setting("KIEMCHUNG_ZALO_APP_ID").encode()
        secret = self.setting("KIEMCHUNG_ZALO_OA_SECRET").encode()
        return hashlib.sha256(app_id + body + timestamp.encode() + secret).hexdigest()

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        given = headers.get(HEADER, "").strip()
        if not given:
            raise Forbidden("the webhook has no X-ZEvent-Signature header")
        data = json_body(body)
        timestamp = str(data.get("timestamp", "")) if isinstance(data, dict) else ""
        expected = "mac=" + self.signature(body, timestamp)
        if not given.startswith("mac="):
            given = "mac=" + given
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Forbidden("the webhook's signature does not match its body")

    def messages(self, body: bytes) -> list[Incoming]:
        data = json_body(body)
        if not isinstance(data, dict) or data.get("event_name") not in EVENTS:
            return []
        sender = field(data, "sender", "id")
        message = data.get("message") or {}
        if not sender or not isinstance(message, dict):
            return []
        text, image = str(message.get("text") or ""), None
        for attachment in objects(message.get("attachments")):
            url = field(attachment, "payload", "url")
            if attachment.get("type") == "image" and url and image is None:
                image = str(url)
            elif attachment.get("type") == "link" and url and str(url) not in text:
                text = f"{text} {url}".strip()
        message_id = str(message.get("msg_id") or data.get("timestamp", ""))
        return [Incoming(self.name, str(sender), message_id, text, image)]

    def send(self, address: str, text: str, follow_up: bool = False) -> None:
        base = self.setting("KIEMCHUNG_ZALO_API").rstrip("/")
        answer = self._post(
            f"{base}/v3.0/oa/message/cs",
            {"recipient": {"user_id": address}, "message": {"text": text}},
            {"access_token": self.setting("KIEMCHUNG_ZALO_ACCESS_TOKEN")},
        )
        if not isinstance(answer, dict) or answer.get("error") not in (0, "0"):
            why = answer.get("message") if isinstance(answer, dict) else answer
            raise FetchFailed(f"zalo did not accept the message: {why}")

    def image(self, ref: str) -> bytes:
        return self._get(ref)
