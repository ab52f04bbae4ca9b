"""Restoring tone marks to Vietnamese typed without them, so dense vectors can read it.

e5 embeds ``vua an sau rieng`` far from ``vừa ăn sầu riêng``; lexical search does not care, but
paraphrases without tone marks need the dense side too.

Restoration is a small Viterbi decoder over each run of syllables. Every folded syllable has
its accented readings, scored by how common each is in Vietnamese (wordfreq's Vietnamese
frequencies) and in the fact-check library; each pair of neighbouring readings gains when it
occurs in the library (what a query must meet), in the Vietnamese news sentences underthesea
ships beside its part-of-speech model (VLSP 2013, ~80,000 syllables: "người dân", "hiện nay"),
or inside a word of underthesea's word lists (Viet11K → Viet74K: the commoner the list, the
larger the gain). A number is a neighbour too, so "nam 2024" reads "năm 2024". The best path
wins.

A reading's probability mixes general frequency and the library's own (half each, so the
library counts as much at 100 entries as at 100,000): a query that a fact-check answers shares
the fact-check's words ("loãng xương", not the commoner "loãng xuống").

Measured by ``training/train.py restorer`` (training sentences typed again without tone marks,
against a library on other topics): 79.8% of syllables right; 78.2% without the news
sentences' pairs and numbers as neighbours, 73% for the greedy longest-phrase restorer this
decoder replaced.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import Iterable

from .abbreviations import ACCENTED, CONTEXTUAL, UNIT, UNITS, unit_last
from .language import vietnamese_syllables
from .normalize import fold, normalize

_SYLLABLE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+")

# Scores (log scale). Tuned on training/checkworthy.jsonl, folded (see the module docstring).
READINGS = 8  # accented readings kept per syllable, the commonest first
LIBRARY_SHARE = 0.5  # a reading's probability: this share from the library's own words,
# the rest from general Vietnamese (so the library's weight does not
# grow with its size)
LIBRARY_PAIR = 3.0  # a neighbouring pair seen in the library: this + × log(1 + count)
CORPUS_PAIR = 1.0  # a pair seen in underthesea's tagged news sentences: the same form
LEXICON_PAIR = 4.0  # a two-syllable word of the word lists ...
LEXICON_TIER = 1.5  # ... plus this for each commoner list the word is in (11K: +3 tiers)
UNKNOWN = -16.0  # the floor: a reading no frequency list knows
ABBREVIATION = -7.0  # "ko", "tphcm" written out (ACCENTED): as likely as a common word, so
# "ko" is "không" but "hoa hong" stays "hoa hồng"
# underthesea's word lists, rarest tier first; a word's tier is the commonest list holding it.
_WORD_LISTS = ("Viet74K.txt", "Viet39K.txt", "Viet22K.txt", "Viet11K.txt")
NUMBER = "<số>"  # what a number is as a neighbour: "năm 2024", "tháng 7", "ngày 1/7"


def _neighbours(syllables: list[str]) -> Iterable[tuple[str, str]]:
    """Pairs of neighbouring syllables, a number standing as ``NUMBER``."""
    words = [NUMBER if token.isdigit() else token for token in syllables]
    return (
        (a, b)
        for a, b in zip(words, words[1:])
        if (a.isalpha() or a == NUMBER) and (b.isalpha() or b == NUMBER) and not a == b == NUMBER
    )


@lru_cache(maxsize=1)
def _corpus_pairs() -> Counter[tuple[str, str]]:
    """Syllable pairs of the Vietnamese news sentences that underthesea ships with its
    part-of-speech model (VLSP 2013, its test output: ~80,000 syllables, one word a line)."""
    pairs: Counter[tuple[str, str]] = Counter()
    try:
        models = resources.files("underthesea") / "pipeline" / "pos_tag" / "models"
        found = sorted(models.glob("*/test_output.txt"))  # type: ignore[attr-defined]
        text = found[-1].read_text(encoding="utf-8") if found else ""
    except (AttributeError, ModuleNotFoundError, OSError):  # not there: the other sources stay
        return pairs
    for sentence in text.split("\n\n"):
        words = [line.split("\t", 1)[0] for line in sentence.splitlines() if line.strip()]
        pairs.update(_neighbours(_SYLLABLE.findall(normalize(" ".join(words)).lower())))
    return pairs


@lru_cache(maxsize=1)
def _general() -> tuple[dict[str, Counter[str]], dict[tuple[str, str], int]]:
    """Readings of each folded syllable with their frequency, and the word lists' syllable
    pairs with their tier: the same for every library, read once per process."""
    import wordfreq

    readings: dict[str, Counter[str]] = defaultdict(Counter)
    for word, frequency in wordfreq.get_frequency_dict("vi").items():
        word = normalize(word)
        if word.isalpha():
            readings[fold(word)][word] += frequency  # type: ignore[assignment]  # float weights
    tiers: dict[str, int] = {}  # word as listed → the commonest list holding it
    for tier, name in enumerate(_WORD_LISTS):
        try:
            text = (resources.files("underthesea") / "corpus" / "data" / name).read_text(
                encoding="utf-8"
            )
        except (FileNotFoundError, ModuleNotFoundError):
            continue
        for line in text.splitlines():
            word = line.strip()
            # Two-syllable words only: pairs inside rare longer ones ("cô ai tử") misread
            # common phrases ("có ai").
            if word.count(" ") == 1 and "-" not in word:
                tiers[word] = tier
    pairs: dict[tuple[str, str], int] = {}
    syllables: dict[str, str] = {}  # as listed → normalised; a few thousand, each done once
    for word, tier in tiers.items():
        parts = []
        for part in word.lower().split():
            if part not in syllables:
                syllables[part] = normalize(part)
                if syllables[part].isalpha() and syllables[part] not in readings[fold(part)]:
                    readings[fold(part)][syllables[part]] += 1e-7  # type: ignore[assignment]  # known, if rare
            parts.append(syllables[part])
        for pair in zip(parts, parts[1:]):
            pairs[pair] = max(pairs.get(pair, 0), tier)
    return dict(readings), pairs


class Restorer:
    """Tone marks for text typed without them, decided with the library's own words first."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.words: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            syllables = _SYLLABLE.findall(normalize(text).lower())
            self.words.update(word for word in syllables if word.isalpha())
            self.pairs.update(_neighbours(syllables))
        self.own: dict[str, set[str]] = defaultdict(set)
        for word in self.words:
            self.own[fold(word)].add(word)
        self.size = sum(self.words.values())
        self._readings: dict[str, list[tuple[str, float]]] = {}

    def restore(self, text: str) -> str:
        """``text`` with tone marks added, abbreviations written out ("dh" → "đại học")."""
        # Units glued to a number first: "500k" is "500 nghìn", a lone "k" is "không".
        text = UNIT.sub(
            lambda match: f"{match.group(1)} {UNITS[match.group(2)]}", unit_last(text.lower())
        )
        out: list[str] = []
        run: list[str] = []
        for token in _SYLLABLE.findall(text):
            if token.isalpha() or token.isdigit():  # a number stays, as a neighbour
                run.append(token)
                continue
            out.extend(self._decode(run))
            run = []
            out.append(token)
        out.extend(self._decode(run))
        return " ".join(out)

    def _candidates(self, token: str) -> list[tuple[str, float]]:
        if token.isdigit() or _marked(token):  # a word typed with its marks keeps them
            return [(token, 0.0)]
        kept = self._readings.get(token)
        if kept is None:
            key = fold(token)
            frequencies = _general()[0].get(key, Counter())
            forms = [form for form, _ in frequencies.most_common(READINGS)]
            forms += sorted(self.own.get(key, set()) - set(forms))
            kept = [(form, self._score(form, frequencies.get(form, 0.0))) for form in forms]
            if token in ACCENTED and token not in CONTEXTUAL:
                kept.append((ACCENTED[token], ABBREVIATION))
            kept = kept or [(token, UNKNOWN)]
            if len(self._readings) > 50_000:
                self._readings = {}
            self._readings[token] = kept
        return kept

    def _score(self, form: str, general: float) -> float:
        own = self.words.get(form, 0) / self.size if self.size else 0.0
        share = LIBRARY_SHARE if self.size else 0.0
        probability = (1.0 - share) * general + share * own
        return max(UNKNOWN, math.log(probability)) if probability > 0 else UNKNOWN

    def _pair(self, left: str, right: str) -> float:
        left = NUMBER if left.isdigit() else left
        right = NUMBER if right.isdigit() else right
        score = 0.0
        seen = self.pairs.get((left, right), 0)
        if seen:
            score += LIBRARY_PAIR * (1.0 + math.log1p(seen))
        seen = _corpus_pairs().get((left, right), 0)
        if seen:
            score += CORPUS_PAIR * (1.0 + math.log1p(seen))
        tier = _general()[1].get((left, right))
        if tier is not None:
            score += LEXICON_PAIR + LEXICON_TIER * tier
        return score

    def _decode(self, run: list[str]) -> list[str]:
        """The best reading of a run of syllables (Viterbi over neighbouring pairs)."""
        if not run:
            return []
        lattice = [self._candidates(token) for token in run]
        scores = [score for _, score in lattice[0]]
        back: list[list[int]] = []
        for previous, current in zip(lattice, lattice[1:]):
            lasts = [form.rsplit(" ", 1)[-1] for form, _ in previous]
            step_scores, step_back = [], []
            for form, score in current:
                first = form.split(" ", 1)[0]
                totals = [scores[j] + self._pair(last, first) for j, last in enumerate(lasts)]
                best = max(range(len(totals)), key=totals.__getitem__)
                step_scores.append(totals[best] + score)
                step_back.append(best)
            scores = step_scores
            back.append(step_back)
        choice = max(range(len(scores)), key=scores.__getitem__)
        path = [choice]
        for step_back in reversed(back):
            choice = step_back[choice]
            path.append(choice)
        return [lattice[i][j][0] for i, j in enumerate(reversed(path))]


# A post typed without tone marks may carry a few words that have them: a heading pasted above
# it ("TIN NÓNG"), a hashtag, a name. Typed Vietnamese has marks on most of its words, so up to
# this share of words with marks, among at least TONED_WORDS words, is still a post without.
TONED_SHARE = 0.2
TONED_WORDS = 8
# A longer heading ("Cảnh báo khẩn, chia sẻ ngay: tu 1/7 …") leaves more words with marks, but
# the post below it still has long runs of Vietnamese syllables without any. Typed Vietnamese
# seldom has even five in a row: one text of 4,189 in training/ and eval/ did ("… ASEAN Cup
# 2024 sau khi …"), against nearly every post typed without marks of that length.
BARE_RUN = 6


def lacks_tone_marks(text: str) -> bool:
    """True for text typed without Vietnamese diacritics, or with a part typed without them:
    none on any letter, on at most a fifth of a longer text's words, or a run of ``BARE_RUN``
    Vietnamese syllables in a row without any. ``Restorer.restore`` keeps the marks a word was
    typed with."""
    words = _LETTERS.findall(text.lower())
    toned = sum(1 for word in words if _marked(word))
    if toned == 0 or (len(words) >= TONED_WORDS and toned <= TONED_SHARE * len(words)):
        return True
    syllables, run = vietnamese_syllables(), 0
    for word in words:
        run = run + 1 if not _marked(word) and word in syllables else 0
        if run >= BARE_RUN:
            return True
    return False


def _marked(word: str) -> bool:
    return "đ" in word or fold(word) != word
