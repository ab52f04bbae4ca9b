"""Answers that travel back: a reader who was waiting is told once, then forgotten.

A reply address is kept (sealed, ``tables.replies``) only while something is owed to the reader:
the verdict on a claim the desk had not checked yet (``waiting="verdict"``), or a correction of
the desk's own fact-check they were sent at once (``waiting="correction"``). When a verdict is
published or that fact-check corrected, the follow-up is put in the outbox in the same
transaction as the publication, so a crash loses nothing. ``deliver`` sends what is due and
deletes the address with its outbox row in one transaction once the platform has accepted the
message, so a rerun sends nothing twice. ``purge`` deletes every address older than
``KIEMCHUNG_CHANNEL_RETENTION_DAYS``; ``forget`` does it at once for a reader who sent STOP.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from functools import partial
from typing import Any, Callable

from sqlalchemy import Connection

from ..clock import iso, now, timestamp
from ..errors import KiemchungError
from ..library.ratings import LABELS
from ..settings import Settings
from ..store import Store
from ..store.queries import followups as queries
from ..text.language import detect_language
from .messages import reply
from .sealing import Sealer

log = logging.getLogger(__name__)

BACKOFF = 60.0  # seconds before a failed follow-up is tried again; doubled each time
BACKOFF_MAX = 6 * 3600.0
LEASE = 300.0  # seconds a follow-up being sent is held by its sender
SEEN_KEPT = timedelta(days=2)  # platforms resend an unanswered webhook for at most a day or so


def remember(
    connection: Connection,
    sealer: Sealer,
    tip_id: int,
    channel: str,
    address: str,
    language: str,
    waiting: str,
    factcheck_url: str | None = None,
) -> None:
    """Keep the reader's reply address with tip ``tip_id`` (inside the tip's transaction)."""
    queries.add_reply(
        connection,
        tip_id=tip_id,
        channel=channel,
        address=sealer.seal(address),
        language=language,
        waiting=waiting,
        factcheck_url=factcheck_url,
        at=timestamp(),
    )


def _rating(label: str, language: str) -> str:
    found = LABELS.get(label)
    if found is None:
        return label
    return found.en if language == "en" else found.vi


def _enqueue(
    connection: Connection,
    rows: list[queries.WaitingReader],
    kind: str,
    fc: queries.PublishedCheck,
) -> int:
    stamp = timestamp()
    queued = 0
    for row in rows:
        if queries.is_queued(connection, row.id):
            continue  # told once: a second event before delivery changes nothing
        body = reply(
            kind,
            row.language,
            code=row.code,
            rating=_rating(fc.rating_label, row.language),
            claim=fc.claim_reviewed,
            url=fc.url,
        )
        queries.queue_followup(connection, row.id, body, stamp)
        queued += 1
    return queued


def _web_readers(
    connection: Connection,
    settings: Settings | None,
    find: Callable[[Connection], list[queries.ContactTip]],
) -> None:
    """Readers of the web form who left an email address as their contact, on the tips
    ``find`` lists: a reply row each (sealed), so they are told like a channel's readers."""
    from .email import Email, address_in

    if settings is None or not Email.configured(settings) or Email.missing(settings):
        return
    try:
        sealer = Sealer(settings)
    except KiemchungError:  # no key: the web app would not have started; never stop a publication
        return
    for tip in find(connection):
        address = address_in(tip.contact)
        if address is not None:
            language = "en" if detect_language(tip.text) == "en" else "vi"
            remember(connection, sealer, tip.id, "email", address, language, "any")


def on_publish(connection: Connection, item_id: int, settings: Settings | None = None) -> int:
    """Queue the verdict for every reader waiting on queue item ``item_id`` (inside the
    publication's transaction; with ``settings``, web-form readers who left an email address
    too); returns how many follow-ups were queued."""
    fc = queries.published_for_item(connection, item_id)
    if fc is None:
        return 0
    _web_readers(connection, settings, partial(queries.contact_tips_of_item, item_id=item_id))
    rows = queries.readers_of_item(connection, item_id)
    return _enqueue(connection, rows, "verdict", fc)


def on_correct(connection: Connection, factcheck_id: int, settings: Settings | None = None) -> int:
    """Queue the corrected fact-check for every reader who was sent it (inside the correction's
    transaction; with ``settings``, web-form readers who left an email address too); returns
    how many follow-ups were queued."""
    fc = queries.published_by_id(connection, factcheck_id)
    if fc is None:
        return 0
    _web_readers(connection, settings, partial(queries.contact_tips_answered_by, url=fc.url))
    rows = queries.readers_of_factcheck(connection, fc.url)
    return _enqueue(connection, rows, "corrected", fc)


def _claim(store: Store, outbox_id: int) -> bool:
    """Take a follow-up for ``LEASE`` seconds, so that two processes delivering at once (the
    web app after a publication, the monitor's cycle) do not both send it; a crash while
    sending only delays it by the lease."""
    moment = timestamp()
    until = iso(now() + timedelta(seconds=LEASE))
    with store.writing() as connection:
        return queries.take_followup(connection, outbox_id, moment, until)


def deliver(store: Store, platforms: dict[str, Any] | None = None, limit: int = 500) -> int:
    """Send the follow-ups that are due; returns how many the platforms accepted.

    A follow-up whose platform is switched off waits; one that fails is tried again later
    (``BACKOFF``, doubled each time, up to ``BACKOFF_MAX``) until the address expires."""
    from .platforms import platforms as configured

    found = configured(store.settings) if platforms is None else platforms
    if not found:
        return 0
    sealer = Sealer(store.settings)
    with store.reading() as connection:
        due = queries.due_followups(connection, timestamp(), list(found), limit)
    sent = 0
    for row in due:
        if not _claim(store, row.id):
            continue  # another process is sending it
        address = sealer.open(row.address)
        if address is None:  # sealed with a key no longer configured: nothing can reach it
            with store.writing() as connection:
                queries.drop_replies(connection, [row.reply])
            continue
        try:
            found[row.channel].send(address, row.body, follow_up=True)
        except KiemchungError as error:
            wait = min(BACKOFF * 2**row.attempts, BACKOFF_MAX)
            with store.writing() as connection:
                queries.followup_failed(
                    connection,
                    row.id,
                    row.attempts + 1,
                    iso(now() + timedelta(seconds=wait)),
                    error.message[:500],
                )
            log.warning("follow-up %s not sent: %s", row.id, error.message)
            continue
        with store.writing() as connection:
            if row.channel == "email":  # told: the contact the reader left is not kept either
                queries.forget_contact(connection, row.reply)
            queries.drop_replies(connection, [row.reply])
        sent += 1
    return sent


_delivering = threading.Lock()


def deliver_soon(store: Store) -> threading.Thread | None:
    """Deliver in a background thread (after a publication or correction, so the editor does
    not wait on the platforms); None when no channel is on. What it misses, ``kiemchung
    monitor`` and ``kiemchung channels deliver`` send later."""
    from .platforms import check

    try:
        if not check(store.settings):
            return None
    except KiemchungError:
        return None

    def run() -> None:
        with _delivering:
            try:
                deliver(store)
            except Exception:  # a background thread has no one to tell but the log
                log.exception("follow-up delivery failed")

    thread = threading.Thread(target=run, name="kiemchung-followups", daemon=True)
    thread.start()
    return thread


def forget(store: Store, sealer: Sealer, channel: str, address: str) -> int:
    """Delete every address of ``address`` on ``channel`` (the reader sent STOP); returns how
    many tips it was kept for. Addresses are sealed afresh per tip, so each is opened in turn:
    there is no index by reader to look one up by."""
    with store.reading() as connection:
        rows = queries.replies_on_channel(connection, channel)
    mine = [row.id for row in rows if sealer.open(row.address) == address]
    with store.writing() as connection:
        queries.drop_replies(connection, mine)
    return len(mine)


def purge(store: Store) -> int:
    """Delete the reply addresses older than the retention period (with their follow-ups) and
    the hashes of old message ids; returns how many addresses were deleted."""
    days = store.settings.number("KIEMCHUNG_CHANNEL_RETENTION_DAYS")
    cutoff = iso(now() - timedelta(days=days))
    with store.writing() as connection:
        old = queries.replies_before(connection, cutoff)
        queries.drop_replies(connection, old)
        queries.forget_seen_before(connection, iso(now() - SEEN_KEPT))
    return len(old)


def waiting(store: Store) -> int:
    """How many reply addresses are kept now (all readers together; for the privacy page)."""
    with store.reading() as connection:
        return queries.count_replies(connection)


def tend(store: Store) -> tuple[int, int]:
    """One round of upkeep (``kiemchung monitor`` runs it each cycle): follow-ups due are sent
    when a channel is on, and expired addresses deleted. Returns (sent, deleted)."""
    from .platforms import check

    deleted = purge(store)
    try:
        on = check(store.settings)
    except KiemchungError as error:
        log.warning("follow-ups not sent: %s", error.message)
        return 0, deleted
    return (deliver(store) if on else 0), deleted
