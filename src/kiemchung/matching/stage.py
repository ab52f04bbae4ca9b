"""The built-in "match" pipeline stage (named in ``pipeline.BUILTIN_STAGES``): every claim of a
batch matched against the library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import Document
from .matcher import shared_matcher

if TYPE_CHECKING:
    from ..store import Store


def match_stage(store: Store | None):  # type: ignore[no-untyped-def]
    matcher = shared_matcher(store) if store is not None else None

    def stage(docs: list[Document]) -> list[Document]:
        if matcher is None:
            return docs
        claims = [claim for doc in docs for claim in doc.claims]
        for claim, result in zip(claims, matcher.match([c.text for c in claims])):
            claim.matched = result.matched
            claim.matches = result.matches
        return docs

    return stage
