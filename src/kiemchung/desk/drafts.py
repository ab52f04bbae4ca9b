"""The working draft of a verdict: saved as it is typed, reopened as written.

Explanations are written in Markdown (paragraphs, emphasis, lists, quotes, links; HTML typed by
hand still works) and published as HTML made safe by nh3 (``common.sanitize_html``). One draft
per claim: the desk works on a claim together, and the draft outlives a failed submission, a
reload and a returned verdict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from ..clock import timestamp
from ..errors import InputError
from ..store import Store
from .common import sanitize_html
from .queue import get
from .schema import drafts, verdicts
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
) -> Draft:
    """Keep what is typed now, replacing the claim's earlier draft."""
    if len(claim_summary) > MAX_SUMMARY * 2 or len(explanation) > MAX_EXPLANATION:
        raise InputError("the draft is too long", code="draft_too_long", field="explanation")
    if len(appearances) > MAX_APPEARANCES or len(rating_label) > 32:
        raise InputError("the draft is too long", code="draft_too_long", field="appearances")
    get(store, item_id)
    saved_at = timestamp()
    values = {
        "claim_summary": claim_summary,
        "rating_label": rating_label,
        "explanation": explanation,
        "appearances": appearances,
        "updated_by": user_id,
        "updated_at": saved_at,
    }
    with store.db.transaction() as connection:
        changed = connection.execute(
            drafts.update().where(drafts.c.item_id == item_id).values(**values)
        )
        if not changed.rowcount:
            connection.execute(drafts.insert().values(item_id=item_id, **values))
    return Draft(item_id, claim_summary, rating_label, explanation, appearances, saved_at)


def reopen(store: Store, item_id: int) -> Draft:
    """What the verdict form shows: the saved draft; else the latest verdict as it was sent
    (a draft submitted through the API, say); else the claim as the queue has it, unrated."""
    with store.db.read() as connection:
        row = connection.execute(select(drafts).where(drafts.c.item_id == item_id)).first()
        if row is not None:
            return Draft(
                item_id,
                row.claim_summary,
                row.rating_label,
                row.explanation,
                row.appearances,
                row.updated_at,
            )
        latest = connection.execute(
            select(verdicts)
            .where(verdicts.c.item_id == item_id)
            .order_by(verdicts.c.id.desc())
            .limit(1)
        ).first()
    if latest is not None:
        links = "\n".join(json.loads(latest.appearances))
        return Draft(item_id, latest.claim_summary, latest.rating_label, latest.explanation, links)
    return Draft(item_id, get(store, item_id).text, "", "", "")
