"""Features of a (query, fact-check) pair, the input of the calibrated decision."""

from __future__ import annotations

import hashlib
import importlib
import json
import math
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from pathlib import Path
from typing import AbstractSet as Set

from ..claims.detector import ClaimDetector
from . import entities, questions, roles
from .lexical import (
    bigrams,
    content_tokens,
    dates,
    days,
    label_clash,
    labels,
    loanwords,
    months,
    named_numbers,
    numbers,
    same_dates,
    search_form,
    years,
)
from .polarity import NEGATION_WORDS, clash, directions, flipped, negated, negation_clash, removed

NAMES = (
    "cos",
    "cos_gap",
    "bm25_rel",
    "cover_claim",
    "cover_query",
    "bigram_cover",
    "number_clash",
    "cross_lingual",
    "cross_cos",
    "query_len",
    "claim_len",
    "lexical_hit",
    "cos_margin",
    "idf_cover_claim",
    "idf_cover_query",
    "cos_background_z",
    "direction_clash",
    "aligned_cos",
    "aligned_gap",
    "year_clash",
    "loanword_miss",
    "query_rest_idf",
    "claim_rest_idf",
    "swap_idf",
    "aligned_claim",
    "slot_swap",
    "negation_clash",
    "number_share",
    "query_claimlike",
    "entity_clash",
    "entity_share",
    "asks_other",
    "tail_cover",
    "posted_year",
    "date_clash",
    "negation_flip",
    "speaker_named",
    "posted_month",
)


@lru_cache(maxsize=1)
def _detector() -> ClaimDetector:
    return ClaimDetector(threshold=0.5)


class Idf(dict[str, float]):
    """Inverse document frequency of each folded token in the library, worked out once per
    token (``idf[token]``)."""

    def __init__(self, frequency: Counter[str], size: int) -> None:
        super().__init__()
        self.frequency, self.size = frequency, size

    def __missing__(self, token: str) -> float:
        held = self.frequency.get(token, 0)
        if not held:  # not kept: the words of every query ever seen would pile up
            return math.log(self.size) + 1.0
        value = self[token] = math.log(self.size / (1 + held)) + 1.0
        return value


@dataclass
class Query:
    text: str
    form: str  # search form: folded, expanded
    language: str
    tokens: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[str]
    length: int
    directions: frozenset[str]
    years: frozenset[str]
    loanwords: frozenset[str]
    sequence: tuple[str, ...]  # content words in order
    negated: frozenset[str]  # folded words it denies
    words: frozenset[str]  # every word of the search form, stopwords included
    # The check-worthiness model's score of the query: a question asking for advice or an
    # opinion on a fact-check's topic is answered by no fact-check.
    claimlike: float
    entities: frozenset[str]  # the diseases, places, subjects… it names (``entities.named``)
    asks_other: bool  # a question asking for advice, a place, an amount (``questions``)
    posted: int | None = None  # the year the post was published, when its text says
    removed: frozenset[str] = frozenset()  # folded words it says are done away with
    # The folded words naming whoever signed the post (``text.posts.signed_by``).
    speaker: frozenset[str] = frozenset()
    # The month the post was published (``text.posts.posted_month``), when its text says.
    posted_in: int | None = None

    @cached_property
    def aligner(self) -> SequenceMatcher[str]:
        matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(self.sequence)
        return matcher

    @classmethod
    def of(
        cls,
        text: str,
        form: str,
        language: str,
        accented: str | None = None,
        posted: int | None = None,
        speaker: frozenset[str] = frozenset(),
        posted_in: int | None = None,
    ) -> "Query":
        """``accented``: the text with its tone marks restored, when it was typed without;
        ``posted``: the year the post was published (``text.posts.posted_year``); ``speaker``:
        the words naming who signed it (``text.posts.signed_by``); ``posted_in``: the month it
        was published (``text.posts.posted_month``)."""
        words = content_tokens(form)
        named_years = years(text)  # years have their own feature: not numbers to share
        return cls(
            text,
            form,
            language,
            set(words),
            bigrams(form.split()),
            numbers(text) - named_years,
            len(words),
            directions(accented or text),
            frozenset(named_years),
            loanwords(text),
            tuple(words),
            negated(accented or text),
            frozenset(form.split()),
            _detector().score(accented or text),
            entities.named(accented or text, form),
            questions.asks_other(accented or text),
            posted,
            removed(accented or text),
            speaker,
            posted_in,
        )


@dataclass(frozen=True)
class ClaimTerms:
    """A fact-check's words, word pairs and numbers: the same for every query, so the matcher
    keeps them per entry instead of reading the claim again for each query."""

    tokens: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    directions: frozenset[str]
    years: frozenset[str]
    loanwords: frozenset[str]
    sequence: tuple[str, ...]  # content words in order
    negated: frozenset[str]  # folded words it denies
    words: frozenset[str]  # every word of the search form, stopwords included
    entities: frozenset[str]  # the diseases, places, subjects… it names (``entities.named``)
    form_words: int  # how many words of the search form are the claim's (a headline's follow)
    form: str  # the claim's own search form
    removed: frozenset[str] = frozenset()  # folded words it says are done away with
    months: frozenset[int] = frozenset()  # the months it names (``lexical.months``)

    @classmethod
    def of(cls, claim: str, form: str) -> "ClaimTerms":
        """``form``: the entry's search text. It begins with the claim's own form; what follows
        (the headline's) is searched, but is not what the claim states."""
        own = search_form(claim)
        if form.startswith(own + " "):
            form = own
        named_years = years(claim)  # years have their own feature: not numbers to share
        return cls._with_words(
            form,
            frozenset(numbers(claim) - named_years),
            directions(claim),
            frozenset(named_years),
            loanwords(claim),
            negated(claim),
            entities.named(claim, form),
            removed(claim),
            months(claim),
        )

    @classmethod
    def _with_words(
        cls,
        form: str,
        numbers: frozenset[str],
        directions: frozenset[str],
        years: frozenset[str],
        loanwords: frozenset[str],
        negated: frozenset[str],
        named: frozenset[str],
        removed: frozenset[str] = frozenset(),
        months: frozenset[int] = frozenset(),
    ) -> "ClaimTerms":
        words = content_tokens(form)
        return cls(
            frozenset(words),
            frozenset(bigrams(form.split())),
            numbers,
            directions,
            years,
            loanwords,
            tuple(words),
            negated,
            frozenset(form.split()),
            named,
            len(form.split()),
            form,
            removed,
            months,
        )

    def stored(self) -> str:
        """What the claim states, for the store (``from_stored`` reads it back): the parts that
        take regular expressions to read. The words come again from the search form (cheap)."""
        return json.dumps(
            {
                "version": terms_version(),
                "numbers": sorted(self.numbers),
                "directions": sorted(self.directions),
                "years": sorted(self.years),
                "loanwords": sorted(self.loanwords),
                "negated": sorted(self.negated),
                "removed": sorted(self.removed),
                "months": sorted(self.months),
                "entities": sorted(self.entities),
                "claim_words": self.form_words,
            },
            ensure_ascii=False,
        )

    @staticmethod
    @lru_cache(maxsize=1)
    def stored_prefix() -> str:
        """How terms stored by this version of the code begin."""
        return json.dumps({"version": terms_version()})[:-1]

    @classmethod
    def from_stored(cls, form: str, stored: str | None) -> "ClaimTerms | None":
        """The terms kept at import, or None when there are none or another version of the
        code read them."""
        if not stored or not stored.startswith(cls.stored_prefix()):
            return None
        try:
            data = json.loads(stored)
            return cls._with_words(
                " ".join(form.split()[: data["claim_words"]]),
                frozenset(data["numbers"]),
                frozenset(data["directions"]),
                frozenset(data["years"]),
                frozenset(data["loanwords"]),
                frozenset(data["negated"]),
                frozenset(data["entities"]),
                frozenset(data["removed"]),
                frozenset(data["months"]),
            )
        except (ValueError, KeyError, TypeError):  # damaged: read the claim instead
            return None


@lru_cache(maxsize=1)
def terms_version() -> str:
    """A digest of the code that reads a claim's terms: stored terms read by other code (an
    upgrade) are read again, with nobody having to remember to bump a number."""
    digest = hashlib.sha256()
    for name in (
        __name__,
        f"{__package__}.lexical",
        f"{__package__}.polarity",
        f"{__package__}.entities",
        "kiemchung.text.abbreviations",
        "kiemchung.text.normalize",
    ):
        digest.update(Path(importlib.import_module(name).__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def _posted_month(posted: int | None, named: Set[int]) -> float:
    """+1 when the claim names a month within one of the post's, −1 when it names only months
    further away, 0 when either is unknown. Of the first five candidates for CheckThat's dev
    tweets that name a month of a year within one of the post's, 38% of those within a month
    answer the tweet, 4% of the others: "snow fell in Los Angeles in December 2020" answers a
    post from December 2020 about snow, not one from February 2019."""
    if posted is None or not named:
        return 0.0
    return 1.0 if any(abs(month - posted) <= 1 for month in named) else -1.0


def _posted_year(posted: int | None, named: Set[str]) -> float:
    """+1 when the claim names a year within one of the post's date, −1 when it names only
    other years, 0 when either is unknown. Of the CheckThat tweets whose fact-check names a
    year, 84% were posted within a year of it: a post from 2020 about "more votes than voters
    in Detroit" is about the 2020 election, not the 2016 one."""
    if posted is None or not named:
        return 0.0
    return 1.0 if any(abs(int(year) - posted) <= 1 for year in named) else -1.0


@dataclass
class Candidate:
    id: int
    claim: str
    terms: ClaimTerms
    language: str
    cos: float
    bm25: float
    background_z: float  # cosine in standard deviations above the query's background
    aligned_cos: float  # cosine once the query is moved into the claim's language region


@dataclass
class Context:
    """What a pair's features are measured against: the query's other candidates."""

    best_cos: float
    second_cos: float
    best_bm25: float
    idf: Idf
    best_aligned: float

    @classmethod
    def of(
        cls, candidates: list[Candidate], best_bm25: float, idf: Idf, unrelated: float | None = None
    ) -> "Context":
        """``unrelated``: the cosine the best of many unrelated claims would reach (from the
        query's background), standing in for the second candidate in a one-entry library."""
        values = sorted((c.cos for c in candidates), reverse=True)
        if len(values) > 1:
            second = values[1]
        else:
            second = min(values[0], unrelated) if unrelated is not None else values[0]
        return cls(values[0], second, best_bm25, idf, max(c.aligned_cos for c in candidates))


def _idf_share(tokens: Set[str], covered: Set[str], idf: Idf) -> float:
    total = sum(idf[token] for token in tokens)
    return sum(idf[token] for token in tokens & covered) / total if total else 0.0


def _loanword_miss(vietnamese: Set[str], other: Set[str]) -> float:
    """Share of the Vietnamese side's loanwords ("virus", "gdp", "tiktok") that the other
    language's side lacks, a word inside another counting as present ("corona" in
    "coronavirus"): across languages the one lexical evidence left."""
    if not vietnamese:
        return 0.0
    missing = [
        word
        for word in vietnamese
        if not any(word in seen or (len(seen) >= 5 and seen in word) for seen in other)
    ]
    return len(missing) / len(vietnamese)


def _tail_cover(claim: tuple[str, ...], query: Set[str], idf: Idf) -> float:
    """The share of the second half of the claim's words that the query has, by rarity. A claim
    names its topic first and states something of it after ("bệnh đậu mùa khỉ | lây truyền qua
    muỗi đốt"): a post on the same topic that states something else repeats the first half."""
    tail = set(claim[len(claim) // 2 :])
    return _idf_share(tail, query, idf) if tail else 0.0


def _alignment(claim: tuple[str, ...], query: Query, idf: Idf, top: float) -> tuple[float, float]:
    """The share of the claim's words that the query repeats in the same order, and the
    rarest word swapped for another in one place: "chữa khỏi [ung thư]" against "chữa khỏi
    [bệnh gút]" is a copy with one slot changed, a different claim."""
    words = query.sequence
    if not claim or not words:
        return 0.0, 0.0
    if query.tokens.isdisjoint(claim):  # nothing in common: one swap of everything
        return 0.0, min(max(idf[t] for t in claim), max(idf[t] for t in words)) / top
    matcher = query.aligner  # the query's side is indexed once, for all its candidates
    matcher.set_seq1(claim)
    aligned = sum(block.size for block in matcher.get_matching_blocks())
    swap = 0.0
    for tag, c0, c1, q0, q1 in matcher.get_opcodes():
        if tag == "replace":
            swap = max(
                swap,
                min(max(idf[t] for t in claim[c0:c1]), max(idf[t] for t in words[q0:q1])) / top,
            )
    return aligned / len(claim), swap


def pair_features(query: Query, candidate: Candidate, context: Context) -> list[float]:
    """The pair's features in the order of ``NAMES``, the order the shipped weights were fitted in."""
    values = named_features(query, candidate, context)
    return [values[name] for name in NAMES]


def named_features(query: Query, candidate: Candidate, context: Context) -> dict[str, float]:
    """Every feature of a (query, fact-check) pair, by name."""
    best_cos, best_bm25 = context.best_cos, context.best_bm25
    cross = float(query.language != candidate.language and query.language != "other")
    claim_tokens = candidate.terms.tokens
    # Across languages, shared folded tokens are coincidences ("an", "to", "phone"/"phong"):
    # the lexical side is silent and only numbers and the dense side speak.
    query_tokens = set() if cross else query.tokens
    shared = query_tokens & claim_tokens
    claim_bigrams = frozenset() if cross else candidate.terms.bigrams
    bm25 = 0.0 if cross else candidate.bm25
    claim_numbers = candidate.terms.numbers
    named = named_numbers(query.numbers, claim_numbers) if query.numbers else set()
    # Dates clash apart from amounts: "2,34 triệu từ 1/1" shares its amount with "2,34 triệu
    # từ 1/7" and is another claim.
    query_dates, claim_dates = dates(query.numbers), dates(claim_numbers)
    # A shared name ("RON 95") is no shared amount: "RON 95 giảm 500 đồng" is not "RON 95 vượt
    # 30.000 đồng"; two names of one kind ("RON 92", "RON 95") clash as amounts do.
    amounts = query.numbers - query_dates - labels(query.numbers)
    claim_amounts = claim_numbers - claim_dates - labels(claim_numbers)
    if query_dates and claim_dates:  # compared as dates: not their days again as amounts
        amounts, claim_amounts = amounts - days(query_dates), claim_amounts - days(claim_dates)
    cos = candidate.cos
    loanword_miss = 0.0
    if cross:
        loanword_miss = (
            _loanword_miss(query.loanwords, candidate.terms.loanwords)
            if query.language == "vi"
            else _loanword_miss(candidate.terms.loanwords, query.loanwords)
        )
    # The rarest word each side has and the other lacks: a claim copied with one slot changed
    # ("chữa khỏi bệnh gút" for "chữa khỏi ung thư") leaves a rare word on both sides.
    top = math.log(max(context.idf.size, 1)) + 1.0
    query_rest = max((context.idf[t] for t in query_tokens - claim_tokens), default=0.0) / top
    claim_rest = (
        max((context.idf[t] for t in claim_tokens - query_tokens), default=0.0) / top
        if query_tokens
        else 0.0
    )
    aligned_claim, slot_swap = (
        (0.0, 0.0) if cross else _alignment(candidate.terms.sequence, query, context.idf, top)
    )
    return {
        "cos": cos,
        "cos_gap": cos - best_cos,
        "bm25_rel": bm25 / best_bm25 if best_bm25 > 0 else 0.0,
        "cover_claim": len(shared) / len(claim_tokens) if claim_tokens else 0.0,
        "cover_query": len(shared) / len(query_tokens) if query_tokens else 0.0,
        "bigram_cover": (
            len(query.bigrams & claim_bigrams) / len(claim_bigrams) if claim_bigrams else 0.0
        ),
        "number_clash": float(
            bool(amounts and claim_amounts and not named_numbers(amounts, claim_amounts))
            or label_clash(query.numbers, claim_numbers)
        ),
        "cross_lingual": cross,
        "cross_cos": cross * cos,
        "query_len": math.log1p(query.length),
        "claim_len": math.log1p(len(claim_tokens)),
        "lexical_hit": float(bm25 > 0),
        "cos_margin": cos - (context.second_cos if cos >= best_cos else best_cos),
        "idf_cover_claim": _idf_share(claim_tokens, query_tokens, context.idf),
        "idf_cover_query": _idf_share(query_tokens, claim_tokens, context.idf),
        "cos_background_z": candidate.background_z,
        # Won against lost is no clash where both say who beat whom the same way round ("Thái
        # Lan thua Việt Nam", "Việt Nam thắng Thái Lan"; read only where the directions clash).
        "direction_clash": float(
            clash(query.directions, candidate.terms.directions)
            and not roles.agree(query.text, candidate.claim)
        ),
        "aligned_cos": candidate.aligned_cos,
        "aligned_gap": candidate.aligned_cos - context.best_aligned,
        # Both name years and none is shared: "tăng từ 1/7/2026" is not "tăng từ 1/7/2024".
        "year_clash": float(
            bool(query.years and candidate.terms.years and not query.years & candidate.terms.years)
        ),
        "loanword_miss": loanword_miss,
        "posted_year": _posted_year(query.posted, candidate.terms.years),
        # The claim names whoever signed the post: a fact-check of what they posted ("Joe
        # Biden tweeted …"), as one in six of CheckThat's answers is.
        "speaker_named": float(bool(query.speaker & candidate.terms.words)),
        "posted_month": _posted_month(query.posted_in, candidate.terms.months),
        "query_rest_idf": query_rest,
        "claim_rest_idf": claim_rest,
        "swap_idf": min(query_rest, claim_rest),
        "aligned_claim": aligned_claim,
        "slot_swap": slot_swap,
        "negation_clash": float(
            negation_clash(
                query.negated,
                query.words,
                candidate.terms.negated,
                candidate.terms.words,
                bool(cross),
                query.removed,
                candidate.terms.removed,
            )
        ),
        # The claim's numbers the query names too: across languages, with the lexical side
        # silent, "46%" and "10 triệu"/"10 million" are what words they share.
        "number_share": len(named) / len(claim_numbers) if claim_numbers else 0.0,
        "query_claimlike": query.claimlike,
        "entity_clash": float(entities.clash(query.entities, candidate.terms.entities)),
        "entity_share": (
            len(query.entities & candidate.terms.entities) / len(candidate.terms.entities)
            if candidate.terms.entities
            else 0.0
        ),
        "asks_other": float(query.asks_other),
        "tail_cover": 0.0
        if cross
        else _tail_cover(candidate.terms.sequence, query_tokens, context.idf),
        "date_clash": float(
            bool(query_dates and claim_dates and not same_dates(query_dates, claim_dates))
        ),
        "negation_flip": float(
            not cross
            and not (
                NEGATION_WORDS.isdisjoint(query.words)
                and NEGATION_WORDS.isdisjoint(candidate.terms.words)
            )
            and flipped(
                query.form.split(),
                candidate.terms.form.split(),
                query.removed,
                candidate.terms.removed,
            )
        ),
    }
