"""A social post reduced to what it says: the poster's signature, links and markup taken out.

Posts copied from X/Twitter end with the poster's name, handle and date ("— Name (@handle)
April 3, 2016"): who posted is not part of the claim (and the product keeps no record of
people), so it goes from what is read. Its date is compared with the dates a fact-check names
(``posted_year``, ``posted_month``), and its name's words with the fact-check's words, where a
fact-check is about what that person posted ("Joe Biden tweeted …": ``signed_by``); both only
while matching, kept nowhere. Links carry nothing a reader can check in the text. A handle or
hashtag written in camel case (``@BernieSanders``, ``#BernieTakesNevada``) is split into its
words, so both the lexical search and the encoder read "Bernie Sanders".

The matcher reads a post calmly (``calm``): words shouted in capitals ("KHẨN CẤP: BỘ Y TẾ CẢNH
BÁO …", "FAR MORE VOTES THAN PEOPLE") in lower case, as a reader reads them (the encoder, which
knows letter case, reads capitals as other words), marks repeated for emphasis once, without
pictures, the full stop at its end or the asides that frame it (``asides.py``).
"""

from __future__ import annotations

import re

from .asides import without_asides
from .normalize import fold

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "— Name (@handle) April 3, 2016" at the end of a post, the dash an em or en dash or "--".
_SIGNATURE = re.compile(
    rf"\s*(?:—|–|--)[^—–\n]{{0,80}}\(@\w{{1,30}}\)\s*(?:({_MONTHS})\.? \d{{1,2}}, (\d{{4}}))?\s*$"
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
# A mark set apart from its sentence ("khẩn ‼️ Từ 1/7", "cảnh báo 📢 !!!") closes it, unless
# the words after it go on in lower case ("cấm ‼️ rút tiền"): there it is a picture.
_INSIDE_MARK = re.compile(r"(?<=\w)[ \t]+\.[ \t]+(?=([^\W\d_]))")
_LOOSE_MARK = re.compile(r"(?<=[^\W\d_])[ \t]+(?=[.?](?:\s|$))")
# "‼" and "⁉" are the marks twice.
_DOUBLED = str.maketrans({"\u203c": "!!", "\u2049": "?!"})
_FINAL_STOP = re.compile(r"(?<=\S)[\s.]+$")


# Words of a signature's name that name nobody: titles, and the "real"/"official" of handles.
_UNNAMING = frozenset(
    "the real official dr mr mrs ms sen rep gov president news and inc team".split()
)
_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


# A word spelled out letter by letter with dots between ("v.a.c.x.i.n", "c.h.ế.t"), as posts
# write words a platform's filter might catch.
_SPELLED = re.compile(r"(?<![\w.])(?:[^\W\d_][.*_]){2,}[^\W\d_](?!\w)")


def _words_of_tag(match: re.Match[str]) -> str:
    return _CAMEL.sub(" ", match.group(1)).replace("_", " ")


def posted_year(text: str) -> int | None:
    """The year a copied post was published, read from its signature's date; None when it
    carries none. Matching compares it with the years a fact-check names."""
    found = _SIGNATURE.search(text)
    return int(found.group(2)) if found and found.group(2) else None


_MONTH_OF = {name[:3].lower(): n for n, name in enumerate(_MONTHS.split("|")[:12])}


def posted_month(text: str) -> int | None:
    """The month a copied post was published, as ``year * 12 + month - 1`` (the form of
    ``matching.lexical.months``), read from its signature's date; None when it carries none.
    Matching compares it with the months a fact-check names."""
    found = _SIGNATURE.search(text)
    if not found or not found.group(2):
        return None
    return int(found.group(2)) * 12 + _MONTH_OF[found.group(1)[:3].lower()]


def signed_by(text: str) -> frozenset[str]:
    """The words naming whoever signed a copied post ("— Joe Biden (@JoeBiden) …" gives
    ``{"joe", "biden"}``), folded, from the name (the handle's words where the name has none):
    compared with a fact-check's words, as one about what that person posted names them;
    empty for an unsigned text."""
    found = _SIGNATURE.search(text)
    if not found:
        return frozenset()
    name, handle = found.group(0).rsplit("(@", 1)
    for said in (name, _CAMEL.sub(" ", handle.split(")", 1)[0]).replace("_", " ")):
        words = {word for word in _NAME_WORD.findall(fold(said).lower()) if word not in _UNNAMING}
        if words:
            return frozenset(words)
    return frozenset()


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
    pictures (emoji), no full stop at its end, a word spelled with dots between its letters
    ("v.a.c.x.i.n") as the word, no asides (``asides.without_asides``: a call to share, a
    reader's question whether it is true, a bare warning), words shouted in capitals in lower
    case (``unshout``), and its first letter a capital.

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
    text = _PICTURES.sub("", text)
    text = _INSIDE_MARK.sub(lambda m: " " if m[1].islower() else m[0], text)
    text = _LOOSE_MARK.sub("", text)
    text = without_asides(text)
    text = unshout(_FINAL_STOP.sub("", _SPACES.sub(" ", text).strip()))
    if not re.search(r"\w", text):
        return given
    return _first_capital(text)


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
