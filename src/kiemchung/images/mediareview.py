"""schema.org MediaReview for a fact-check about images, published beside its ClaimReview.

The review is built from the ClaimReview (same page, author, dates and rating) and names each
image by its sha256, not by a public address: a reader's screenshot may show other people's
names, so the images themselves are never published. ``mediaAuthenticityCategory`` (original,
edited, decontextualised…) is a separate editorial judgement from the verdict on the claim and
is left out until an editor can record it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

COPIED = ("url", "datePublished", "dateModified", "inLanguage", "author", "reviewRating")


def mediareview(claimreview: dict[str, Any], shas: list[str]) -> dict[str, Any]:
    """The MediaReview of the images ``shas`` a fact-check (its ``claimreview``) is about."""
    review: dict[str, Any] = {"@context": "https://schema.org", "@type": "MediaReview"}
    review.update({key: claimreview[key] for key in COPIED if claimreview.get(key) is not None})
    review["originalMediaContextDescription"] = claimreview.get("claimReviewed")
    review["itemReviewed"] = {
        "@type": "MediaReviewItem",
        "appearance": [{"@type": "ImageObject", "sha256": sha} for sha in shas],
    }
    return review


def json_ld(
    store: Store, claimreview: dict[str, Any], key: str | None = None
) -> dict[str, Any] | list[dict[str, Any]]:
    """The page's JSON-LD: the ClaimReview alone, or with a MediaReview when the fact-check is
    about images. ``key`` is the url the library knows the fact-check by, when the page's own
    address differs from it."""
    from .library import of_factcheck

    shas = of_factcheck(store, key or str(claimreview["url"]))
    return [claimreview, mediareview(claimreview, shas)] if shas else claimreview
