"""The working draft of a verdict: saved as it is typed, reopened as written.

Explanations are written in Markdown (paragraphs, emphasis, lists, quotes, links; HTML typed by
hand still works) and published as HTML made safe by nh3 (``common.sanitize_html``). One draft
per claim: the desk works on a claim together, and the draft outlives a failed submission, a
reload and a returned verdict.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..clock import timestamp
from ..errors import Conflict, InputError
from ..store import Store
from ..store.queries import verdicts as queries
from .common import sanitize_html
from .queue import get
from .verdicts import MAX_EXPLANATION, MAX_SUMMARY

MAX_APPEARANCES = 20_000


@dataclass
class Draft:
    item_id: int
    claim_summary: str
    rating_label: str
    explanation: str  # Markdown as typed
    appearances: str  # one URL a line, as typed
    updated_at: str | None = None


def readable(html: str) -> bool:
    """Whether published HTML has any text a reader sees (a ``<script>`` alone cleans to
    nothing)."""
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", html))


def explanation_html(source: str) -> str:
    """Markdown (or hand-typed HTML) to the safe HTML that is published."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True, "breaks": True}).render(source or "")
    return sanitize_html(rendered)


def source_of(store: Store, item_id: int, published_html: str) -> str:
    """What the correction form's editor opens with: the Markdown a published explanation was
    written as, while the claim's draft still renders to it; else the published HTML itself,
    which the editor takes as typed."""
    written = reopen(store, item_id).explanation
    return written if explanation_html(written) == published_html else published_html


def save(
    store: Store,
    item_id: int,
    user_id: int,
    claim_summary: str,
    rating_label: str,
    explanation: str,
    appearances: str,
    opened: str | None = None,
) -> Draft:
    """Keep what is typed now, replacing the claim's earlier draft. ``opened``: when the draft
    the form shows was saved ("" if there was none); a draft saved since, from another tab or
    by another editor, is not overwritten. ``None``: no check (a client that does not say)."""
    if len(claim_summary) > MAX_SUMMARY * 2 or len(explanation) > MAX_EXPLANATION:
        raise InputError("the draft is too long", code="draft_too_long", field="explanation")
    if len(appearances) > MAX_APPEARANCES or len(rating_label) > 32:
        raise InputError("the draft is too long", code="draft_too_long", field="appearances")
    get(store, item_id)
    saved_at = timestamp()
    with store.writing() as connection:
        if opened is not None:
            current = queries.draft_of(connection, item_id)
            if (current.updated_at if current else "") not in (opened or "",):
                raise Conflict(
                    "the draft was saved elsewhere since this form opened (another tab or "
                    "another editor); reload the page to see it before typing on",
                    code="draft_changed",
                    field="explanation",
                )
        queries.keep_draft(
            connection,
            item_id,
            claim_summary=claim_summary,
            rating_label=rating_label,
            explanation=explanation,
            appearances=appearances,
            updated_by=user_id,
            updated_at=saved_at,
        )
    return Draft(item_id, claim_summary, rating_label, explanation, appearances, saved_at)


def reopen(store: Store, item_id: int) -> Draft:
    """What the verdict form shows: the saved draft; else the latest verdict as it was sent
    (a draft submitted through the API, say); else the claim as the queue has it, unrated."""
    with store.reading() as connection:
        row = queries.draft_of(connection, item_id)
        if row is not None:
            return Draft(item_id, *row)
        latest = queries.latest_sent(connection, item_id)
    if latest is not None:
        links = "\n".join(json.loads(latest.appearances))
        return Draft(item_id, latest.claim_summary, latest.rating_label, latest.explanation, links)
    return Draft(item_id, get(store, item_id).text, "", "", "")
