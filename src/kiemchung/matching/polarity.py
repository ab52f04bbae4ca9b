"""Which way a claim points: up or down, banned or allowed, won or lost, free or charged for,
mandatory or optional.

A reader's "giá xăng giảm 300 đồng" and a fact-check's "giá xăng sắp tăng lên 30.000 đồng" share
their topic words and sit close in e5's space, yet they are different claims. Each text gets the
directions its words state, in Vietnamese or English — negated ones turned round: "không cho
phép" is banned, "không tăng" is down — and a pair whose directions oppose is a feature of the
match decision (``features.direction_clash``).

Beyond directions, any negation: "uống cà phê không gây loãng xương" denies "gây", which "uống cà
phê gây loãng xương" asserts — a different claim, on which the fact-check's verdict does not
hold (``features.negation_clash``). A paraphrase that words the negation otherwise ("bị cấm rút"
for "không còn được rút") denies the same words and does not clash. Stricter, ``flipped``: the
same words aligned around a negation only one side has, as a post debunking a claim repeats it
("vắc xin sởi không gây tự kỷ, …"; ``features.negation_flip``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from difflib import SequenceMatcher

from ..text.abbreviations import expand
from ..text.normalize import fold

# direction → words stating it (accented Vietnamese, lower case; English forms).
DIRECTIONS: dict[str, tuple[str, ...]] = {
    "up": (
        "tăng",
        "cao hơn",
        "đắt hơn",
        "increase",
        "increases",
        "increased",
        "rise",
        "rises",
        "rose",
        "risen",
        "raise",
        "raises",
        "raised",
        "hike",
        "hikes",
        "hiked",
        "higher",
        "soar",
        "soars",
        "soared",
        "up",
    ),
    "down": (
        "giảm",
        "thấp hơn",
        "rẻ hơn",
        "decrease",
        "decreases",
        "decreased",
        "fall",
        "falls",
        "fell",
        "drop",
        "drops",
        "dropped",
        "cut",
        "cuts",
        "lower",
        "lowered",
        "decline",
        "declines",
        "declined",
        "reduce",
        "reduces",
        "reduced",
        "down",
    ),
    # Not "ban": it is Vietnamese too ("ban hành", "ban ngày", "Ban Chỉ đạo").
    "banned": (
        "cấm",
        "bị cấm",
        "banned",
        "prohibit",
        "prohibits",
        "prohibited",
        "forbidden",
        "illegal",
    ),
    "allowed": (
        "được phép",
        "cho phép",
        "hợp pháp",
        "allow",
        "allows",
        "allowed",
        "permit",
        "permits",
        "permitted",
        "legal",
        "legalise",
        "legalize",
    ),
    "won": (
        "thắng",
        "đánh bại",
        "win",
        "wins",
        "won",
        "beat",
        "beats",
        "defeat",
        "defeats",
        "defeated",
    ),
    "lost": ("thua", "lose", "loses", "lost"),
    # Not "miễn" alone: "miễn dịch" is immunity, "miễn là" "as long as".
    "exempt": (
        "miễn phí",
        "miễn thị thực",
        "miễn visa",
        "miễn học phí",
        "miễn thuế",
        "miễn tiền",
        "miễn viện phí",
        "miễn toàn bộ",
        "được miễn",
        "waive",
        "waives",
        "waived",
        "exempt",
        "exempts",
        "exempted",
        "visa-free",
        "free of charge",
        "tuition-free",
    ),
    "charged": (
        "thu phí",
        "tính phí",
        "mất phí",
        "tăng phí",
        "thu tiền",
        "charge",
        "charges",
        "charged",
        "charging",
        "fee",
        "fees",
    ),
    "mandatory": ("bắt buộc", "mandatory", "compulsory", "obligatory"),
    "optional": ("tự chọn", "tự nguyện", "optional", "voluntary"),
}
OPPOSITE = {
    "up": "down",
    "down": "up",
    "banned": "allowed",
    "allowed": "banned",
    "won": "lost",
    "lost": "won",
    "exempt": "charged",
    "charged": "exempt",
    "mandatory": "optional",
    "optional": "mandatory",
}
# A negation one or two words before a direction word turns it round.
# "không" as readers type it in chats too.
_NO = r"(?:không|ko|k|hông|hok|khum|khg)"
_NEGATION = rf"(?:{_NO}|chưa|chẳng|chả|bỏ|not|no|never|\w+n't)"
_PATTERNS = {
    direction: re.compile(
        rf"(?<!\w)(?:({_NEGATION})\s+(?:\w+\s+)?)?(?P<word>"
        + "|".join(map(re.escape, words))
        + r")(?!\w)"
    )
    for direction, words in DIRECTIONS.items()
}


# Direction words that are also Vietnamese names ("ông Tăng Văn Bình", "anh Thắng").
NAMES = frozenset({"tăng", "thắng"})


def _is_name(text: str, start: int, word: str) -> bool:
    """A name-like direction word written with a capital inside a sentence."""
    before = text[:start].rstrip()
    return (
        word in NAMES
        and text[start].isupper()
        and bool(before)
        and before[-1] not in ".!?:;\"'“(-–—"
    )


def directions(text: str) -> frozenset[str]:
    """The directions ``text`` states (it should carry its tone marks: restore them first)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): no offsets
        text = lowered
    found = set()
    for direction, pattern in _PATTERNS.items():
        for match in pattern.finditer(lowered):
            if _is_name(text, match.start("word"), match.group("word")):
                continue
            found.add(OPPOSITE[direction] if match.group(1) else direction)
    return frozenset(found)


# A claim and its negation ("… không gây loãng xương") are different claims: the fact-check's
# verdict on one does not hold for the other. "không" also makes nouns ("không khí", "hàng
# không") and questions ("… có đúng không?"): those are not negations.
_NEGATED = re.compile(
    rf"(?<!\w)(?:{_NO}|chưa|chẳng|chả|chẳng hề|đâu có|not|never|no longer|no|without|unless"
    r"|cannot|nor|\w+n't)(?!\w)"
)
# What a reader adds after a question's "không": "… có đúng không ạ", "thật không mọi người?".
_PARTICLE = (
    r"(?:ạ|á|à|a|ah|nhỉ|nhé|nha|hả|hở|vậy|thế|ta|chứ|ơi|mn|ae|ad|admin|các bạn|bạn"
    r"|mọi người|cả nhà|anh em|chị em|bà con|bác sĩ|bs)"
)
_NOT_NEGATION = re.compile(
    r"(?<!\w)(?:(?:hàng|số|phi|trên|hư) không|không (?:khí|gian|quân|lưu|ảnh|dây)"
    rf"|{_NO} (?:gì cả|những|chỉ|ai|biết|rõ|nên|hay|ít)|chưa (?:kể|biết)"
    rf"|(?:hay|hoặc) (?:{_NO}|chưa)"
    # A "không" or "chưa" that ends its clause asks; it denies nothing: "thật không, …".
    rf"|(?:{_NO}|chưa)(?:\s+{_PARTICLE})*\s*(?:[,;:.?!…]|$)"
    rf"|{_NO}\s+{_PARTICLE}(?!\w)"
    # "Otherwise", "less than": "kiêng rau muống không thì sẹo lồi", "chưa tới 100 triệu".
    rf"|{_NO} thì|chưa (?:tới|đến|đầy)"
    # A contrast denies the alternative, not the claim: "ban ngày chứ không phải ban đêm".
    rf"|chứ (?:{_NO}|đâu|chẳng)(?: phải)?(?:\s+\w+){{0,3}}"
    r"|not only|not just|no one|nobody|no matter)(?!\w)"
)
# A command that opens a clause tells the reader what to do; it denies nothing the post states:
# "…, don't let them vaccinate your kid", "Never eat raw garlic". As "đừng" in Vietnamese, which
# is no negation either. "Vaccines don't cause autism" keeps its negation: a subject comes first.
_COMMAND = re.compile(r"(?:^|(?<=[,;:.!?…\n(\"“]))\s*(?:please\s+)?(?:don['’]t|do not|never)(?=\s)")


# Numbers too: "… không phải là 34" denies the 34 that "cả nước còn 34 tỉnh" states.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SCOPE = 2  # words a negation denies, past auxiliaries: "không [giúp trẻ] tăng chiều cao"
# Verbs that deny what follows them: "bị cấm [rút]" says what "không còn được [rút]" says.
# English ones in forms that are not Vietnamese words too ("ban": "ban hành", "ban ngày").
_DENYING = re.compile(
    r"(?<!\w)(?:cấm|ngừng|dừng|chấm dứt|bãi bỏ|xóa bỏ|hủy bỏ|bans|banned"
    r"|banning|stops|stopped|halts|halted|suspends|suspended|abolishes"
    r"|abolished|scraps|scrapped)(?!\w)"
)
# What stands between a negation and the word it denies: "không [còn được] rút", "chưa [từng]".
_AUXILIARY = frozenset(
    {
        "còn",
        "được",
        "bị",
        "có",
        "phải",
        "hề",
        "thể",
        "cần",
        "sẽ",
        "đã",
        "hẳn",
        "hoàn",
        "toàn",
        "cho",
        "là",
        "bao",
        "giờ",
        "từng",
        "chắc",
        "thực",
        "sự",
        "chịu",
        "mức",  # "không phải chịu mức [phạt]"
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "have",
        "has",
        "can",
        "will",
        "would",
        "a",
        "an",
        "the",
        "longer",
        "ever",
        "really",
    }
)


def negated(text: str) -> frozenset[str]:
    """The words ``text`` (with its tone marks: restore them first) denies, folded: the two
    after each negation, past auxiliaries (``<not>`` for a negation with none after it). A
    negated direction is left out: ``directions`` has already turned it round ("không cho
    phép" is banned)."""
    lowered = _NOT_NEGATION.sub(" ", _COMMAND.sub(" ", text.lower().strip()))
    for pattern in _PATTERNS.values():
        lowered = pattern.sub(lambda match: " " if match.group(1) else match.group(0), lowered)
    found: set[str] = set()
    for pattern in (_NEGATED, _DENYING):
        for match in pattern.finditer(lowered):
            words = [
                word
                for word in _WORD.findall(lowered[match.end() : match.end() + 80])
                if word not in _AUXILIARY
            ][:_SCOPE]
            if not words:
                found.add("<not>")
            # As the search form spells it: "bhxh" is "bao hiem xa hoi", so its first word.
            found.update(expand(fold(word)).split()[0] for word in words)
    return frozenset(found)


# What a text says is done away with: "cấp huyện [bị bỏ]", "sổ hộ khẩu giấy [sẽ bị xóa sổ]",
# "[bãi bỏ] thi tốt nghiệp", "the tax [was scrapped]". "Không còn cấp huyện" says it with a
# negation (``negated``); a removal is the same claim in other words. A removal's words are read
# only to agree with a negation, never to clash with a word the other side states: where its
# subject begins is a guess (``_REMOVED_SCOPE`` words back to the clause's start).
_REMOVAL_VERBS = (
    r"bãi bỏ|xóa bỏ|hủy bỏ|loại bỏ|bỏ|xóa sổ|khai tử|abolish|abolished|abolishes|scrap|scrapped"
    r"|scraps|eliminate|eliminated|eliminates|remove|removed|removes|axed|dropped"
)
# What has run out says the same: "thẻ BHYT giấy [hết giá trị]", "the permit [expired]".
_EXPIRY = r"hết giá trị|hết hiệu lực|hết hạn|expired|expires|expire"
# "[X] bị bỏ", "[X] will be abolished", "[X] hết hiệu lực": the words before are what is removed.
_REMOVED_PASSIVE = re.compile(
    rf"(?<!\w)(?:(?:bị|was|were|is|are|be|been|being|get|gets|got)\s+(?:{_REMOVAL_VERBS})"
    rf"|{_EXPIRY})(?!\w)"
)
# "bỏ [X]", "abolishes [X]": the words after; not where "bỏ" is another verb's half ("bỏ phiếu"
# votes, "bỏ tiền" pays, "bỏ trốn" flees).
_REMOVED_ACTIVE = re.compile(
    rf"(?<!\w)(?<!bị )(?:{_REMOVAL_VERBS})(?!\w)(?!\s+(?:phiếu|tiền|ra|trốn|túi|vốn|công|sức|lỡ|rơi))"
)
_CLAUSE = re.compile(r"[,;:.!?…\n]")
_REMOVED_SCOPE = 4


def removed(text: str) -> frozenset[str]:
    """The words ``text`` (with its tone marks) says are done away with, folded: up to four
    before a passive removal, back to its clause's start, and up to four after an active one,
    past auxiliaries. None where the removal is denied ("cấp huyện không bị bỏ")."""
    lowered = text.lower()
    found: set[str] = set()
    passive = list(_REMOVED_PASSIVE.finditer(lowered))
    for match in passive:
        clause = _CLAUSE.split(lowered[: match.start()])[-1]
        words = [word for word in _WORD.findall(clause) if word not in _AUXILIARY]
        if words and _NEGATED.fullmatch(words[-1]):
            continue
        found.update(fold(word) for word in words[-_REMOVED_SCOPE:])
    for match in _REMOVED_ACTIVE.finditer(lowered):
        if any(p.start() < match.start() < p.end() for p in passive):
            continue
        before = _WORD.findall(lowered[max(match.start() - 20, 0) : match.start()])
        if before and _NEGATED.fullmatch(before[-1]):
            continue
        clause = _CLAUSE.split(lowered[match.end() : match.end() + 80])[0]
        words = [word for word in _WORD.findall(clause) if word not in _AUXILIARY]
        found.update(fold(word) for word in words[:_REMOVED_SCOPE])
    # As the search form spells them: "bhxh" is "bao hiem xa hoi", so its first word.
    return frozenset(expanded.split()[0] for expanded in map(expand, found) if expanded.strip())


def negation_clash(
    query: Set[str],
    query_words: Set[str],
    claim: Set[str],
    claim_words: Set[str],
    cross: bool,
    query_removed: Set[str] = frozenset(),
    claim_removed: Set[str] = frozenset(),
) -> bool:
    """True when one side denies a word the other asserts ("… không giúp trẻ tăng chiều cao"
    against "… giúp trẻ tăng chiều cao"). A paraphrase that words a negation differently ("không
    còn được rút" against "bị cấm rút", "không còn cấp huyện" against "cấp huyện bị bỏ": the
    ``removed`` words) denies nothing the other side says. Across languages the words cannot be
    compared: one side negated and the other neither negated nor removing is the clash."""
    if cross:
        return bool(query and not (claim or claim_removed)) or bool(
            claim and not (query or query_removed)
        )
    return bool((query & claim_words) - claim - claim_removed) or bool(
        (claim & query_words) - query - query_removed
    )


def clash(query: frozenset[str], claim: frozenset[str]) -> bool:
    """True when the claim states the opposite of a direction the query states, and the two
    share no direction ("giảm rồi lại tăng" does not clash with "tăng")."""
    return not query & claim and any(OPPOSITE[direction] in claim for direction in query)


# Negations as the search form spells them: "ko", "k", "hok" are written out as "khong", and
# "don't" is "don t" (a "t" after one of _CONTRACTED; alone, "t" is chat shorthand for "tôi").
# Not those that fold like other words: "chưa" like "chứa" (contains), "chẳng" like "chàng",
# "chả" like "cha", "no" like "nó", "don" like "đón".
NEGATION_WORDS = frozenset({"khong", "not", "never", "cannot", "t"})
_CONTRACTED = frozenset(
    {"don", "doesn", "didn", "isn", "aren", "wasn", "weren", "won", "couldn", "hasn", "can"}
)
_OTHER_GAP = 6  # words at most in the other side's place: "ở Phú Thọ", "mỗi sáng giúp"
# What may stand beside the negation in its gap: "[không hề]", "[không còn được]", "[does not]".
_BESIDE = frozenset(fold(word) for word in _AUXILIARY) | _CONTRACTED


# Words that deny in the other side's place make it a paraphrase: "[không được] dạy thêm" is
# "[bị cấm] dạy thêm", "[không] uống nước cam" is "[kiêng] uống nước cam", "[không còn] dùng
# được" is "[hết giá trị sử] dụng", "[không bị] cảm lạnh" is "[giúp phòng ngừa] cảm lạnh".
_DENIES = frozenset(
    {
        "cam",
        "kieng",
        "ngung",
        "bai",
        "xoa",
        "huy",
        "het",
        "phong",
        "ngua",
        "tranh",
        "ban",
        "banned",
        "bans",
        "stop",
        "stopped",
        "expired",
        "prevent",
        "prevents",
        "protect",
        "protects",
        "avoid",
        "avoids",
    }
)


# A removal's verb as the search form spells it: "không [bỏ] kỳ thi" denies the removal itself,
# which the other side's "bỏ kỳ thi" states.
_REMOVING = frozenset(
    word.split()[0] for word in map(fold, (_REMOVAL_VERBS + "|" + _EXPIRY).split("|"))
)


def _negates(words: Sequence[str]) -> bool:
    return any(
        word in NEGATION_WORDS and (word != "t" or (n > 0 and words[n - 1] in _CONTRACTED))
        for n, word in enumerate(words)
    )


def _only_negation(words: Sequence[str]) -> bool:
    return len(words) <= 3 and all(word in NEGATION_WORDS or word in _BESIDE for word in words)


def flipped(
    query: Sequence[str],
    claim: Sequence[str],
    query_removed: Set[str] = frozenset(),
    claim_removed: Set[str] = frozenset(),
) -> bool:
    """True when the two texts say the same words around a negation only one of them has: "vắc
    xin sởi [không] gây tự kỷ" against "vắc xin sởi gây tự kỷ ở trẻ em", "cầu Phong Châu
    [không] bị sập" against "cầu Phong Châu [ở Phú Thọ] bị sập". Search forms, word by word.
    A negation that ends the text asks ("… gây loãng xương không?"): it has nothing after it.
    What the negation denies is no flip where the other side says it is done away with (its
    ``removed`` words): "không còn cấp huyện" against "cấp huyện bị bỏ"."""
    blocks = [
        block
        for block in SequenceMatcher(None, query, claim, autojunk=False).get_matching_blocks()
        if block.size
    ]
    for before, after in zip(blocks, blocks[1:]):
        query_gap = query[before.a + before.size : after.a]
        claim_gap = claim[before.b + before.size : after.b]
        if _negates(query_gap) == _negates(claim_gap):
            continue
        if _negates(query_gap):
            negated, other, denied, removed_there = query_gap, claim_gap, query, claim_removed
            start = after.a
        else:
            negated, other, denied, removed_there = claim_gap, query_gap, claim, query_removed
            start = after.b
        denies_removal = bool(_REMOVING & set(denied[start : start + 2]))  # "không [bỏ] …"
        if removed_there & set(denied[start : start + _OTHER_GAP]) and not denies_removal:
            continue
        if _only_negation(negated) and len(other) <= _OTHER_GAP and not _DENIES & set(other):
            return True
    return False
