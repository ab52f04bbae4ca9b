"""What passes through a channel: a reader's message in, and the short replies sent back.

Replies are in the reader's language (Vietnamese unless the message is in English), short, and
say the verdict, the claim as checked and the link; nothing in them names or describes the reader.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text.language import detect_language

LANGUAGES = ("vi", "en")
# A message that is only one of these words stops every follow-up to the reader.
STOP_WORDS = frozenset({"huy", "stop", "dung", "unsubscribe", "/stop"})
START_WORDS = frozenset({"/start", "start", "bat dau", "get started"})
CLAIM_SHOWN = 160  # characters of a claim quoted in a reply


@dataclass(frozen=True)
class Incoming:
    """One message a reader sent on a platform, as the adapter read it."""

    channel: str  # telegram | messenger | zalo
    address: str  # the platform's opaque reply address (chat id, page-scoped id, user id)
    message_id: str  # the platform's id of the message, to answer a resent webhook once
    text: str = ""
    image: str | None = None  # what the adapter needs to fetch an attached photo
    language: str | None = None  # the reader's app language, when the platform says it


def folded(text: str) -> str:
    """Lower case, without tone marks, đ as d and without punctuation at the ends."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare.strip(" .!?,;:\"'()"))


def is_stop(text: str) -> bool:
    return folded(text) in STOP_WORDS


def is_start(text: str) -> bool:
    return folded(text) in START_WORDS


def language_of(message: Incoming) -> str:
    """The language to answer in: the text's when it says enough, else the reader's app's."""
    if len(message.text.split()) >= 3:
        return "en" if detect_language(message.text) == "en" else "vi"
    hint = (message.language or "").lower()
    return "en" if hint.startswith("en") else "vi"


def _quote(claim: str) -> str:
    claim = " ".join(claim.split())
    return claim if len(claim) <= CLAIM_SHOWN else claim[: CLAIM_SHOWN - 1].rstrip() + "…"


_TEXTS: dict[str, dict[str, str]] = {
    "answered": {
        "vi": "Đã có bài kiểm chứng.\nKết luận: {rating}\nNhận định: “{claim}”\n{url}",
        "en": "This has been fact-checked.\nVerdict: {rating}\nClaim: “{claim}”\n{url}",
    },
    "queued": {
        "vi": "Cảm ơn bạn. Chưa có bài kiểm chứng cho nội dung này; biên tập viên sẽ xem xét.\n"
        "Mã tra cứu: {code}\nChúng tôi sẽ nhắn bạn một lần khi có kết luận. "
        "Nhắn HỦY nếu không muốn nhận.",
        "en": "Thank you. This has not been fact-checked yet; our editors will look at it.\n"
        "Reference: {code}\nWe will message you once when there is a verdict. "
        "Send STOP if you would rather not hear back.",
    },
    "verdict": {
        "vi": "Kết luận về nội dung bạn gửi (mã {code}): {rating}\nNhận định: “{claim}”\n{url}",
        "en": "A verdict on what you sent (reference {code}): {rating}\nClaim: “{claim}”\n{url}",
    },
    "corrected": {
        "vi": "Bài kiểm chứng chúng tôi đã gửi bạn vừa được đính chính.\nKết luận: {rating}\n"
        "Nhận định: “{claim}”\n{url}",
        "en": "The fact-check we sent you has been corrected.\nVerdict: {rating}\n"
        "Claim: “{claim}”\n{url}",
    },
    "stopped": {
        "vi": "Đã dừng: chúng tôi sẽ không nhắn thêm cho bạn về những gì bạn đã gửi.",
        "en": "Stopped: we will not message you again about what you sent.",
    },
    "welcome": {
        "vi": "Xin chào! Gửi cho chúng tôi một tin nhắn, đường link hoặc ảnh chụp màn hình bạn "
        "nghi ngờ; chúng tôi trả lời ngay nếu đã có bài kiểm chứng.",
        "en": "Hello! Send us a message, link or screenshot you doubt; we answer at once when "
        "it has already been fact-checked.",
    },
    "image_text_only": {
        "vi": "Xin lỗi, hiện chúng tôi chỉ đọc được chữ. Bạn hãy gõ lại nội dung trong ảnh "
        "hoặc gửi đường link.",
        "en": "Sorry, we can only read text for now. Please type what the picture says or send "
        "the link.",
    },
    "image_unreadable": {
        "vi": "Xin lỗi, chúng tôi không đọc được chữ trong ảnh này. Bạn hãy gõ lại nội dung "
        "hoặc gửi đường link.",
        "en": "Sorry, we could not read any text in this picture. Please type what it says or "
        "send the link.",
    },
    "link_unreadable": {
        "vi": "Xin lỗi, chúng tôi không mở được đường link này. Bạn hãy chép nội dung vào "
        "tin nhắn.",
        "en": "Sorry, we could not open this link. Please paste what it says into a message.",
    },
    "unsupported": {
        "vi": "Xin lỗi, chúng tôi chỉ đọc được tin nhắn chữ, đường link và ảnh.",
        "en": "Sorry, we can only read text messages, links and pictures.",
    },
}


def reply(kind: str, language: str, **values: str) -> str:
    """The reply ``kind`` in ``language`` (Vietnamese when it has no such language)."""
    texts = _TEXTS[kind]
    template = texts.get(language, texts["vi"])
    if "claim" in values:
        values["claim"] = _quote(values["claim"])
    return template.format(**values)
