"""Who did what to whom: two texts that name the same two countries around one act, their roles
swapped.

"Việt Nam thắng Thái Lan" and "Thái Lan thắng Việt Nam" share every word, every named thing and
their direction; word overlap, embeddings and the clash features read them as one claim. This
module reads, for a few acts that fact-checks of sport and of international news turn on
(beating, attacking, sanctioning, suing), which country acts and which undergoes it:

- ``A <act> B``, with at most a few words such as "đã", "vừa", "bất ngờ", "3-0" around the act:
  A acts on B ("Việt Nam đánh bại Thái Lan 3-0", "Russia attacked Ukraine");
- the act said from the other side — "thua", "lost to", "bị … tấn công", "was attacked by",
  "… bởi" — or "A bị B <act>": B acts on A ("Thái Lan thua Việt Nam", "Thái Lan bị Việt Nam
  đánh bại", "Ukraine was invaded by Russia").

``swapped`` says whether a text and a claim state one act between the same two countries in
opposite directions, and neither also states it the other way. It reads no more than that: a
sentence it cannot take apart gives no roles, and then no swap. Acts are read with or without
tone marks; the short names matched by their capital and their marks ("Mỹ", "Nhật", "Nga")
need both. The matcher adds it to the
first match's clashes (``MatchResult.answers_alone``): a tipline does not answer such a text
alone, and an explained match says why. The decision itself does not read it (its models
were not trained with it). ``agree`` says the opposite: one act the same way round, however
each side says it; where it holds, "thua" (lost) against "thắng" (won) is no direction clash
(``features.direction_clash``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.normalize import fold, normalize
from .entities import NAMES, name_pattern, name_text

# Names ``entities`` leaves out of its countries: Việt Nam (nearly every claim is about it),
# and "Nga" alone (a given name, and "ngã" folds to it) — here only between two countries.
_MORE = {
    "vietnam": ("việt nam", "vietnam", "viet nam", "^VN", "^Việt", "vietnamese", "người việt"),
    "russia": ("^Nga",),
}

# act → its words, folded, "|" between them: said from the side that acts, then from the side
# that undergoes it ("thua": lost to).
ACTS: dict[str, tuple[str, str]] = {
    "beat": (
        "thang|danh bai|ha guc|danh guc|vuot qua|beat|beats|beaten|defeated|defeats|defeat"
        "|won against|wins against|thrashed|crushed",
        "thua|thua tran|lost to|loses to|lose to|fell to",
    ),
    "attack": (
        "tan cong|khong kich|xam luoc|xam chiem|danh bom|attacked|attacks|attack|invaded"
        "|invades|invade|bombed|bombs|bomb",
        "",
    ),
    "sanction": ("trung phat|cam van|sanctioned|sanctions|sanction", ""),
    "sue": ("khoi kien|sued|sues|sue", ""),  # not "kiện" alone: "kiến" folds to it
}
# Words that may stand beside an act without changing who does it: tense and manner, a score.
_FILLER = (
    r"(?:da|vua|se|moi|lai|van|bat ngo|de dang|tiep tuc|chinh thuc|cong khai|ngang nhien"
    r"|has|have|had|just|will|would|reportedly|officially|easily|again|once again"
    r"|truoc|against|over|\d+\s*[-–:]\s*\d+)"
)
_BEFORE_AGENT = r"(?:bi|was|were|been|is|are|be|being)"  # "bị tấn công", "was attacked"
_AFTER_BY = r"(?:boi|by)"  # "bị đánh bại bởi", "attacked by"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """The folded, accented and cased name patterns of the countries (with Việt Nam), and the
    country each name's text names."""
    names: dict[str, list[str]] = {"": [], "~": [], "^": []}
    country: dict[str, str] = {}
    for entity in {*NAMES["country"], *_MORE}:
        for name in (*NAMES["country"].get(entity, ()), *_MORE.get(entity, ())):
            how, name = (name[0], name[1:]) if name[0] in "~^" else ("", name)
            text = {"": fold, "~": lambda n: normalize(n).lower(), "^": normalize}[how](name)
            names[how].append(text)
            if country.setdefault(name_text(text), entity) != entity:
                raise ValueError(f"{name_text(text)!r} names two countries")
    compiled = [
        re.compile(
            r"(?<!\w)("
            + "|".join(map(name_pattern, sorted(table, key=len, reverse=True)))
            + r")(?!\w)"
        )
        for table in names.values()
    ]
    return compiled[0], compiled[1], compiled[2], country


def _mentions(written: str, folded: str) -> list[tuple[int, int, str]]:
    """The countries a normalized text names, as (start, end, country) in its positions (the
    same in ``folded``), in order; overlapping mentions keep the longer."""
    lowered = written.lower()
    if not len(folded) == len(lowered) == len(written):  # "İ" lowers to two: positions differ
        return []
    by_fold, by_accent, by_case, country = _patterns()
    found = [
        (match.start(), match.end(), country[match.group(1)])
        for pattern, against in (
            (by_fold, folded),
            (by_accent, lowered),
            (by_case, written),
        )
        for match in pattern.finditer(against)
    ]
    kept: list[tuple[int, int, str]] = []
    for start, end, name in sorted(found, key=lambda m: (m[0], -m[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, name))
    return kept


@lru_cache(maxsize=1)
def _act_words() -> dict[str, tuple[str, int]]:
    """Each act word: its act, and 0 when it is said from the side that acts, 1 otherwise."""
    return {
        word: (act, side)
        for act, sides in ACTS.items()
        for side, said in enumerate(sides)
        for word in said.split("|")
        if word
    }


@lru_cache(maxsize=1)
def _act_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """``A <act> B`` and ``A bị B <act>`` on the folded text between two mentions, and the
    one or two words after B that may be the act of the second."""
    act = "|".join(sorted(map(re.escape, _act_words()), key=len, reverse=True))
    fill = rf"(?:{_FILLER}\s+)*+"  # possessive: a long run of fillers is read once
    between = re.compile(
        rf"\s*{fill}(?:(?P<passive>{_BEFORE_AGENT})\s+{fill})?(?P<act>{act})"
        rf"(?:\s+{_FILLER})*+(?P<by>\s+{_AFTER_BY})?\s*"
    )
    agent_between = re.compile(rf"\s*{fill}bi\s+")  # "A bị" … B … "<act>"
    after_agent = re.compile(rf"\s*{fill}(\w+(?:\s+\w+)?)")
    return between, agent_between, after_agent


@lru_cache(maxsize=1024)  # a claim is read again for each text it is the first match of
def roles(text: str) -> frozenset[tuple[str, str, str]]:
    """The acts ``text`` states between two countries, as (act, who acts, who undergoes it)."""
    written = normalize(text)
    folded = fold(written)
    mentions = _mentions(written, folded)
    if len(mentions) < 2:
        return frozenset()
    between, agent_between, after_agent = _act_patterns()
    words = _act_words()
    found: set[tuple[str, str, str]] = set()
    for (_, end, first), (start, after, second) in zip(mentions, mentions[1:]):
        if first == second:
            continue
        gap = folded[end:start]
        if gap.startswith(".") and written[end - 1].isupper():
            gap = gap[1:]  # the full stop of "U.S.", not a sentence's end
        said = between.fullmatch(gap)
        if said:
            act, side = words[said.group("act")]
            reversed_ = side == 1 or bool(said.group("passive")) or bool(said.group("by"))
            found.add((act, second, first) if reversed_ else (act, first, second))
            continue
        if agent_between.fullmatch(gap):  # "Thái Lan bị Việt Nam đánh bại"
            tail = after_agent.match(folded, after)
            for length in (2, 1):
                said_act = " ".join(tail.group(1).split()[:length]) if tail else ""
                if said_act in words:
                    found.add((words[said_act][0], second, first))
                    break
    return frozenset(found)


def swapped(text: str, claim: str) -> bool:
    """Whether ``text`` and ``claim`` state one act between the same two countries with their
    roles swapped, and neither states it the other way too."""
    theirs = roles(claim)  # a claim, short, first: most state no roles
    if not theirs:
        return False
    mine = roles(text)
    return any(
        (act, patient, agent) in theirs
        and (act, agent, patient) not in theirs
        and (act, patient, agent) not in mine
        for act, agent, patient in mine
    )


def agree(text: str, claim: str) -> bool:
    """Whether ``text`` and ``claim`` state one act between the same two countries the same way
    round, however each says it ("Thái Lan thua Việt Nam", "Việt Nam thắng Thái Lan")."""
    theirs = roles(claim)
    return bool(theirs) and bool(roles(text) & theirs)
