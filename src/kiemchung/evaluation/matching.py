"""``kiemchung eval matching``: MAP@5 overall and per kind, correct-match and false-match rates.

False matches are measured on a set's negatives, texts written to be answered by nothing in its
library. ``answers_taken_out`` measures them on every query instead: each one is matched as if
its own answers were not in the library (the rest of it stays), so whatever it matches is
false. On a set of real posts against a real library (CheckThat!'s tweets and 14,231 Snopes
claims) this is the case a desk meets most, a post on a claim nobody has checked yet, among
neighbours that were; and it asks nobody to write a negative.

``monitored`` measures the way a post from a monitored source is matched instead of the way the
tipline matches what a reader sends: the claims the detector finds in it, each matched, and the
post whole where it is short (``matching/stage.py``); the post's outcome is its surest claim's,
and a post in which no claim is found is matched to nothing."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ..claims.detector import claims_stage, text_stage
from ..document import Document
from ..errors import InputError
from ..matching.matcher import Matcher, MatchResult
from ..matching.stage import match_documents, unclaimed_detector
from ..store import Store
from .metrics import average_precision

KINDS = ("paraphrase", "no-diacritics", "cross-lingual", "negative")


@dataclass
class QueryOutcome:
    id: str
    kind: str
    relevant: list[str]
    ranked: list[str]
    matched: bool
    # Matched with nothing in the text against the first fact-check (``answers_alone``): what
    # a tipline sends a reader without an editor.
    alone: bool = False
    confidence: float = 0.0  # the decider's, against the threshold
    clashes: list[str] = field(default_factory=list)  # what the text and first match disagree on

    def as_json(self) -> dict[str, Any]:
        """One line of ``--outcomes``."""
        return asdict(self)


def load_queries(rows: list[tuple[int, dict[str, Any]]], path: Path) -> list[dict[str, Any]]:
    queries = []
    for number, row in rows:
        if not isinstance(row.get("text"), str) or not isinstance(row.get("relevant"), list):
            raise InputError(
                f"{path}:{number}: a query needs 'text' (string) and 'relevant' (list)"
            )
        queries.append(row)
    return queries


def answers_taken_out(queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every query as a negative, matched without its own answers (``run`` leaves the urls
    under ``taken_out`` out of the library for that query alone); each keeps its kind, so the
    false-match rate is reported per kind."""
    return [dict(query, relevant=[], taken_out=list(query["relevant"])) for query in queries]


def run(
    library: Path,
    queries: list[dict[str, Any]],
    import_library: Callable[[Store, Path], Any],
    batch_size: int = 32,
    advance: Callable[[int], Any] = lambda n: None,
    monitored: bool = False,
) -> tuple[dict[str, Any], list[QueryOutcome]]:
    """Import ``library`` into a fresh temporary store, match every query, compute metrics."""
    with _imported(library, import_library) as store:
        outcomes = _outcomes(Matcher(store), queries, batch_size, advance, monitored)
    return metrics(outcomes), outcomes


def sweep(
    library: Path,
    queries: list[dict[str, Any]],
    import_library: Callable[[Store, Path], Any],
    thresholds: Sequence[float],
    batch_size: int = 32,
    advance: Callable[[int], Any] = lambda n: None,
    monitored: bool = False,
) -> list[dict[str, Any]]:
    """The metrics at each of ``thresholds`` (what ``KIEMCHUNG_MATCH_THRESHOLD`` would give),
    the library imported once. Every query is matched again at each: where the reranker is
    asked depends on the threshold, so a confidence kept from one run would not say."""
    with _imported(library, import_library) as store:
        matcher = Matcher(store)  # one: what it derives from the library is derived once
        figures = []
        for threshold in thresholds:
            matcher.threshold = threshold
            outcomes = _outcomes(matcher, queries, batch_size, advance, monitored)
            figures.append({"threshold": threshold} | metrics(outcomes))
        return figures


@contextmanager
def _imported(library: Path, import_library: Callable[[Store, Path], Any]) -> Iterator[Store]:
    """A fresh temporary store holding ``library``, gone afterwards."""
    with tempfile.TemporaryDirectory(prefix="kiemchung-eval-") as home:
        store = Store(Path(home))
        try:
            import_library(store, library)
            yield store
        finally:
            store.close()


def _outcomes(
    matcher: Matcher,
    queries: list[dict[str, Any]],
    batch_size: int,
    advance: Callable[[int], Any],
    monitored: bool = False,
) -> list[QueryOutcome]:
    outcomes: list[QueryOutcome] = []
    read = _as_monitored(matcher) if monitored else None
    for start in range(0, len(queries), batch_size):
        batch = queries[start : start + batch_size]
        leave_out = [set(q.get("taken_out", ())) for q in batch]
        results: Sequence[MatchResult | None]
        if read is not None:
            results = read([q["text"] for q in batch], leave_out)
        else:
            results = matcher.match([q["text"] for q in batch], top=5, leave_out=leave_out)
        for query, result in zip(batch, results):
            outcomes.append(
                QueryOutcome(
                    id=str(query.get("id", "")),
                    kind=str(query.get("kind", "")),
                    relevant=list(query["relevant"]),
                    ranked=[m.url for m in result.matches] if result else [],
                    matched=bool(result and result.matched),
                    alone=bool(result and result.answers_alone),
                    confidence=result.confidence if result else 0.0,
                    clashes=list(result.clashes) if result else [],
                )
            )
        advance(len(batch))
    return outcomes


def _as_monitored(
    matcher: Matcher,
) -> Callable[[list[str], list[set[str]]], list[MatchResult | None]]:
    """Texts matched as the pipeline matches a monitored post: each one's surest claim's
    result, ``None`` where it keeps no claim."""
    settings = matcher.store.settings
    stages = [text_stage(matcher.store), claims_stage(matcher.store)]
    post_chars = settings.integer("KIEMCHUNG_WHOLE_POST_CHARS")
    unclaimed = unclaimed_detector(matcher.store)

    def read(texts: list[str], leave_out: list[set[str]]) -> list[MatchResult | None]:
        docs = [Document(text=text) for text in texts]
        for stage in stages:
            docs = stage(docs)
        found = match_documents(matcher, docs, post_chars, leave_out, unclaimed=unclaimed)
        return [
            max(results, key=lambda r: (r.matched, r.confidence), default=None) for results in found
        ]

    return read


def metrics(outcomes: list[QueryOutcome]) -> dict[str, Any]:
    """The figures of ``outcomes``; a rate with nothing to measure it on (no query with an
    answer, no negative) is ``None``. ``*_alone_rate``: the same counting only what a tipline
    answers without an editor."""
    answered = [o for o in outcomes if o.relevant]
    negatives = [o for o in outcomes if not o.relevant]
    per_kind: dict[str, list[float]] = defaultdict(list)
    for outcome in answered:
        per_kind[outcome.kind].append(average_precision(outcome.ranked, set(outcome.relevant)))
    all_ap = [ap for values in per_kind.values() for ap in values]
    first = [bool(o.ranked) and o.ranked[0] in o.relevant for o in answered]
    correct = [o.matched and right for o, right in zip(answered, first)]
    correct_by_kind: dict[str, list[bool]] = defaultdict(list)
    for outcome, hit in zip(answered, correct):
        correct_by_kind[outcome.kind].append(hit)
    false_by_kind: dict[str, list[bool]] = defaultdict(list)
    for outcome in negatives:
        false_by_kind[outcome.kind].append(outcome.matched)
    return {
        "queries": len(outcomes),
        "answered": len(answered),
        "negatives": len(negatives),
        "map@5": _mean(all_ap),
        "map@5_by_kind": {kind: sum(v) / len(v) for kind, v in sorted(per_kind.items())},
        "correct_match_rate": _mean(correct),
        "correct_match_rate_by_kind": {
            kind: sum(v) / len(v) for kind, v in sorted(correct_by_kind.items())
        },
        "false_match_rate": _mean([o.matched for o in negatives]),
        "false_match_rate_by_kind": {
            kind: sum(v) / len(v) for kind, v in sorted(false_by_kind.items())
        },
        "correct_alone_rate": _mean([o.alone and right for o, right in zip(answered, first)]),
        "false_alone_rate": _mean([o.alone for o in negatives]),
    }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
