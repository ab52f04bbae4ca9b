"""Publishing: an approved verdict becomes a public fact-check page with ClaimReview markup and
joins the matching library at once; later edits need a public correction note.

A fact-check's public address is built when it is shown, from ``KIEMCHUNG_PUBLIC_URL`` (or the
base the web layer passes in), so a page published from a desk address or before the site moved
still links to where readers find it. The stored url stays the fact-check's key in the library.
The publisher is named the same way, from ``KIEMCHUNG_OUTLET_NAME`` when the page is shown: a
newsroom runs Kiểm chứng under its own name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from ..channels import followups
from ..clock import local_date, timestamp
from ..errors import Conflict, InputError, NotFound
from ..library.ratings import LABELS
from ..library.record import FactCheck
from ..matching.lexical import search_form
from ..settings import Settings
from ..store import Store
from ..store.queries import published as queries
from ..store.queries import verdicts as verdict_queries
from ..text.normalize import clean
from ..work import library_changed
from . import audit
from .common import REVIEWERS, require_role
from .drafts import explanation_html, readable
from .queue import appearances, get
from .research import Evidence, evidence_of
from .users import User
from .verdicts import MAX_SUMMARY, Verdict, rating_key

OUTLET = "Kiểm chứng"  # the publisher's name when KIEMCHUNG_OUTLET_NAME is not set
PATH = "/kiem-chung/"
SHORT_CLAIM = 74  # Google: claimReviewed under 75 characters
MAX_NOTE = 5000  # characters of a correction's public note


@dataclass
class Correction:
    note: str
    created_at: str
    editor: str
    before: dict[str, Any]


@dataclass
class Published:
    id: int
    item_id: int
    slug: str
    url: str
    claim_reviewed: str
    rating_label: str
    explanation: str
    author_name: str
    reviewer_name: str | None
    appearances: list[str]
    claim_date: str | None
    date_published: str
    date_modified: str
    sources: list[Evidence] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    key: str = ""  # the url stored at publication, which the library knows it by
    awaiting_review: int | None = None  # a correction's draft waiting for a second editor
    publisher: str = OUTLET  # the outlet that publishes it (KIEMCHUNG_OUTLET_NAME)

    @property
    def rating(self) -> Any:
        return LABELS[self.rating_label]


def outlet(settings: Settings) -> str:
    """The name the fact-checks are published under (KIEMCHUNG_OUTLET_NAME)."""
    return str(settings.get("KIEMCHUNG_OUTLET_NAME"))


def site_url(store: Store) -> str:
    """KIEMCHUNG_PUBLIC_URL without its trailing slash; empty when it is not set."""
    return str(store.settings.get("KIEMCHUNG_PUBLIC_URL"))


def _base(store: Store, base: str | None) -> str:
    return (base if base is not None else site_url(store)).rstrip("/")


def short_claim(text: str, limit: int = SHORT_CLAIM) -> str:
    """The claim cut at a word boundary to fit ``limit`` characters (with an ellipsis)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return (cut or text[: limit - 1]) + "…"


def slug_for(text: str, number: int, limit: int = 60) -> str:
    """The page's address: the claim's words without accents, as many whole words as fit in
    ``limit`` characters, then the claim's number."""
    base = ""
    for word in search_form(text).split():
        longer = f"{base}-{word}" if base else word
        if len(longer) > limit:
            base = base or word[:limit]
            break
        base = longer
    return f"{base}-{number}" if base else str(number)


def _date(moment: str | None) -> str | None:
    """A stored time as the date readers see on the page: in Vietnam time (``clock.ZONE``)."""
    return local_date(moment) if moment and re.match(r"\d{4}-\d{2}-\d{2}", moment) else None


def claimreview(fc: Published) -> dict[str, Any]:
    """The schema.org ClaimReview of a published fact-check (Google's required and recommended
    fields)."""
    label = LABELS[fc.rating_label]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label.vi}
    if label.value is not None:
        rating.update(ratingValue=label.value, bestRating=6, worstRating=1)
    item: dict[str, Any] = {"@type": "Claim"}
    if fc.appearances:
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in fc.appearances]
    if _date(fc.claim_date):
        item["datePublished"] = _date(fc.claim_date)
    base = fc.url.split(PATH)[0]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": fc.url,
        "claimReviewed": short_claim(fc.claim_reviewed),
        "datePublished": _date(fc.date_published),
        "dateModified": _date(fc.date_modified),
        "inLanguage": "vi",
        "author": {"@type": "Organization", "name": fc.publisher, "url": base + "/"},
        "reviewRating": rating,
        "itemReviewed": item,
    }


def _library_record(fc: Published) -> FactCheck:
    label = LABELS[fc.rating_label]
    return FactCheck(
        url=fc.key or fc.url,
        claim_reviewed=fc.claim_reviewed,
        rating_text=label.vi,
        rating_value=label.value,
        rating_label=fc.rating_label,
        language="vi",
        date_published=_date(fc.date_published),
        publisher=fc.publisher,
        data=claimreview(fc),
    )


def publish(
    store: Store, verdict: Verdict, reviewer: User, base_url: str, comment: str | None
) -> str:
    from ..matching.library_index import add_factchecks

    item = get(store, verdict.item_id)
    links = [a.url for a in appearances(store, item.id) if a.url] + verdict.appearances
    stamp = timestamp()
    with store.writing() as connection:
        approve_once(connection, verdict.id, reviewer, comment, stamp)
        slug = slug_for(verdict.claim_summary, item.id)
        queries.add_published(
            connection,
            item_id=item.id,
            verdict_id=verdict.id,
            slug=slug,
            url=(site_url(store) or base_url.rstrip("/")) + PATH + slug,
            claim_reviewed=verdict.claim_summary,
            rating_label=verdict.rating_label,
            explanation=verdict.explanation,
            author_name=verdict.author,
            appearances=json.dumps(list(dict.fromkeys(links))),
            claim_date=item.first_seen,
            at=stamp,
        )
        audit.record(
            connection,
            reviewer.email,
            "verdict.approve",
            f"claim {item.id}",
            verdict=verdict.id,
            author=verdict.author_id,
        )
        audit.record(
            connection, reviewer.email, "factcheck.publish", slug, rating=verdict.rating_label
        )
        followups.on_publish(connection, item.id, store.settings)  # readers waiting, told once
    add_factchecks(store, [_library_record(by_slug(store, slug, site_url(store) or base_url))])
    library_changed(store)  # with a broker, the workers match stored claims again
    followups.deliver_soon(store)
    return slug


def approve_once(
    connection: Connection, verdict_id: int, reviewer: User, comment: str | None, stamp: str
) -> None:
    """Mark a draft approved, only if it is still waiting: of two editors approving the same
    draft at once, the second is told it is no longer waiting (409), and nothing is written."""
    if not verdict_queries.approve_waiting(connection, verdict_id, reviewer.id, comment, stamp):
        raise Conflict(
            f"verdict {verdict_id} is no longer waiting for review (someone else reviewed it)",
            code="not_in_review",
        )


def _published(row: queries.PublishedRow, base: str, publisher: str) -> Published:
    return Published(
        row.id,
        row.item_id,
        row.slug,
        base + PATH + row.slug if base else row.url,
        row.claim_reviewed,
        row.rating_label,
        row.explanation,
        row.author_name,
        row.reviewer_name,
        json.loads(row.appearances),
        row.claim_date,
        row.date_published,
        row.date_modified,
        key=row.url,
        publisher=publisher,
    )


def by_slug(store: Store, slug: str, base: str | None = None) -> Published:
    """The fact-check ``slug``; its url built on ``base`` (default: KIEMCHUNG_PUBLIC_URL)."""
    with store.reading() as connection:
        row = queries.by_slug(connection, slug)
        if row is None:
            raise NotFound(f"no fact-check {slug}")
        fc = _published(row, _base(store, base), outlet(store.settings))
        fc.corrections = [
            Correction(r.note, r.created_at, r.editor, json.loads(r.before))
            for r in queries.corrections_of(connection, fc.id)
        ]
    fc.sources = evidence_of(store, fc.item_id)
    return fc


def of_item(store: Store, item_id: int, base: str | None = None) -> Published | None:
    """The fact-check published for queue item ``item_id``, if there is one."""
    with store.reading() as connection:
        row = queries.of_item(connection, item_id)
    if row is None:
        return None
    return _published(row, _base(store, base), outlet(store.settings))


def latest(
    store: Store, limit: int = 20, offset: int = 0, base: str | None = None
) -> list[Published]:
    with store.reading() as connection:
        rows = queries.latest(connection, limit, offset)
    name = outlet(store.settings)
    return [_published(row, _base(store, base), name) for row in rows]


def count(store: Store) -> int:
    with store.reading() as connection:
        return queries.count(connection)


def urls(store: Store) -> dict[str, str]:
    """url → slug of every desk-published fact-check (to tell them from imported ones)."""
    with store.reading() as connection:
        return queries.slugs_by_url(connection)


def correct(
    store: Store,
    slug: str,
    editor: User,
    note: str,
    claim_summary: str | None = None,
    rating_label: str | None = None,
    explanation: str | None = None,
) -> Published:
    """Change a published fact-check; the public note and the previous text are kept. The
    explanation is written as the verdict's is (Markdown, or HTML typed by hand, made safe by
    ``drafts.explanation_html``); given back exactly as published, it is not a change.

    A change of the rating, or of the claim beyond its wording, is a correction draft that a
    different editor approves, like a verdict (``corrections.py``): the page is unchanged until
    then and ``awaiting_review`` names the draft. A fix of the wording alone (the explanation,
    or the claim's spelling, spacing and punctuation) is published at once, with its note, in
    the audit log."""
    from . import corrections as review_of

    require_role(editor, REVIEWERS)
    note = (note or "").strip()
    if not note or len(note) > MAX_NOTE:
        raise InputError(
            "a correction needs a public note saying what changed and why",
            code="correction_note",
            field="note",
            most=MAX_NOTE,
        )
    fc = by_slug(store, slug)
    changes: dict[str, str] = {}
    # NFC first: the claim typed in decomposed Unicode is the same words, not a change of them.
    summary = " ".join(clean(claim_summary).split()) if claim_summary is not None else None
    if summary is not None and summary != " ".join(clean(fc.claim_reviewed).split()):
        if not summary or len(summary) > MAX_SUMMARY:
            raise InputError(
                f"the claim summary needs 1 to {MAX_SUMMARY} characters",
                code="summary",
                field="claim_summary",
                most=MAX_SUMMARY,
            )
        changes["claim_reviewed"] = summary
    if rating_label is not None:
        rating_label = rating_key(rating_label)
    if rating_label is not None and rating_label != fc.rating_label:
        changes["rating_label"] = rating_label
    if explanation is not None and explanation.strip() and explanation != fc.explanation:
        cleaned = explanation_html(explanation)
        if not readable(cleaned):
            raise InputError(
                "the explanation is empty once cleaned (scripts and tags are not published)",
                code="explanation",
                field="explanation",
            )
        if cleaned != fc.explanation:
            changes["explanation"] = cleaned
    if not changes:
        raise InputError("nothing was changed", code="nothing_changed")
    if review_of.needs_review(fc, changes):
        return review_of.propose(store, fc, editor, note, changes)
    with store.writing() as connection:
        write_correction(connection, fc, editor.id, editor.email, note, changes, review="none")
        review_of.carry_wording(connection, fc, changes)
        verdict_queries.drop_correction_draft(connection, fc.item_id)  # it is done
    return corrected(store, slug)


def write_correction(
    connection: Connection,
    fc: Published,
    editor_id: int,
    actor: str,
    note: str,
    changes: dict[str, str],
    **detail: Any,
) -> None:
    """Apply ``changes`` to a published fact-check with its public note and the text before,
    inside the caller's transaction (``actor`` is who is logged as doing it)."""
    before = {key: getattr(fc, key) for key in changes}
    queries.change_published(connection, fc.id, changes, timestamp())
    queries.add_correction(
        connection,
        factcheck_id=fc.id,
        note=note,
        before=json.dumps(before, ensure_ascii=False),
        editor_id=editor_id,
        at=timestamp(),
    )
    audit.record(connection, actor, "factcheck.correct", fc.slug, fields=sorted(changes), **detail)
    followups.on_correct(connection, fc.id)  # readers who were sent it, told once


def corrected(store: Store, slug: str) -> Published:
    """After a correction: the library, the workers and the readers waiting follow it."""
    from ..matching.library_index import add_factchecks

    fresh = by_slug(store, slug)
    add_factchecks(store, [_library_record(fresh)])
    library_changed(store)
    followups.deliver_soon(store)
    return fresh
