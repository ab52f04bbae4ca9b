"""Where matching is decided: candidates from lexical and dense search, ranked and judged by
the calibrated decision model.

1. Lexical: FTS5 BM25 over the folded, abbreviation-expanded claim (robust to missing tone marks
   and abbreviations, blind across languages).
2. Dense: multilingual-e5-small cosine (paraphrase and cross-lingual); for Vietnamese typed
   without tone marks the query is also embedded after restoring them from the library's words.
3. Every candidate gets pair features; the logistic decision gives each a probability, the list
   is sorted by it, and ``matched`` is the first one's probability against the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select

from .. import settings
from ..pipeline import Match
from ..store import Store
from ..store.schema import factchecks
from ..text.diacritics import Restorer, lacks_tone_marks
from ..text.language import detect_language
from ..text.normalize import normalize
from .decision import DecisionModel, load_decision
from .dense import embed_queries
from .features import Candidate, Query, pair_features
from .lexical import search_form

CANDIDATES = 20


@dataclass
class MatchResult:
    text: str
    matched: bool
    matches: list[Match] = field(default_factory=list)
    features: list[list[float]] = field(default_factory=list)  # for training and explanation
    candidate_ids: list[int] = field(default_factory=list)


class Matcher:
    def __init__(self, store: Store, decision: DecisionModel | None = None,
                 threshold: float | None = None) -> None:
        self.store = store
        self.decision = decision
        self.threshold = threshold
        self._restorer: tuple[str, Restorer] | None = None

    def _model(self) -> DecisionModel:
        if self.decision is None:
            self.decision = load_decision()
        return self.decision

    def _threshold(self) -> float:
        if self.threshold is not None:
            return self.threshold
        if "KIEMCHUNG_MATCH_THRESHOLD" in __import__("os").environ:
            return float(settings.get("KIEMCHUNG_MATCH_THRESHOLD"))  # type: ignore[arg-type]
        return self._model().threshold

    def restorer(self) -> Restorer:
        version = self.store._version()
        if self._restorer is None or self._restorer[0] != version:
            with self.store.db.read() as connection:
                claims = connection.execute(select(factchecks.c.claim_reviewed)).scalars().all()
            self._restorer = (version, Restorer(claims))
        return self._restorer[1]

    def match(self, texts: list[str], top: int = 5, keep_features: bool = False
              ) -> list[MatchResult]:
        """Fact-checks answering each text, best first, with the matched/not-matched decision."""
        normalized = [normalize(text) for text in texts]
        languages = [detect_language(text) for text in normalized]
        forms = [search_form(text) for text in normalized]
        restored: dict[int, str] = {}
        for i, text in enumerate(normalized):
            if languages[i] == "vi" and lacks_tone_marks(text):
                restored[i] = self.restorer().restore(text)
        vectors = embed_queries(normalized)
        restored_vectors = embed_queries(list(restored.values()))
        restored_row = {i: row for row, i in enumerate(restored)}
        dense = self.store.vectors.search(vectors, CANDIDATES) if len(texts) else []
        dense_restored = (self.store.vectors.search(restored_vectors, CANDIDATES)
                          if restored else [])
        results = []
        for i, text in enumerate(texts):
            lexical = dict(self.store.search_lexical(forms[i], CANDIDATES))
            ids = list(dict.fromkeys([key for key, _ in dense[i]] + list(lexical)
                                     + ([key for key, _ in dense_restored[restored_row[i]]]
                                        if i in restored else [])))
            restored_vector = restored_vectors[restored_row[i]] if i in restored else None
            results.append(self._judge(text, Query.of(normalized[i], forms[i], languages[i]),
                                       ids, vectors[i], restored_vector, lexical, top,
                                       keep_features))
        return results

    def _judge(self, text: str, query: Query, ids: list[int], vector: np.ndarray,
               restored_vector: np.ndarray | None, lexical: dict[int, float], top: int,
               keep_features: bool) -> MatchResult:
        if not ids:
            return MatchResult(text=text, matched=False)
        with self.store.db.read() as connection:
            rows = connection.execute(
                select(factchecks.c.id, factchecks.c.url, factchecks.c.claim_reviewed,
                       factchecks.c.rating_text, factchecks.c.language, factchecks.c.search_text,
                       factchecks.c.embedding).where(factchecks.c.id.in_(ids))
            ).all()
        rows = [row for row in rows if row.embedding is not None]
        if not rows:
            return MatchResult(text=text, matched=False)
        matrix = np.frombuffer(b"".join(row.embedding for row in rows), dtype=np.float32)
        matrix = matrix.reshape(len(rows), -1)
        cos = matrix @ vector
        cos_restored = matrix @ restored_vector if restored_vector is not None else cos
        candidates = [
            Candidate(row.id, row.claim_reviewed, row.search_text, row.language or "vi",
                      float(cos[j]), float(cos_restored[j]), lexical.get(row.id, 0.0))
            for j, row in enumerate(rows)
        ]
        best_cos = max(max(c.cos, c.cos_restored) for c in candidates)
        best_bm25 = max(lexical.values(), default=0.0)
        table = np.array([pair_features(query, c, best_cos, best_bm25) for c in candidates])
        probabilities = self._model().probabilities(table)
        order = np.argsort(-probabilities, kind="stable")
        by_id = {row.id: row for row in rows}
        matches = [
            Match(url=by_id[candidates[j].id].url, claim=candidates[j].claim,
                  rating=by_id[candidates[j].id].rating_text,
                  score=round(float(probabilities[j]), 4))
            for j in order[:top]
        ]
        matched = bool(probabilities[order[0]] >= self._threshold())
        return MatchResult(
            text=text, matched=matched, matches=matches,
            features=table.tolist() if keep_features else [],
            candidate_ids=[candidates[j].id for j in range(len(candidates))] if keep_features
            else [],
        )
