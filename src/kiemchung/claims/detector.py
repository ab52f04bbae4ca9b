"""The default claim detector: sentences scored by a logistic model over neutral features.

A sentence is first put in its neutral form (``stance.py``: folded, with the sides it might
favour replaced by shared tokens); a bare call to act or "ought" scores 0 by its form, and the
rest are scored by the model, which never sees whose side a sentence takes.

A sentence that falls short is also read clause by clause, and scores what its best clause
scores where that is more: posts join a call to act and the rumour behind it in one sentence ("Đừng cho con tiêm
MMR, vắc-xin này gây tự kỷ"), and the call, scored 0 by its form, must not hide the claim.

The weights live in ``kiemchung/models/checkworthy.json`` and are trained by
``training/train.py`` on ``training/checkworthy.jsonl`` (never on the ``eval/`` set).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..document import Claim, Document
from ..settings import Settings
from ..text.language import detect_language
from ..text.sentences import Span, split_sentences
from .features import neutral_features
from .stance import neutral, normative

if TYPE_CHECKING:
    from ..store import Store

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "checkworthy.json"
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_MIN_WORDS = 3
# Where a sentence is cut into clauses: a comma, semicolon or colon after a word, a dash between
# spaces, exclamation marks or an ellipsis inside it. "2,5" and "10:30" stay whole.
# Each alternative starts only where its run starts, so a long run of "!" or of spaces is read
# once, not again from each of its characters.
_CLAUSE = re.compile(r"(?<=\w)[,;:]\s+|(?<!\s)\s+[-–—]\s+|(?<!!)!+\s+|…\s*|\.\.\.\s*")
# A clause shorter than this is not scored on its own ("Ảnh:", "Khẩn cấp!!!").
_MIN_CLAUSE_WORDS = 4


@dataclass(frozen=True)
class Model:
    bias: float
    weights: dict[str, float]


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        bias=float(data["bias"]), weights={k: float(v) for k, v in data["weights"].items()}
    )


class ClaimDetector:
    """Scores sentences; those at or above ``threshold`` (default: KIEMCHUNG_CLAIM_THRESHOLD of
    ``settings``, which default to the environment's) are claims. A sentence longer than
    KIEMCHUNG_MAX_CLAIM_CHARS (text without punctuation, a pasted table) is never one."""

    def __init__(
        self,
        model: Model | None = None,
        threshold: float | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.model = model or load_model()
        settings = settings or Settings.from_env()
        if threshold is None:
            threshold = settings.number("KIEMCHUNG_CLAIM_THRESHOLD")
        self.threshold = threshold
        self.max_chars = settings.integer("KIEMCHUNG_MAX_CLAIM_CHARS")

    def score(self, sentence: str) -> float:
        """The sentence's score; where it falls short of the threshold, its best clause's if
        that is more. A sentence over the line keeps its own score, whatever its clauses'."""
        best = self._score(sentence)
        if best >= self.threshold:
            return best
        pieces = [piece for piece in _CLAUSE.split(sentence) if piece.strip()]
        if len(pieces) > 1:
            for clause in pieces:
                if len(clause.split()) >= _MIN_CLAUSE_WORDS:
                    best = max(best, self._score(clause))
        return best

    def _score(self, sentence: str) -> float:
        if len(sentence.split()) < _MIN_WORDS or not _LETTER.search(sentence):
            return 0.0
        text = neutral(sentence)
        if normative(text):
            return 0.0  # a call to act or an "ought", whichever side it names (principle 3)
        weights = self.model.weights
        total = self.model.bias + sum(
            weights.get(name, 0.0) for name in set(neutral_features(text))
        )
        return 1.0 / (1.0 + math.exp(-max(min(total, 40.0), -40.0)))

    def claims(self, text: str, sentences: list[Span] | None = None) -> list[Claim]:
        """Check-worthy spans of ``text``, with offsets into ``text`` as given."""
        found = []
        for span in sentences if sentences is not None else split_sentences(text):
            if len(span.text) > self.max_chars:
                continue
            score = self.score(span.text)
            if score >= self.threshold:
                found.append(
                    Claim(text=span.text, start=span.start, end=span.end, score=round(score, 4))
                )
        return found


def detect_claims(text: str) -> list[Claim]:
    return ClaimDetector().claims(text)


def text_stage(_store: Store | None):  # type: ignore[no-untyped-def]
    def stage(docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc.sentences = split_sentences(doc.text)
            doc.language = doc.language or detect_language(doc.text[:2000])
        return docs

    return stage


def claims_stage(store: Store | None):  # type: ignore[no-untyped-def]
    detector = ClaimDetector(settings=store.settings if store is not None else None)

    def stage(docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc.claims = said_once(detector.claims(doc.text, doc.sentences or None))
        return docs

    return stage


def said_once(claims: list[Claim]) -> list[Claim]:
    """A document's claims with each said once (its first place kept): a sentence a post
    repeats is one claim of that post, and one sighting in the desk's queue, not many."""
    seen: set[str] = set()
    once = []
    for claim in claims:
        key = unicodedata.normalize("NFC", " ".join(claim.text.split())).casefold()
        if key not in seen:
            seen.add(key)
            once.append(claim)
    return once
