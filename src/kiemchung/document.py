"""What the pipeline carries: a ``Document``, its check-worthy ``Claim``s and their ``Match``es.

Plain data, imported by the stages and by the pipeline alike, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .text.sentences import Span


@dataclass
class Match:
    url: str
    claim: str
    rating: str | None
    score: float


@dataclass
class Claim:
    text: str
    start: int
    end: int
    score: float
    matched: bool = False
    matches: list[Match] = field(default_factory=list)


@dataclass
class Document:
    text: str
    id: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None
    sentences: list[Span] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
