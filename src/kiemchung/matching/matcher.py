"""Where matching is decided: candidates from lexical and dense search, ranked and judged by
the calibrated decision model.

1. Lexical: FTS5 BM25 over the folded, abbreviation-expanded claim (robust to missing tone marks
   and abbreviations, blind across languages).
2. Dense: multilingual-e5-small cosine (paraphrase and cross-lingual); Vietnamese typed
   without tone marks is embedded after restoring them from the library's words.
3. Every candidate gets pair features; the ranker gives each a probability and the list is
   sorted by it.
4. The reranker reads each text with its first candidate as one sequence (``reranker.py``)
   where its score can change the decision, and with each of the first three where the ranker
   is unsure of its order, which its scores then set again; ``matched`` is the decider's
   judgement of the first candidate, its score included, against the threshold (see
   ``decision.py``).
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..pipeline import Match
from ..store import Store
from ..store import factchecks as factcheck_rows
from ..store.lexical import Frequency
from ..text.diacritics import Restorer, lacks_tone_marks
from ..text.language import detect_language
from ..text.normalize import normalize
from ..text.posts import calm, clean_post, posted_month, posted_year, signed_by
from . import reranker, roles
from .background import LANGUAGES, shifted, statistics
from .decision import DecisionModel, contenders, load_decision, reorder, runner_up
from .dense import embed_queries
from .explain import reasons
from .features import NAMES, Candidate, ClaimTerms, Context, Idf, Query, pair_features
from .lexical import STOPWORDS, search_form
from .library_index import refresh_claim_terms, refresh_embeddings, refresh_search_forms

# From each of lexical and dense search. Where the decision picks the right fact-check, it is
# among the first 8 of one of them (or of the cross-language search) for every eval and blind
# query; judging 20 from each took 3 ms more per query at 100,000 entries, for the same figures.
CANDIDATES = 10
CROSS_CANDIDATES = 5  # more, from each other language's region (see background.shifted)
RESTORER_CLAIMS = 20_000
TERMS_CACHE = 200_000
# The best of a few hundred unrelated claims sits about this many standard deviations above
# the query's background mean: the second cosine a lone candidate is measured against.
UNRELATED_SD = 3.0
# Reranker scores, evenly spread over the range the decider learnt from, at which a decision is
# tried before the reranker is asked: if they all agree, its score is not needed.
JOINT_PROBES = 5


@dataclass
class MatchResult:
    text: str
    matched: bool
    matches: list[Match] = field(default_factory=list)
    # The decider's probability that the first match answers the text (read with the
    # reranker's neutral score where its own was not needed: see ``joint``).
    confidence: float = 0.0
    features: list[list[float]] = field(default_factory=list)  # for training and explanation
    candidate_ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # what the decision read (``explain``)
    threshold: float | None = None  # the confidence "matched" needs, when explained
    # The reranker's score of the text with its first match; ``None`` without a reranker or
    # where its score could not change the decision (an explained match always has it).
    joint: float | None = None
    read: str = ""  # the text as the encoder and the reranker read it (tone marks restored)
    # What the first match and the text disagree on, of the signals in ``CLASHES``.
    clashes: list[str] = field(default_factory=list)

    @property
    def answers_alone(self) -> bool:
        """Whether the first match may answer a reader without an editor: "matched", and the
        two disagree on none of ``CLASHES``. A tip that is matched with a clash ("GDP tăng
        6,5%" against a fact-check of 5.05%) goes to the desk with the fact-check beside it."""
        return self.matched and not self.clashes

    def as_json(self, id_: object = None) -> dict[str, Any]:
        """The shape ``kiemchung match`` prints and the API answers; with ``"why"`` when the
        match was explained."""
        line: dict[str, Any] = {
            "id": id_,
            "matched": self.matched,
            "matches": [
                {"url": m.url, "claim": m.claim, "rating": m.rating, "score": m.score}
                for m in self.matches
            ],
        }
        if self.threshold is not None and self.matches:
            line["why"] = {
                "confidence": self.confidence,
                "threshold": round(self.threshold, 4),
                "read": self.reasons,
            }
        return line


# Pair features that say the text and the claim state different things: other amounts, dates
# or years, another named thing in one slot, a negation only one side has. The decision weighs
# them; a tipline answers alone only when none is there (``MatchResult.answers_alone``).
CLASHES = ("number_clash", "date_clash", "year_clash", "entity_clash", "negation_flip")
_CLASH_COLUMNS = [(name, NAMES.index(name)) for name in CLASHES]
# One more clash, read from the two texts and not a feature (the decision was not trained with
# it): the same two countries around one act, their roles swapped (``roles.py``).
ROLE_SWAP = "role_swap"


class Matcher:
    def __init__(
        self, store: Store, decision: DecisionModel | None = None, threshold: float | None = None
    ) -> None:
        self.store = store
        self.decision = decision
        self.threshold = threshold
        self._state: tuple[str, Restorer, Idf, Frequency] | None = None
        self._claim_terms: dict[int, tuple[tuple[str, str], ClaimTerms]] = {}

    def _model(self) -> DecisionModel:
        if self.decision is None:
            self.decision = load_decision()
        return self.decision

    def decision_threshold(self) -> float:
        """The confidence at which "matched" is said: this matcher's own, else the store's
        setting, else the model's."""
        if self.threshold is not None:
            return self.threshold
        configured = self.store.settings.get("KIEMCHUNG_MATCH_THRESHOLD")
        return self._model().threshold if configured is None else float(configured)  # type: ignore[arg-type]

    def _library_state(self) -> tuple[Restorer, Idf, Frequency]:
        """Tone-mark restorer, word IDF and document frequencies, derived from the library and
        cached per version."""
        if self._state is None:
            refresh_search_forms(self.store)  # once per matcher: after an upgrade, if needed
            refresh_claim_terms(self.store)
            refresh_embeddings(self.store)
        version = self.store.library_version()
        if self._state is None or self._state[0] != version:
            with self.store.reading() as connection:
                rows = factcheck_rows.words(connection)
            # The restorer learns the words and word pairs of the newest Vietnamese entries
            # only: the vocabulary saturates long before 100,000 claims, and memory does not;
            # English claims would teach it "can" and "me" for "cần" and "mẹ".
            vietnamese = [row.claim_reviewed for row in rows if row.language == "vi"]
            recent = vietnamese[-RESTORER_CLAIMS:]
            frequency: Counter[str] = Counter()
            for row in rows:
                frequency.update(set(row.search_text.split()))
            self._state = (
                version,
                Restorer(recent),
                Idf(frequency, len(rows) + 1),
                (frequency, len(rows)),
            )
        return self._state[1], self._state[2], self._state[3]

    def _terms(self, key: int, claim: str, form: str, stored: str | None) -> ClaimTerms:
        """An entry's words and numbers, kept between queries (bounded), read from what the
        store kept at import when it can be. Kept with the text they were read from, so an
        entry whose claim changed is read again."""
        if len(self._claim_terms) > TERMS_CACHE:
            self._claim_terms = {}
        kept = self._claim_terms.get(key)
        if kept is None or kept[0] != (claim, form):
            terms = ClaimTerms.from_stored(form, stored) or ClaimTerms.of(claim, form)
            kept = self._claim_terms[key] = ((claim, form), terms)
        return kept[1]

    def restorer(self) -> Restorer:
        return self._library_state()[0]

    def idf(self) -> Idf:
        return self._library_state()[1]

    def match(
        self,
        texts: list[str],
        top: int = 5,
        keep_features: bool = False,
        explain: bool = False,
        leave_out: Sequence[Collection[str]] = (),
    ) -> list[MatchResult]:
        """Fact-checks answering each text, best first, with the matched/not-matched decision
        (``explain``: with what the decision read in the text and its first fact-check).
        ``leave_out[i]``: urls text ``i`` is matched as if the library did not hold (an
        evaluation takes each query's own answers out this way). They are left out of its
        candidates; what is learnt from the whole library (words' rarity, the tone-mark
        restorer's words) still counts them."""
        if leave_out and len(leave_out) != len(texts):
            raise ValueError(f"leave_out names {len(leave_out)} texts' entries, not {len(texts)}")
        restorer, idf, frequency = self._library_state()  # once: it asks the store its version
        normalized = [calm(normalize(clean_post(text))) for text in texts]
        languages = [detect_language(text) for text in normalized]
        forms = [search_form(text) for text in normalized]
        # Asked first: where the store searches in a server of its own, it works while the
        # texts are embedded here.
        lexical_soon = self.store.search_lexical_soon(forms, CANDIDATES, STOPWORDS, frequency)
        restored: dict[int, str] = {}
        for i, text in enumerate(normalized):
            if languages[i] == "vi" and lacks_tone_marks(text):
                restored[i] = restorer.restore(text.lower())
        # Text typed without tone marks is embedded in its restored form only: e5 reads the
        # bare form about as close to unrelated text as to its own accented one.
        vectors = embed_queries([restored.get(i, text) for i, text in enumerate(normalized)])
        background = statistics(vectors)
        dense = self._dense(vectors, languages)
        lexical = [dict(found) for found in lexical_soon.result()]
        ids = [
            list(dict.fromkeys([key for key, _ in dense[i]] + list(lexical[i])))
            for i in range(len(texts))
        ]
        rows = self._rows({key for keys in ids for key in keys})
        for i, urls in enumerate(leave_out):
            gone = {key for key in ids[i] if key in rows and rows[key].url in urls}
            ids[i] = [key for key in ids[i] if key not in gone]
            lexical[i] = {key: score for key, score in lexical[i].items() if key not in gone}
        ranked = []
        for i, text in enumerate(texts):
            baseline = {lang: (mean[i], sd[i]) for lang, (mean, sd) in background.items()}
            ranked.append(
                self._rank(
                    text,
                    Query.of(
                        normalized[i],
                        forms[i],
                        languages[i],
                        restored.get(i),
                        posted_year(text),
                        signed_by(text),
                        posted_month(text),
                    ),
                    [rows[key] for key in sorted(ids[i]) if key in rows],
                    vectors[i],
                    baseline,
                    lexical[i],
                    idf,
                )
            )
        read = [restored.get(i, text) for i, text in enumerate(normalized)]
        joint = self._joint(ranked, read, explain)
        return [
            self._result(text, ranked[i], joint[i], read[i], top, keep_features, explain)
            for i, text in enumerate(texts)
        ]

    def _joint(
        self, ranked: list["_Ranked | None"], read: list[str], explain: bool
    ) -> list[float | None]:
        """The reranker's score of each text read with its first candidate, in one batch;
        ``None`` where there is no candidate, no reranker, a decider that does not read it, or
        a decision the score does not change: the same at five scores across the range the
        decider learnt from (it reads a score outside as the nearer bound) and at the neutral
        one. An explained match always reads it. Where the ranker is unsure of its order
        (``decision.contenders``), each of the first candidates is read, and they are ordered
        again (``decision.reorder``, in place) before the first is taken."""
        model = self._model()
        found: list[float | None] = [None] * len(ranked)
        if not model.reads_joint:
            return found
        asked: list[tuple[int, int]] = []  # (text, candidate)
        for i, r in enumerate(ranked):
            if r is None:
                continue
            close = contenders(r.probabilities, r.order) if model.reorder_weight else 0
            if close:
                asked += [(i, int(j)) for j in r.order[:close]]
            elif explain or self._undecided(model, r):
                asked.append((i, int(r.order[0])))
        scorer = reranker.shared() if asked else None
        if scorer is None:
            return found
        pairs = [(read[i], ranked[i].candidates[j].claim) for i, j in asked]  # type: ignore[union-attr]
        scores: dict[int, dict[int, float]] = {}
        for (i, j), score in zip(asked, scorer.scores(pairs)):
            scores.setdefault(i, {})[j] = float(score)
        for i, read_together in scores.items():
            r = ranked[i]
            assert r is not None
            if len(read_together) > 1:
                ranker_first = int(r.order[0])
                weight = model.reorder_weight or 0.0
                r.order = reorder(r.probabilities, r.order, read_together, weight)
                if int(r.order[0]) != ranker_first:
                    r.passed_over = r.candidates[ranker_first].claim
            found[i] = read_together[int(r.order[0])]
        return found

    def _undecided(self, model: DecisionModel, r: "_Ranked") -> bool:
        """Whether the reranker's score could change the decision on the ranker's first."""
        scores = [*np.linspace(*model.joint_range(), JOINT_PROBES), model.joint_neutral or 0.0]
        first = r.order[0]
        second = runner_up(r.probabilities, r.order)
        sides = model.decide_each(r.table[first], float(r.probabilities[first]), second, scores)
        return len(set((sides >= self.decision_threshold()).tolist())) > 1

    def _rows(self, ids: set[int]) -> dict[int, Any]:
        """The candidates' rows with an embedding, by id: one read for a whole batch."""
        if not ids:
            return {}
        with self.store.lookup() as connection:
            return factcheck_rows.candidates(connection, ids)

    def _dense(self, vectors: np.ndarray, languages: list[str]) -> list[list[tuple[int, float]]]:
        """Nearest entries by cosine, plus the nearest in each other language's region: one
        search for them all (the first CROSS_CANDIDATES of a search for CANDIDATES are what a
        search for CROSS_CANDIDATES finds, the index walking the same candidates)."""
        if not len(vectors):
            return []
        moved: list[tuple[int, np.ndarray]] = [
            (i, shifted(vectors[i], languages[i], target))
            for target in LANGUAGES
            for i, language in enumerate(languages)
            if language in LANGUAGES and language != target
        ]
        asked = np.concatenate([vectors, np.stack([v for _, v in moved])]) if moved else vectors
        found = self.store.vectors.search(asked, CANDIDATES)
        own = found[: len(vectors)]
        for (i, _), extra in zip(moved, found[len(vectors) :]):
            own[i] = own[i] + extra[:CROSS_CANDIDATES]
        return own

    def _rank(
        self,
        text: str,
        query: Query,
        rows: list[Any],
        vector: np.ndarray,
        baseline: dict[str, tuple[float, float]],
        lexical: dict[int, float],
        idf: Idf,
    ) -> "_Ranked | None":
        """``rows``: the candidates' rows with an embedding, in id order; ``None`` if none."""
        if not rows:
            return None
        matrix = np.frombuffer(b"".join(row.embedding for row in rows), dtype=np.float32)
        matrix = matrix.reshape(len(rows), -1)
        cos = matrix @ vector
        languages = [row.language if row.language in LANGUAGES else "vi" for row in rows]
        # e5's language bias, taken out: each claim is also compared with the query moved into
        # the claim's language region (the same cosine when the languages agree).
        aligned = cos.copy()
        if query.language in LANGUAGES:
            for target in set(languages) - {query.language}:
                index = [j for j, language in enumerate(languages) if language == target]
                aligned[index] = matrix[index] @ shifted(vector, query.language, target)
        candidates = []
        for j, row in enumerate(rows):
            mean, sd = baseline[languages[j]]
            candidates.append(
                Candidate(
                    row.id,
                    row.claim_reviewed,
                    self._terms(row.id, row.claim_reviewed, row.search_text, row.terms),
                    languages[j],
                    float(cos[j]),
                    lexical.get(row.id, 0.0),
                    float((cos[j] - mean) / sd),
                    float(aligned[j]),
                )
            )
        mean, sd = baseline[candidates[0].language]
        context = Context.of(
            candidates, max(lexical.values(), default=0.0), idf, unrelated=mean + UNRELATED_SD * sd
        )
        table = np.array([pair_features(query, c, context) for c in candidates])
        probabilities = self._model().probabilities(table)
        order = np.argsort(-probabilities, kind="stable")
        return _Ranked(query, candidates, context, table, probabilities, order, rows)

    def _result(
        self,
        text: str,
        ranked: "_Ranked | None",
        joint: float | None,
        read: str,
        top: int,
        keep_features: bool,
        explain: bool,
    ) -> MatchResult:
        if ranked is None:
            return MatchResult(text=text, matched=False, read=read)
        candidates, table, probabilities, order = (
            ranked.candidates,
            ranked.table,
            ranked.probabilities,
            ranked.order,
        )
        by_id = {row.id: row for row in ranked.rows}
        matches = [
            Match(
                url=by_id[candidates[j].id].url,
                claim=candidates[j].claim,
                rating=by_id[candidates[j].id].rating_text,
                score=round(float(probabilities[j]), 4),
            )
            for j in order[:top]
        ]
        clashes = [name for name, column in _CLASH_COLUMNS if table[order[0]][column] > 0]
        if roles.swapped(text, candidates[order[0]].claim):
            clashes.append(ROLE_SWAP)
        second = runner_up(probabilities, order)
        confidence = self._model().decide(
            table[order[0]], float(probabilities[order[0]]), second, joint
        )
        matched = bool(confidence >= self.decision_threshold())
        return MatchResult(
            text=text,
            matched=matched,
            matches=matches,
            confidence=round(confidence, 4),
            features=table.tolist() if keep_features else [],
            candidate_ids=[candidates[j].id for j in range(len(candidates))]
            if keep_features
            else [],
            reasons=(
                reasons(ranked.query, ranked.first, ranked.context, table[order[0]], joint)
                + (
                    ["the same two countries with their roles swapped: who did what to whom"]
                    if ROLE_SWAP in clashes
                    else []
                )
                + (
                    [
                        "read together with the text, the reranker put this fact-check before "
                        f"the ranker's first, “{ranked.passed_over}”"
                    ]
                    if ranked.passed_over
                    else []
                )
                if explain
                else []
            ),
            threshold=self.decision_threshold() if explain else None,
            joint=joint,
            read=read,
            clashes=clashes,
        )


@dataclass
class _Ranked:
    """A text's candidates, their features and the ranker's order, before the decision."""

    query: Query
    candidates: list[Candidate]
    context: Context
    table: np.ndarray
    probabilities: np.ndarray
    order: np.ndarray
    rows: list[Any]
    passed_over: str = ""  # the ranker's first claim, where the reranker put another first

    @property
    def first(self) -> Candidate:
        return self.candidates[int(self.order[0])]


_SHARED: "weakref.WeakKeyDictionary[Store, Matcher]" = weakref.WeakKeyDictionary()


def shared_matcher(store: Store) -> Matcher:
    """The one matcher of a store in this process (the pipeline's match stage and the monitor's
    rematching use it), so the library's statistics and caches are held once."""
    if store not in _SHARED:
        _SHARED[store] = Matcher(store)
    return _SHARED[store]
