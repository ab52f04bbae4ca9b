"""What the decision read in a text and its first fact-check, in words a fact-checker can check.

The decider weighs many features at once, so no single line below is "the" reason for a match
or a refusal; they are the signals that differ from an ordinary pair — a named thing swapped,
a denial, opposite directions, another year — and the rare words the two share. ``kiemchung
match --explain`` prints them beside the confidence and the threshold, so a desk can see why
"đã có bài kiểm chứng" was or was not said, and correct it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .features import NAMES, Candidate, Context, Query
from .lexical import dates

SHARED_SHOWN = 6  # rare shared words listed, the rarest first


def _kinds(entities: frozenset[str]) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for entity in entities:
        kind, _, name = entity.partition(":")
        kinds.setdefault(kind, set()).add(name)
    return kinds


def reasons(
    query: Query,
    candidate: Candidate,
    context: Context,
    row: Sequence[float],
    joint: float | None = None,
) -> list[str]:
    """The signals read in the pair (``query``, its first ``candidate``), as short lines.
    ``row``: the pair's features, as the decision read them; whether a signal is there comes
    from them, and only its details (which words, which names) are looked up here. ``joint``:
    the reranker's score of the two read together, if it read them."""
    terms = candidate.terms
    read = dict(zip(NAMES, row))
    cross = bool(read["cross_lingual"])
    found: list[str] = []
    if cross:
        found.append(
            f"across languages ({query.language} → {candidate.language}): meaning, "
            "numbers and named things are compared, not words"
        )
    if read["entity_clash"]:
        mine, theirs = _kinds(query.entities), _kinds(terms.entities)
        for kind in sorted(mine.keys() & theirs.keys()):
            if not mine[kind] & theirs[kind]:
                found.append(
                    f"another {kind}: {', '.join(sorted(mine[kind]))} where the "
                    f"fact-check names {', '.join(sorted(theirs[kind]))}"
                )
    if read["negation_clash"]:
        denied = sorted((query.negated & terms.words) - terms.negated - terms.removed)
        asserted = sorted((terms.negated & query.words) - query.negated - query.removed)
        if denied:
            found.append("the text denies what the fact-check's claim states: " + ", ".join(denied))
        elif asserted:
            found.append(
                "the text states what the fact-check's claim denies: " + ", ".join(asserted)
            )
        else:
            found.append("one side is negated, the other not")
    if read["negation_flip"]:
        found.append("the same words around a negation only one side has")
    if read["direction_clash"]:
        found.append(
            f"opposite directions: {', '.join(sorted(query.directions))} against "
            f"{', '.join(sorted(terms.directions))}"
        )
    if read["year_clash"]:
        found.append(
            f"other years: {', '.join(sorted(query.years))} against "
            f"{', '.join(sorted(terms.years))}"
        )
    if read["posted_month"] < 0:
        found.append("the fact-check names other months than the one the post was published in")
    if read["number_clash"]:
        found.append(
            f"other numbers: {', '.join(sorted(query.numbers - dates(query.numbers)))} against "
            f"{', '.join(sorted(terms.numbers - dates(terms.numbers)))}"
        )
    if read["date_clash"]:
        found.append(
            f"other dates: {', '.join(sorted(dates(query.numbers)))} against "
            f"{', '.join(sorted(dates(terms.numbers)))}"
        )
    common = sorted(query.entities & terms.entities)
    if common:
        found.append(f"named in common: {', '.join(common)}")
    if read["speaker_named"]:
        # Not the name itself: what is explained may be kept with the match.
        found.append(
            "the fact-check names whoever signed the post (a claim about what they posted)"
        )
    if read["asks_other"]:
        found.append("asks for advice, a place or an amount, not whether a claim is true")
    if not cross:
        shared = sorted(query.tokens & terms.tokens, key=lambda token: (-context.idf[token], token))
        if shared:
            found.append(
                "rare words in common (without tone marks): " + ", ".join(shared[:SHARED_SHOWN])
            )
        else:
            found.append("no words in common: only the meaning is close")
    if joint is not None:
        found.append(
            f"read together, the reranker scores the pair {joint:+.1f} "
            + ("(says the same claim)" if joint > 0 else "(does not read the same claim)")
        )
    return found
