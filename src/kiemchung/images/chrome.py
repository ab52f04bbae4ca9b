"""What a chat or social app draws around a message, left out of the text read in a screenshot.

A screenshot carries more than the claim: the status bar (time, battery, signal), the
conversation's header (name, "Đang hoạt động"), time stamps, "Đã chia sẻ" / "Forwarded",
reaction counts, the buttons under a post and the box to type in. None of it is the claim, and
left in it would draw matches to other screenshots rather than to the fact-check. Lines are
dropped whole when they are chrome, and a time stamp is cut from the end of a line.
"""

from __future__ import annotations

import re
import unicodedata

# Whole lines that are only the app talking (compared folded: lower case, no tone marks).
_CHROME_LINES = re.compile(
    r"^(?:"
    r"da chia se|chia se|shared|share|forwarded|forwarded message|da chuyen tiep|chuyen tiep"
    r"|tin nhan da chuyen tiep|da xem|seen|da gui|sent|da nhan|delivered|da thu hoi tin nhan"
    r"|tra loi|reply|thich|like|binh luan|comments?|xem them|see more|see translation"
    r"|xem ban dich|dang hoat dong|active now|online|vua truy cap|nhap tin nhan|type a message"
    r"|aa|message|tin nhan|hom nay|hom qua|today|yesterday|nhan tin|gui|send|zalo|messenger"
    r"|telegram|facebook|tiktok|viber|whatsapp|cong khai|public|ban be|friends"
    r"|truy cap \d+ (?:phut|gio|ngay) truoc|active \d+ ?[mhd] ago|\d+ (?:phut|gio|ngay) truoc"
    r"|\d+ ?(?:binh luan|luot chia se|comments?|shares?|likes?|luot thich)"
    r")$"
)
# Lines that begin as the app's and go on with a name: "Forwarded from Tin Nóng 24h".
_CHROME_STARTS = re.compile(
    r"^(?:forwarded from|chuyen tiep tu|da chuyen tiep tu|shared from|chia se tu|reply to"
    r"|tra loi|replying to|dang tra loi)\b"
)
# Under a conversation's name: who is online. The name above it is the app's header too.
_PRESENCE = re.compile(
    r"^(?:dang hoat dong|active now|online|truc tuyen|vua truy cap|last seen\b.*"
    r"|truy cap \d+ (?:phut|gio|ngay) truoc|active \d+ ?[mhd] ago|[\d.,]+ (?:members|subscribers|thanh vien|nguoi theo doi)\b.*)$"
)
_TIME = r"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s?[ap]m)?"
_DATE = r"\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?"
_STAMP_LINE = re.compile(
    rf"^(?:(?:thu \w+|t\d|cn|mon|tue|wed|thu|fri|sat|sun)\w*,? )?(?:{_DATE},? ?)?(?:{_TIME})?"
    r"(?: ?(?:sa|ch|am|pm))?$"
)
_STAMP_AT_END = re.compile(rf"\s+{_TIME}(?:\s?(?:SA|CH|AM|PM))?\s*[✓✔]*$", re.IGNORECASE)
_STATUS_BAR = re.compile(r"(?:\b[345]g\b|lte|wifi|\d{1,3}\s?%)", re.IGNORECASE)
_ICON_BEFORE = re.compile(r"^(?:\S )+")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without tone marks, ``đ`` as ``d``, spaces squeezed."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def is_chrome(line: str) -> bool:
    """Whether a whole line is the app's, not the message's."""
    folded = fold(line).strip(" .:·•|-–—>›»<‹«()[]")
    if not folded:
        return True
    letters = len(_LETTER.findall(line))
    if letters < 2 or letters < len(line.replace(" ", "")) * 0.4:
        return True  # icons, reaction counts, a status bar read as symbols
    bare = _ICON_BEFORE.sub("", folded)  # an icon read as a letter: "c nhap tin nhan"
    for form in (folded, bare):
        if any(rule.match(form) for rule in (_CHROME_LINES, _STAMP_LINE, _CHROME_STARTS)):
            return True
        if _PRESENCE.match(form):
            return True
    return bool(_STATUS_BAR.search(folded) and len(folded.split()) <= 4)


def _is_presence(line: str) -> bool:
    folded = fold(line).strip(" .:·•|-–—>›»<‹«()[]")
    return bool(_PRESENCE.match(folded) or _PRESENCE.match(_ICON_BEFORE.sub("", folded)))


def _looks_like_a_name(line: str) -> bool:
    """A short line without a sentence's punctuation: a contact's or group's name."""
    return len(line.split()) <= 6 and not re.search(r"[.,!?:;]", line)


def strip(text: str) -> str:
    """``text`` read from a screenshot without the app's chrome: one paragraph per block."""
    kept: list[str] = []
    for line in text.splitlines():
        line = _STAMP_AT_END.sub("", line.strip())
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if _is_presence(line) and kept and _looks_like_a_name(kept[-1]):
            kept.pop()  # the conversation's name, above "Đang hoạt động"
        if not is_chrome(line):
            kept.append(line)
    paragraphs = " ".join(kept).split("  ")
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
