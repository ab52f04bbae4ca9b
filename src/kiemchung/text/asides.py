"""Asides: the sentences that frame a post but state nothing a fact-check answers.

A chain message ends with a call to pass it on ("CHIA SẺ NGAY CHO NGƯỜI THÂN"), a reader sends a
post in with a question ("Mn ơi tin này có thật không:", "Có thật là … không ạ?"), a warning
closes it ("mọi người cẩn thận nhé"). The matcher reads a post without them (``posts.calm``):
what a post claims does not change with them, but the models had learnt them as a sign of an
answer, because the training data framed only its answerable texts so (``training/README.md``).
A post is stored and shown as it was written; only what is matched leaves them out.
"""

from __future__ import annotations

import re

from .normalize import fold

# A call to pass the post on ("Chia sẻ ngay cho người thân", "Ai thấy đúng thì share", "Please
# share"), matched on the folded text: a share verb with a word of urgency or of who to send it
# to just after it, or a call opening before it. It asks the reader to act; it states nothing a
# fact-check answers. A sentence about sharing ("Chia sẻ tin giả bị phạt nặng") has neither.
_SHARE = r"(?:chia se|share|lan toa|chuyen tiep|forward|gui cho|truyen tay|dang lai|repost|retweet)"
_PASS_ON = re.compile(
    rf"\b{_SHARE}\b(?: \w+){{0,2}} (?:ngay|gap|lien|di|nhe|nha|nhen|keo|truoc khi|now|widely|"
    r"cho (?:moi nguoi|mn|nguoi than|ban be|cac me|ca nha|ae|anh em|cac ban|het|everyone)|"
    r"de (?:moi nguoi|ai cung|nhieu nguoi)|with (?:everyone|your)|before)\b"
    rf"|^(?:hay|xin|lam on|please|moi nguoi|mn|ca nha|cac me|ai (?:thay|doc)(?: \w+)? thi)"
    rf"(?: \w+){{0,2}} {_SHARE}\b|^{_SHARE}(?: ngay)?$"
)
_ASIDE_WORDS = 16  # a longer sentence says more than an aside does
# A reader asking whether the post is true ("Mn ơi tin này có thật không:", "Thật hay giả vậy
# mọi người?", "Is this true?"): a sentence of these words alone, one of them about truth and one
# asking ("Tin này là giả" says something, and stays).
_TRUTH = {"that", "dung", "gia", "chinh", "true", "real", "fake", "false", "legit"}
# A warning to the reader with nothing in it ("mọi người cẩn thận nhé", "cả nhà chú ý", "stay
# safe everyone"): these words alone, one of them warning.
_WARNING = {"than", "y", "phong", "careful", "safe", "aware"}
_WARNING_WORDS = _WARNING | set(
    "mn moi nguoi oi ca nha cac ban ae anh em chi me can chu de luu nhe nha nhen a nhau "
    "hay phai be stay everyone all guys please".split()
)
# A secret's frame ("Big pharma doesn't want you to know", "bác sĩ không bao giờ nói cho bạn
# biết"): whom the post blames for hiding it, and nothing of what it claims. Read as part of the
# claim, its negation denied what the claim states.
_SECRET = re.compile(
    r"^(?:big pharma|pharma|doctors?|they|the (?:government|media|elites?)|nobody|no one"
    r"|bac si|bs|cac hang thuoc|nha nuoc|bao chi|ho|khong ai)(?: \w+){0,2}"
    r" (?:doesn t|don t|does not|do not|won t|will not|never|would never|khong bao gio|khong|ko"
    r"|chang|se khong)(?: \w+)? (?:want you to (?:know|find out)|tell you|tell anyone"
    r"|(?:muon )?(?:noi|tiet lo)(?: cho)? (?:ban|moi nguoi|mn|ai) biet)(?: this| dieu nay)?$"
)
_QUESTION = {"khong", "ko", "k", "hok", "hong", "hem", "hay", "ha", "nhi", "ta", "is", "does", "or"}
_ASKING = (
    _TRUTH
    | set(
        "mn moi nguoi oi ca nha cac ban ae anh em chi ai co biet cho minh toi t e hoi tin nay bai "
        "thong chuyen cai do la su xac khong ko k hok hong hay hem vay z ha a nhi the ko ta nhe nha "
        "giup kiem chung check voi this it that not anyone know if guys pls please".split()
    )
    | _QUESTION
)
# A claim asked about inside a reader's question: "Có thật là … không", "Nghe nói …", "… có
# thật không ạ", "… đúng không", "… hả mn" (matched on the folded, lower-cased sentence).
_ASKED_BEFORE = re.compile(
    r"^(?:(?:mn|moi nguoi|ca nha|cac ban|ae)(?: oi)?,? )?"
    r"(?:co (?:that|dung|phai) (?:la )?|phai chang |lieu (?:co )?(?:that|phai) (?:la )?|"
    r"nghe noi (?:la )?|is it true that |is it true |did you know that )"
)
_NO = r"(?:khong|ko|k|hok|hong|hem)"
_TO_WHOM = r"(?: (?:a|ha|vay|z|mn|moi nguoi|ca nha|cac ban|ae|nhi|the))*"
_ASKED_AFTER = re.compile(rf",? {_NO}{_TO_WHOM}$")
_TRUE_OR_NOT = re.compile(rf",? (?:co )?(?:that|dung|phai) {_NO}{_TO_WHOM}$")
_PARTICLE = re.compile(r",?\s+(?:hả|à|ạ)(?:\s+(?:mn|mọi người|cả nhà|các bạn|ae))?\W*$")
_PIECES = re.compile(r"([.,?:;](?=\s|$)\s*|\n+)")


def without_asides(text: str) -> str:
    """``text`` without its sentences that only ask the reader to pass it on ("CHIA SẺ NGAY
    CHO NGƯỜI THÂN", "Ai thấy thì share cho mọi người cùng biết nhé") or ask whether it is true
    ("Mn ơi tin này có thật không:") or only warn ("mọi người cẩn thận nhé"); ``text`` itself
    when nothing else is left. The claim inside a reader's question is kept bare
    (``_unasked``)."""
    pieces = _PIECES.split(text)
    kept: list[str] = []
    for at in range(0, len(pieces), 2):
        piece, mark = pieces[at], pieces[at + 1] if at + 1 < len(pieces) else ""
        if not _aside(piece):
            claim = _unasked(piece)
            kept += [claim, mark if claim == piece else mark.replace("?", ".")]
    left = "".join(kept).strip().rstrip(",:;").rstrip()
    return left if re.search(r"\w", left) else text


def _unasked(piece: str) -> str:
    """The claim inside a reader's question about it (``_ASKED_BEFORE`` …): "Có thật là từ 1/7
    cấm rút BHXH không ạ" → "từ 1/7 cấm rút BHXH"; ``piece`` itself when it is no such
    question or nothing would be left."""
    folded = fold(piece).lower()
    if len(folded) != len(piece):
        return piece
    start, end = 0, len(piece.rstrip())
    if before := _ASKED_BEFORE.match(folded):
        start = before.end()
        if after := _ASKED_AFTER.search(folded[:end], start):
            end = after.start()
    elif after := _TRUE_OR_NOT.search(folded[:end]):
        end = after.start()
    elif particle := _PARTICLE.search(piece[:end].lower()):
        end = particle.start()
    claim = piece[start:end].strip()
    return claim if re.search(r"\w", claim) and (start or end < len(piece.rstrip())) else piece


def _aside(piece: str) -> bool:
    """Whether a sentence is an aside: short, without a figure, and a call to pass the post on,
    a question whether it is true, a warning, or a secret's frame, with nothing more."""
    words = re.findall(r"\w+", fold(piece))
    if not words or len(words) > _ASIDE_WORDS or any(ch.isdigit() for ch in piece):
        return False
    if set(words) <= _ASKING and _TRUTH & set(words) and _QUESTION & set(words):
        return True
    if set(words) <= _WARNING_WORDS and _WARNING & set(words):
        return True
    return any(pattern.search(" ".join(words)) for pattern in (_PASS_ON, _SECRET))
