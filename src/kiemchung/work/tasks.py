"""The tasks a worker runs: thin wrappers over the library, each with one boundary and one key.

=========== ================== =========================== =====================================
queue       task               idempotency key             what it does
=========== ================== =========================== =====================================
poll        poll_source        ``poll:{source}:{due}``     fetch a due source in its host's slot
                                                           (shared by every worker), read new
                                                           items, hand them to ``ingest_items``
ingest      ingest_items       ``ingest:{source}:{due}``   documents, exact and near duplicates
                                                           (checked against the database under
                                                           one lock), claims; the source's state
match       match_stale        (sends ``match_claims``)    the claims not matched against the
                                                           current library version, in batches
match       match_claims       ``match:{claim}:{version}`` embed a batch at once, match it, write
                                                           the links with the keys
match       match_posts        ``post:{doc}``              a poll's posts with no claim found,
                                                           matched whole; a matched one kept as
                                                           its claim (once)
match       embed_claims       (a stored vector)           the batch's narrative vectors, in
                                                           parallel, for the serial step
narratives  assign_narratives  (a claim joins once)        serial: place new claims, raise alerts
alerts      deliver_alert      ``alert:{id}``              POST one alert to the webhook
tipline     answer_text        (none: nothing is written)  a reader's text matched for the web
                                                           app, texts of all threads batched
                                                           (``answers``)
=========== ================== =========================== =====================================

``schedule(store)`` is what ``kiemchung monitor`` does each cycle when a broker is set: it sends
the due polls and whatever work is waiting, each at most once (``shared.first_time``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import dramatiq
import numpy as np
from sqlalchemy import Connection

from ..document import Document
from ..errors import FetchFailed, FetchRefused, NotFound
from ..fetch import Fetcher
from ..ingest import dedup
from ..ingest.items import Item
from ..ingest.plan import Planner
from ..matching.dense import encoder_name
from ..matching.rematch import RematchReport, matching_version, rematch_batch
from ..monitor import alerts, editing, narratives, sources, webhook
from ..monitor import schedule as source_schedule
from ..monitor.intake import Intake
from ..monitor.poller import Poller, PollResult, RoundReport
from ..monitor.readers import Listing
from ..pipeline import Pipeline
from ..store import Store
from ..store.queries import alerts as alert_rows
from ..store.queries import documents as stored
from ..store.queries import work as ledger
from ..text.normalize import clean
from . import QUEUES, shared
from . import answers as _answers  # noqa: F401  (``kiemchung worker`` runs the tipline's actor)
from .broker import client, current_store, installed

MATCH_BATCH = 64  # claims embedded and matched together by one task
SENT_TTL = 3600.0  # seconds a "sent" mark keeps the same work from being sent again

installed()  # actors are declared on the broker of the environment (or one installed before)


# -- one per worker process -----------------------------------------------------------------


class _Process:
    """What a worker process keeps between tasks: its poller (fetching in shared host slots)
    and its writer (a poller whose ingest planner is built at the first ingest task)."""

    poller: Poller | None = None
    writer: Poller | None = None
    mark: int = -1  # the highest document id the writer's planner has seen (-1: its start)


_process = _Process()


def _poller(store: Store) -> Poller:
    if _process.poller is None or _process.poller.store is not store:
        poller = Poller(store)
        poller.gate = shared.HostSlots(client(), poller.gate.gap)  # type: ignore[assignment]
        _process.poller = poller
    return _process.poller


def _writer(store: Store) -> Poller:
    if _process.writer is None or _process.writer.store is not store:
        pipeline = Pipeline(store, stages=("text", "claims"))  # matching is its own task
        _process.writer, _process.mark = Poller(store, intake=Intake(store, pipeline)), -1
    return _process.writer


def _catch_up(planner: Planner, store: Store) -> None:
    """Add the documents other workers wrote since this process last looked to the planner's
    near-duplicate index (called under the ingest lock, so nothing is written meanwhile)."""
    if _process.mark < 0:  # the planner read every document when it was built
        _process.mark = planner.start_id
    with store.reading() as connection:
        rows = stored.documents_after(connection, _process.mark)
    from ..ingest import dedup

    for row in rows:
        if row.duplicate_of is None and row.minhash is not None:
            planner.near.add(str(row.id), dedup.from_bytes(row.minhash))
        _process.mark = max(_process.mark, row.id)
    # URL-less texts written by other workers count as stored before, as after a restart.
    planner.start_id = max(planner.start_id, _process.mark)


# -- the tasks ------------------------------------------------------------------------------


@dramatiq.actor(queue_name="poll")
def poll_source(source_id: int, due: str) -> None:
    """Poll one due source; its items go on to ``ingest_items``."""
    store = current_store()
    try:
        source = sources.get(store, source_id)
    except NotFound:
        return  # removed since it was scheduled
    if source.paused or source.next_poll_at != due:
        return  # polled already (this message came twice) or paused meanwhile
    poller = _poller(store)
    result = poller.poll(source)
    listing = result.listing
    if listing is not None and (listing.items or not listing.complete):
        items = [dataclasses.replace(item, byline=None) for item in listing.items]
        ingest_items.send(
            source_id,
            due,
            [dataclasses.asdict(item) for item in items],
            result.etag,
            result.last_modified,
            listing.complete,
        )
    else:  # failed, unchanged, nothing new, or a fact-checker's pages for the library
        if listing is not None:  # nothing new: recorded as a poll that found nothing
            result = dataclasses.replace(result, listing=None)
        poller.store_result(result, RoundReport())
        if result.harvest is not None:
            _send_once("match_stale", match_stale)
    with store.writing() as connection:
        ledger.claim_key(connection, f"poll:{source_id}:{due}", "poll_source")


@dramatiq.actor(queue_name="ingest")
def ingest_items(
    source_id: int,
    due: str,
    items: list[dict[str, Any]],
    etag: str | None,
    last_modified: str | None,
    complete: bool,
) -> None:
    """Store one poll's items (documents first, then the items and the source's new state)."""
    store = current_store()
    key = f"ingest:{source_id}:{due}"
    try:
        source = sources.get(store, source_id)
    except NotFound:
        return
    # One writer at a time across workers: the duplicate checks see every committed document.
    with shared.exclusive(client(), "ingest"):
        with store.reading() as connection:
            if ledger.is_done(connection, key):
                return
        writer = _writer(store)
        _catch_up(writer.intake.planner, store)
        listing = Listing(items=[Item(**item) for item in items], complete=complete)
        result = PollResult(source, listing=listing, etag=etag, last_modified=last_modified)
        report = RoundReport()
        writer.store_result(result, report)
        # Sent before the key: a run killed after writing some of the poll's documents finds
        # them again by their items when the message comes back, and sends them then.
        posts = _claimless_posts(store, listing.items)
        if posts:
            match_posts.send(posts)
        with store.writing() as connection:
            ledger.claim_key(connection, key, "ingest_items")
    if report.claims:
        _send_once("match_stale", match_stale)


def _claimless_posts(store: Store, items: list[Item]) -> list[int]:
    """The stored originals of ``items`` short enough to be posts that have no claim, where
    such posts are matched whole (KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS)."""
    if not items or not store.settings.get("KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS"):
        return []
    post_chars = store.settings.integer("KIEMCHUNG_WHOLE_POST_CHARS")
    with store.reading() as connection:
        ids = set(stored.documents_by_url(connection, [i.url for i in items if i.url]).values())
        for item in items:
            if not item.url and (text := clean(item.text).strip()):
                found = stored.document_with_text(connection, dedup.content_hash(text))
                if found is not None:
                    ids.add(found)
        return [row.id for row in stored.claimless_posts(connection, sorted(ids), post_chars)]


@dramatiq.actor(queue_name="match")
def match_stale() -> None:
    """Send the claims not matched against the current library version to ``match_claims``,
    in batches (after ingest, an import, or a publication)."""
    shared.forget(client(), "match_stale")
    store = current_store()
    version = matching_version(store)
    after = 0
    while True:
        with store.reading() as connection:
            ids = stored.claims_not_matched_at(connection, version, after, MATCH_BATCH * 16)
        if not ids:
            return
        marks = shared.first_times(client(), [f"match:{i}:{version}" for i in ids], SENT_TTL)
        fresh = [claim_id for claim_id, first in zip(ids, marks) if first]
        for start in range(0, len(fresh), MATCH_BATCH):
            match_claims.send(fresh[start : start + MATCH_BATCH])
        after = ids[-1]


@dramatiq.actor(queue_name="match")
def match_claims(claim_ids: list[int]) -> None:
    """Match a batch of claims against the current library version; claims already matched at
    that version (their key is recorded) are left alone."""
    from ..matching.matcher import shared_matcher

    store = current_store()
    matcher = shared_matcher(store)
    matcher.restorer()  # the library brought up to date first, as ``rematch`` does
    version = matching_version(store)
    keys = {claim_id: f"match:{claim_id}:{version}" for claim_id in claim_ids}
    with store.reading() as connection:
        todo = [i for i in claim_ids if not ledger.is_done(connection, keys[i])]
    if not todo:
        return

    def only(connection: Connection, ids: list[int]) -> set[int]:
        recorded = ledger.claim_keys(connection, [keys[i] for i in ids], "match_claims")
        return {i for i in ids if keys[i] in recorded}

    report = RematchReport()
    rematch_batch(
        store,
        todo,
        matcher=matcher,
        version=version,
        report=report,
        also=editing.refresh_factchecks,
        only=only,
    )
    embed_claims.send(todo)


@dramatiq.actor(queue_name="match")
def match_posts(document_ids: list[int]) -> None:
    """Match whole the posts of ``document_ids`` in which no claim was found, and keep each one
    that matches a fact-check as its own claim, as the match stage does without a broker
    (``matching.stage``). A post is kept once: the key names the document alone."""
    from ..ingest.ingest import keep_claims
    from ..matching.matcher import shared_matcher
    from ..matching.stage import match_documents, unclaimed_detector
    from ..pipeline import FACTORIES, stage_factory

    store = current_store()
    unclaimed = unclaimed_detector(store)
    post_chars = store.settings.integer("KIEMCHUNG_WHOLE_POST_CHARS")
    if unclaimed is None or "match" in FACTORIES:  # a stage of the user's own matches instead
        return
    matcher = shared_matcher(store)
    matcher.restorer()
    version = matching_version(store)
    with store.reading() as connection:
        rows = stored.claimless_posts(connection, document_ids, post_chars)
    docs = stage_factory("text")(store)([Document(text=row.text) for row in rows])
    match_documents(matcher, docs, post_chars, unclaimed=unclaimed)
    kept = {row.id: doc for row, doc in zip(rows, docs) if doc.claims}
    written: list[int] = []
    with store.writing() as connection:
        still = {row.id for row in stored.claimless_posts(connection, list(kept), post_chars)}
        for document_id, doc in kept.items():
            key = f"post:{document_id}"
            if document_id in still and ledger.claim_key(connection, key, "match_posts"):
                written += keep_claims(connection, document_id, doc, version)
    if written:
        embed_claims.send(written)


@dramatiq.actor(queue_name="match")
def embed_claims(claim_ids: list[int]) -> None:
    """Embed a batch of claims for narratives in parallel workers, so that the one serial
    narratives consumer only places them; claims placed or embedded already are skipped."""
    store = current_store()
    encoder = encoder_name()
    with store.reading() as connection:
        rows = ledger.claims_to_embed(connection, claim_ids, encoder)
    if rows:
        vectors = narratives.embed_claims([{"id": row.id, "text": row.text} for row in rows])
        with store.writing() as connection:
            ledger.keep_claim_vectors(connection, encoder, [row.id for row in rows], vectors)
    _send_once("narratives", assign_narratives)


def _embedded_ahead(store: Store) -> narratives.Embed:
    """Narrative vectors read from those ``embed_claims`` stored; the rest embedded here."""
    encoder = encoder_name()

    def embed(pending: list[dict[str, Any]]) -> np.ndarray:
        with store.reading() as connection:
            found = ledger.claim_vectors(connection, [c["id"] for c in pending], encoder)
        missing = [claim for claim in pending if claim["id"] not in found]
        found.update(zip([c["id"] for c in missing], narratives.embed_claims(missing)))
        return np.stack([found[claim["id"]] for claim in pending])

    return embed


@dramatiq.actor(queue_name="narratives")
def assign_narratives() -> None:
    """Place every claim in no narrative yet, one worker at a time (placement depends on
    order), raise alerts and send the new ones."""
    shared.forget(client(), "narratives")
    store = current_store()
    with shared.exclusive(client(), "narratives"):
        narratives.assign(store, embed=_embedded_ahead(store))
        alerts.evaluate(store)
    with store.writing() as connection:  # placed: their vectors are in the narratives
        ledger.drop_placed_vectors(connection)
    send_alerts(store)


@dramatiq.actor(queue_name="alerts", throws=(FetchRefused,))
def deliver_alert(alert_id: int) -> None:
    """POST one stored alert to KIEMCHUNG_ALERT_WEBHOOK; a refusal by the fetch guard is not
    tried again, an error is (and the alert keeps the last one)."""
    store = current_store()
    url = str(store.settings.get("KIEMCHUNG_ALERT_WEBHOOK")).strip()
    key = f"alert:{alert_id}"
    with store.reading() as connection:
        row = alert_rows.alert_by_id(connection, alert_id)
        if not url or row is None or row.delivered_at or ledger.is_done(connection, key):
            return
    try:
        webhook.send(url, row.message, Fetcher(store.settings))
    except (FetchFailed, FetchRefused) as error:
        with store.writing() as connection:
            alert_rows.record_attempt(connection, alert_id, None, error.message)
        raise
    from ..clock import iso, now

    with store.writing() as connection:
        if ledger.claim_key(connection, key, "deliver_alert"):
            alert_rows.record_attempt(connection, alert_id, iso(now()), None)


__all__ = ["ACTORS", "QUEUES", "schedule", "rematch_soon", "send_alerts"]
ACTORS = (
    poll_source,
    ingest_items,
    match_stale,
    match_claims,
    match_posts,
    embed_claims,
    assign_narratives,
    deliver_alert,
)


# -- sending --------------------------------------------------------------------------------


def _send_once(key: str, actor: Any, *args: Any) -> bool:
    if not shared.first_time(client(), key, SENT_TTL):
        return False
    actor.send(*args)
    return True


def send_alerts(store: Store) -> int:
    """Send every stored alert not delivered yet to ``deliver_alert``; returns how many."""
    if not str(store.settings.get("KIEMCHUNG_ALERT_WEBHOOK")).strip():
        return 0
    with store.reading() as connection:
        pending = alert_rows.pending_alerts(connection, alerts.MAX_ATTEMPTS)
    return sum(_send_once(f"alert:{row.id}", deliver_alert, row.id) for row in pending)


@dataclass
class Scheduled:
    """What one scheduling pass sent."""

    polls: int = 0
    matching: bool = False
    narratives: bool = False
    alerts: int = 0


def schedule(store: Store) -> Scheduled:
    """Send the due polls and any waiting matching, narratives and alerts, each once."""
    done = Scheduled()
    for source in source_schedule.due(store):
        key = f"poll:{source.id}:{source.next_poll_at}"
        done.polls += _send_once(key, poll_source, source.id, source.next_poll_at)
    done.matching = _send_once("match_stale", match_stale)
    done.narratives = _send_once("narratives", assign_narratives)
    done.alerts = send_alerts(store)
    return done


def rematch_soon(store: Store) -> None:
    """After a publication, a correction or an import: the stored claims are matched again by
    the workers."""
    _send_once("match_stale", match_stale)
