"""Facebook Messenger (Messenger Platform): the webhook set-up answered with ``hub.challenge``,
events checked by ``X-Hub-Signature-256`` (HMAC-SHA256 of the raw body with the app secret),
replies by the Send API.

https://developers.facebook.com/docs/messenger-platform/webhooks
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Mapping
from urllib.parse import quote

from ..errors import Forbidden
from .base import Platform, field, json_body, objects
from .messages import Incoming

HEADER = "x-hub-signature-256"


class Messenger(Platform):
    name = "messenger"
    required = (
        "KIEMCHUNG_MESSENGER_PAGE_TOKEN",
        "KIEMCHUNG_MESSENGER_APP_SECRET",
        "KIEMCHUNG_MESSENGER_VERIFY_TOKEN",
    )

    def challenge(self, query: Mapping[str, str]) -> str:
        """The ``hub.challenge`` to echo when Meta checks the webhook; ``Forbidden`` otherwise."""
        token = query.get("hub.verify_token", "")
        expected = self.setting("KIEMCHUNG_MESSENGER_VERIFY_TOKEN")
        if query.get("hub.mode") != "subscribe" or not hmac.compare_digest(
            token.encode(), expected.encode()
        ):
            raise Forbidden("the webhook verification token is wrong")
        return query.get("hub.challenge", "")

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        given = headers.get(HEADER, "")
        if not given.startswith("sha256="):
            raise Forbidden("the webhook has no X-Hub-Signature-256 header")
        secret = self.setting("KIEMCHUNG_MESSENGER_APP_SECRET").encode()
        expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Forbidden("the webhook's signature does not match its body")

    def messages(self, body: bytes) -> list[Incoming]:
        data = json_body(body)
        if not isinstance(data, dict) or data.get("object") != "page":
            return []
        found = []
        for entry in objects(data.get("entry")):
            for event in objects(entry.get("messaging")):
                message = event.get("message")
                sender = field(event, "sender", "id")
                if not isinstance(message, dict) or message.get("is_echo") or not sender:
                    continue
                text, image = str(message.get("text") or ""), None
                for attachment in objects(message.get("attachments")):
                    url = field(attachment, "payload", "url")
                    if attachment.get("type") == "image" and url and image is None:
                        image = str(url)
                    elif attachment.get("type") in ("fallback", "template") and url:
                        text = f"{text} {url}".strip()  # a shared link
                found.append(
                    Incoming(self.name, str(sender), str(message.get("mid", "")), text, image)
                )
        return found

    def send(self, address: str, text: str, follow_up: bool = False) -> None:
        base = self.setting("KIEMCHUNG_MESSENGER_API").rstrip("/")
        token = quote(self.setting("KIEMCHUNG_MESSENGER_PAGE_TOKEN"), safe="")
        self._post(
            f"{base}/me/messages?access_token={token}",
            {
                "recipient": {"id": address},
                "messaging_type": "UPDATE" if follow_up else "RESPONSE",
                "message": {"text": text},
            },
        )

    def image(self, ref: str) -> bytes:
        return self._get(ref)
