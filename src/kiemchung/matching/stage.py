"""The built-in "match" pipeline stage (named in ``pipeline.BUILTIN_STAGES``): every claim of a
batch matched against the library.

A short document — a social post, a forwarded message, a tip — is also matched whole, as the
tipline matches what a reader sends: a post's claim often runs over two of its sentences
("This woman was maced inside the Capitol. She told me …"), and its signature and date are
what the matcher reads to tell one year's story from another's. Matched one sentence at a time,
as 0.14.2 did, the CheckThat dev tweets got the right fact-check "matched" for 0.34 of them; read
so, 0.77 (changelog, 0.15.0). A post's one claim is answered by the post; where a post carries
several (a forwarded message), each is matched alone too, and the post's answer goes to the one
it is about (``_carrier``) where it is surer than that claim's own answer.

A post in which the detector found no claim is matched whole as well (``unclaimed``), and
where it is matched to a fact-check its text is kept as its one claim: the detector misses
claims the matcher knows ("Mpox is spread by mosquito bites" scores 0.14), and one post in
nine of ``eval/blind-real/`` carries its fact-checked claim in no sentence the detector takes.
The matcher's decision is the same one the tipline gives a reader, and opinions or chat seldom
pass it (docs/matching.md, "What is matched"). A post that matches nothing stays claimless.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from ..document import Claim, Document
from .matcher import MatchResult, shared_matcher

if TYPE_CHECKING:
    from ..claims.detector import ClaimDetector
    from ..store import Store
    from .matcher import Matcher


def match_stage(store: Store | None):  # type: ignore[no-untyped-def]
    if store is None:
        return lambda docs: docs
    matcher = shared_matcher(store)
    post_chars = store.settings.integer("KIEMCHUNG_WHOLE_POST_CHARS")
    unclaimed = unclaimed_detector(store)

    def stage(docs: list[Document]) -> list[Document]:
        match_documents(matcher, docs, post_chars, unclaimed=unclaimed)
        return docs

    return stage


def unclaimed_detector(store: Store) -> ClaimDetector | None:
    """The detector that scores the claims kept from posts with none found
    (KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS); ``None`` where such posts are not matched."""
    if not store.settings.get("KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS"):
        return None
    from ..claims.detector import ClaimDetector

    return ClaimDetector(settings=store.settings)


def match_documents(
    matcher: Matcher,
    docs: Sequence[Document],
    post_chars: int,
    leave_out: Sequence[Collection[str]] = (),
    unclaimed: ClaimDetector | None = None,
) -> list[list[MatchResult]]:
    """Match every claim of ``docs`` (setting each one's ``matched`` and ``matches``). A
    document of at most ``post_chars`` characters that has a claim is a post, matched whole: its
    one claim takes the post's answer; where it has several, each is matched alone too and the
    post's answer goes to the claim it is about. Returns each document's claims' results, in
    order.
    ``leave_out[i]``: urls document ``i`` is matched as if the library did not hold.
    ``unclaimed``: given, a post with no claim (and no longer than its longest claim) is
    matched whole too and, where matched, gets its text as its one claim, scored as its best
    sentence by this detector."""
    if leave_out and len(leave_out) != len(docs):
        raise ValueError(f"leave_out names {len(leave_out)} documents' entries, not {len(docs)}")
    posts = {
        i
        for i, doc in enumerate(docs)
        if post_chars > 0
        and (doc.claims or (unclaimed is not None and _may_be_kept(doc, unclaimed)))
        and doc.text.strip()
        and len(doc.text) <= post_chars
    }
    # A post's one claim is read in its post only; where it has several, each alone as well.
    alone = [
        (i, claim)
        for i, doc in enumerate(docs)
        for claim in doc.claims
        if i not in posts or len(doc.claims) > 1
    ]
    whole = sorted(posts)
    texts = [claim.text for _, claim in alone] + [docs[i].text for i in whole]
    owners = [i for i, _ in alone] + whole
    results = matcher.match(texts, leave_out=[leave_out[i] for i in owners] if leave_out else ())
    found: list[list[MatchResult]] = [[] for _ in docs]
    for (i, _), result in zip(alone, results):
        found[i].append(result)
    for i, post in zip(whole, results[len(alone) :]):
        if not docs[i].claims:
            if post.matched and unclaimed is not None:
                docs[i].claims = [_whole(docs[i], unclaimed)]
                found[i].append(post)
            continue
        if not found[i]:
            found[i].append(post)
            continue
        at = _carrier(found[i], post)
        if at is not None:
            found[i][at] = post
    for doc, results_of_doc in zip(docs, found):
        for claim, result in zip(doc.claims, results_of_doc):
            claim.matched = result.matched
            claim.matches = result.matches
    return found


def _may_be_kept(doc: Document, detector: ClaimDetector) -> bool:
    return len(doc.text.strip()) <= detector.max_chars


def _whole(doc: Document, detector: ClaimDetector) -> Claim:
    """A post's whole text as its claim, scored as its best sentence by the built-in detector
    (under its line where the built-in claims stage found none)."""
    start = len(doc.text) - len(doc.text.lstrip())
    end = len(doc.text.rstrip())
    sentences = [span.text for span in doc.sentences] or [doc.text[start:end]]
    best = max(detector.score(sentence) for sentence in sentences)
    return Claim(text=doc.text[start:end], start=start, end=end, score=round(best, 4))


def _carrier(own: list[MatchResult], post: MatchResult) -> int | None:
    """Which of a post's claims takes the post's answer: the one whose own candidates rank the
    post's first fact-check highest (the first claim where none holds it), and only where its
    own answer is not "matched" to another fact-check and is less sure. ``None``: none does."""
    if not post.matched or not post.matches or not own:
        return None
    first = post.matches[0].url

    def rank(index: int) -> float:
        urls = [match.url for match in own[index].matches]
        return urls.index(first) if first in urls else math.inf

    at = min(range(len(own)), key=rank)  # the first claim among equals
    mine = own[at]
    if mine.matched and mine.matches and mine.matches[0].url != first:
        return None
    return at if not mine.matched or post.confidence > mine.confidence else None
