"""Email, for readers who left an email address as their contact on the web tipline form: the
one follow-up (the verdict, or a correction of the fact-check they were sent) is mailed through
the newsroom's own SMTP server (``KIEMCHUNG_SMTP_URL``, ``KIEMCHUNG_SMTP_FROM``).

``smtps://`` connects with TLS; ``smtp://`` upgrades with STARTTLS when the server offers it.
The server is the operator's, not an address a reader chose, so it is not the guarded fetch's
business; nothing here receives mail.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from typing import Mapping
from urllib.parse import unquote, urlsplit

from ..errors import FetchFailed, SettingError
from .base import Platform
from .messages import Incoming

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
SUBJECT = "{outlet}: trả lời nội dung bạn đã gửi (an answer to what you sent)"


def address_in(contact: str | None) -> str | None:
    """The email address in a contact a reader typed ("email: lan@example.vn"), if any."""
    found = ADDRESS.search(contact or "")
    return found.group(0) if found else None


class Email(Platform):
    name = "email"
    required = ("KIEMCHUNG_SMTP_URL", "KIEMCHUNG_SMTP_FROM")

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        raise SettingError("email has no webhook")

    def messages(self, body: bytes) -> list[Incoming]:
        return []

    def image(self, ref: str) -> bytes:
        raise SettingError("email has no attachments")

    def _connect(self) -> smtplib.SMTP:
        url = urlsplit(self.setting("KIEMCHUNG_SMTP_URL"))
        if url.scheme not in ("smtp", "smtps") or not url.hostname:
            raise SettingError(
                "Setting KIEMCHUNG_SMTP_URL must look like smtps://user:password@host:465 "
                "or smtp://host:587."
            )
        timeout = self.settings.number("KIEMCHUNG_FETCH_TIMEOUT")
        context = ssl.create_default_context()
        if url.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                url.hostname, url.port or 465, timeout=timeout, context=context
            )
        else:
            server = smtplib.SMTP(url.hostname, url.port or 587, timeout=timeout)
            server.ehlo()
            if server.has_extn("starttls"):
                server.starttls(context=context)
                server.ehlo()
        if url.username:
            server.login(unquote(url.username), unquote(url.password or ""))
        return server

    def send(self, address: str, text: str, follow_up: bool = False) -> None:
        message = EmailMessage()
        message["From"] = self.setting("KIEMCHUNG_SMTP_FROM")
        message["To"] = address
        message["Subject"] = SUBJECT.format(outlet=self.setting("KIEMCHUNG_OUTLET_NAME"))
        message.set_content(text)
        try:
            with self._connect() as server:
                server.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise FetchFailed(self._redacted(f"email not sent: {error}")) from None

    def secrets(self) -> list[str]:
        password = urlsplit(self.setting("KIEMCHUNG_SMTP_URL")).password
        return [password] if password else []
