"""A social post reduced to what it says: the poster's signature, links and markup taken out.

Posts copied from X/Twitter end with the poster's name, handle and date ("— Name (@handle)
April 3, 2016"): who posted is not part of the claim (and the product keeps no record of
people), so it goes; only the year of its date is kept (``posted_year``). Links carry nothing a reader can check in the text. A handle or hashtag
written in camel case (``@BernieSanders``, ``#BernieTakesNevada``) is split into its words, so
both the lexical search and the encoder read "Bernie Sanders".

The matcher reads a post calmly (``calm``): words shouted in capitals ("KHẨN CẤP: BỘ Y TẾ CẢNH
BÁO …", "FAR MORE VOTES THAN PEOPLE") in lower case, as a reader reads them (the encoder, which
knows letter case, reads capitals as other words), marks repeated for emphasis once, without
pictures and without the full stop at its end.
"""

from __future__ import annotations

import re

from .normalize import fold

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "— Name (@handle) April 3, 2016" at the end of a post, the dash an em or en dash or "--".
_SIGNATURE = re.compile(
    rf"\s*(?:—|–|--)[^—–\n]{{0,80}}\(@\w{{1,30}}\)\s*(?:(?:{_MONTHS})\.? \d{{1,2}}, (\d{{4}}))?\s*$"
)
_LINK = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\bt\.co/\S+", re.IGNORECASE)
_TAG = re.compile(r"(?<![\w@#])[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_SPACES = re.compile(r"[ \t]+")
_WORD = re.compile(r"\S+")
# Words in capitals side by side are shouting, where one alone is an acronym (WHO, TP.HCM);
# with fewer letters than this a pair of acronyms ("US UK") keeps its capitals.
_SHOUT_LETTERS = 6
_SENTENCE_END = re.compile(r"(?:^|[.!?:\n])\W*$")
_SENTENCE_START = re.compile(r"([.!?]\s\W*)(\w)")
# Marks repeated for emphasis ("!!!", "?!?!", "......"), with the spaces some put between them.
_MARKS = re.compile(r"[!?](?:\s*[!?])+")
_DOTS = re.compile(r"\.(?:\s*\.){3,}")
# Emoji and the joiners and selectors that build them (😱, 👉🏻, 🇻🇳), and the older pictographs
# posts use as emoji (❗, ⚠, ✅, ❌, ☎, ★, ⭐).
_PICTURES = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]")
# A mark set apart from its sentence ("khẩn ‼️ tu 1/7", "cảnh báo 📢 !!!") closes it.
_LOOSE_MARK = re.compile(r"(?<=[^\W\d_])[ \t]+(?=[.?](?:\s|$))")
# "‼" and "⁉" are the marks twice.
_DOUBLED = str.maketrans({"\u203c": "!!", "\u2049": "?!"})
_FINAL_STOP = re.compile(r"(?<=\S)[\s.]+$")


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
# A word spelled out letter by letter with dots between ("v.a.c.x.i.n", "c.h.ế.t"), as posts
# write words a platform's filter might catch.
_SPELLED = re.compile(r"(?<![\w.])(?:[^\W\d_][.*_]){2,}[^\W\d_](?!\w)")
_PASS_ON_WORDS = 16  # a longer sentence says more than "pass it on"
# A reader asking whether the post is true ("Mn ơi tin này có thật không:", "Thật hay giả vậy
# mọi người?", "Is this true?"): a sentence of these words alone, one of them about truth and one
# asking ("Tin này là giả" says something, and stays).
_TRUTH = {"that", "dung", "gia", "chinh", "true", "real", "fake", "false", "legit"}
# A warning to the reader with nothing in it ("mọi người cẩn thận nhé", "cả nhà chú ý", "stay
# safe everyone"): these words alone, one of them warning.
_WARNING = {"than", "y", "phong", "careful", "safe", "aware"}
_WARNING_WORDS = _WARNING | set(
    "mn moi nguoi oi ca nha cac ban ae anh em chi me can chu de luu nhe nha nhen nhe a nhau "
    "hay phai be stay everyone all guys please".split()
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


def _words_of_tag(match: re.Match[str]) -> str:
    return _CAMEL.sub(" ", match.group(1)).replace("_", " ")


def posted_year(text: str) -> int | None:
    """The year a copied post was published, read from its signature's date; None when it
    carries none. Matching compares it with the years a fact-check names."""
    found = _SIGNATURE.search(text)
    return int(found.group(1)) if found and found.group(1) else None


def clean_post(text: str) -> str:
    """``text`` without a trailing signature, links, and ``@``/``#`` marks (their words kept).

    Returns ``text`` itself when nothing would be left of it.
    """
    cleaned = _SIGNATURE.sub("", text)
    cleaned = _LINK.sub(" ", cleaned)
    cleaned = _TAG.sub(_words_of_tag, cleaned)
    cleaned = _SPACES.sub(" ", cleaned).strip()
    return cleaned if re.search(r"\w", cleaned) else text


def _case(word: str) -> str:
    """Whether a word shouts: "upper" when its letters are all capitals, "lower" when one is
    small, "" without letters (a number, an emoji), which neither starts nor ends a run."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return ""
    return "upper" if all(ch.isupper() for ch in letters) else "lower"


def _first_capital(text: str) -> str:
    """``text`` with its first letter a capital (as it is when it has no letter)."""
    first = next((i for i, ch in enumerate(text) if ch.isalpha()), None)
    return text if first is None else text[:first] + text[first].upper() + text[first + 1 :]


def calm(text: str) -> str:
    """``text`` as it reads whatever its tone: marks repeated for emphasis said once and an
    exclamation mark read as a full stop ("!!!" → ".", "?!?!" → "?", "......" → "..."), no
    pictures (emoji), no full stop at its end, words shouted in capitals in lower case
    (``unshout``), and its first letter a capital.

    None of these says what a post claims, but they told the texts the models learnt from
    apart: two thirds of the written texts no fact-check answers end with a full stop, five in
    six of the answerable ones do not (``training/queries.jsonl``); of the real-style posts,
    the answerable ones carry the emoji and begin in lower case (``queries-real.jsonl``). Read
    with them, the models took a final full stop for a sign of no match, and real posts, which
    seldom end with one, for answerable ones. Returns ``text`` itself when nothing would be
    left of it (a post of emoji alone)."""
    given = text
    text = _SPELLED.sub(lambda m: re.sub(r"[.*_]", "", m[0]), text.translate(_DOUBLED))
    text = _MARKS.sub(lambda m: "?" if "?" in m[0] else ".", text).replace("!", ".")
    text = _DOTS.sub("...", text)
    text = _LOOSE_MARK.sub("", _PICTURES.sub("", text))
    text = without_asides(text)
    text = unshout(_FINAL_STOP.sub("", _SPACES.sub(" ", text).strip()))
    if not re.search(r"\w", text):
        return given
    return _first_capital(text)


def without_asides(text: str) -> str:
    """``text`` without its sentences that only ask the reader to pass it on ("CHIA SẺ NGAY
    CHO NGƯỜI THÂN", "Ai thấy thì share cho mọi người cùng biết nhé") or ask whether it is true
    ("Mn ơi tin này có thật không:") or only warn ("mọi người cẩn thận nhé"); ``text`` itself
    when nothing else is left.

    Such asides frame most chain messages and most texts readers send in, and state nothing a
    fact-check answers. The models had learnt them as a sign of an answerable claim: "Chia sẻ
    ngay: …" and "Có thật là … không?" framed every claim copied into training, and no post
    that states another claim."""
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
    words = re.findall(r"\w+", fold(piece))
    if not words or len(words) > _PASS_ON_WORDS or any(ch.isdigit() for ch in piece):
        return False
    if set(words) <= _ASKING and _TRUTH & set(words) and _QUESTION & set(words):
        return True
    if set(words) <= _WARNING_WORDS and _WARNING & set(words):
        return True
    return _PASS_ON.search(" ".join(words)) is not None


def unshout(text: str) -> str:
    """``text`` with each run of two or more words in capitals in lower case, a letter kept a
    capital where a sentence begins ("KHẨN CẤP: BỘ Y TẾ CẢNH BÁO" → "Khẩn cấp: bộ y tế cảnh
    báo"). A word in capitals alone is left as it is."""
    runs: list[list[re.Match[str]]] = [[]]
    for word in _WORD.finditer(text):
        case = _case(word.group())
        if case == "upper":
            runs[-1].append(word)
        elif case == "lower" and runs[-1]:
            runs.append([])
    pieces, at = [], 0
    for run in runs:
        letters = sum(ch.isalpha() for word in run for ch in word.group())
        if len(run) < 2 or letters < _SHOUT_LETTERS:
            continue
        begin, end = run[0].start(), run[-1].end()
        lowered = _SENTENCE_START.sub(lambda m: m[1] + m[2].upper(), text[begin:end].lower())
        if _SENTENCE_END.search(text[:begin]):
            lowered = _first_capital(lowered)
        pieces += [text[at:begin], lowered]
        at = end
    return "".join(pieces) + text[at:]
