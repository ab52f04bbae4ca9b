"""Features of a (query, fact-check) pair, the input of the calibrated decision."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .lexical import bigrams, content_tokens, numbers

NAMES = (
    "cos", "cos_gap", "cos_restored", "bm25_rel", "cover_claim", "cover_query", "bigram_cover",
    "number_clash", "cross_lingual", "cross_cos", "query_len", "claim_len", "lexical_hit",
)


@dataclass
class Query:
    text: str
    form: str  # search form: folded, expanded
    language: str
    tokens: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[str]
    length: int

    @classmethod
    def of(cls, text: str, form: str, language: str) -> "Query":
        words = content_tokens(form)
        return cls(text, form, language, set(words), bigrams(form.split()), numbers(text),
                   len(words))


@dataclass
class Candidate:
    id: int
    claim: str
    form: str
    language: str
    cos: float
    cos_restored: float
    bm25: float


def pair_features(query: Query, candidate: Candidate, best_cos: float, best_bm25: float
                  ) -> list[float]:
    words = content_tokens(candidate.form)
    claim_tokens = set(words)
    shared = query.tokens & claim_tokens
    claim_bigrams = bigrams(candidate.form.split())
    claim_numbers = numbers(candidate.claim)
    cross = float(query.language != candidate.language and query.language != "other")
    cos = max(candidate.cos, candidate.cos_restored)
    return [
        cos,
        cos - best_cos,
        candidate.cos_restored,
        candidate.bm25 / best_bm25 if best_bm25 > 0 else 0.0,
        len(shared) / len(claim_tokens) if claim_tokens else 0.0,
        len(shared) / len(query.tokens) if query.tokens else 0.0,
        len(query.bigrams & claim_bigrams) / len(claim_bigrams) if claim_bigrams else 0.0,
        float(bool(query.numbers and claim_numbers and not query.numbers & claim_numbers)),
        cross,
        cross * cos,
        math.log1p(query.length),
        math.log1p(len(claim_tokens)),
        float(candidate.bm25 > 0),
    ]
