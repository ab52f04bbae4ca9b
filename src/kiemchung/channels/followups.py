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
from typing import Any

from sqlalchemy import Connection, delete, select, update

from ..clock import iso, now, timestamp
from ..errors import KiemchungError
from ..library.ratings import LABELS
from ..settings import Settings
from ..store import Store
from ..text.language import detect_language
from .messages import reply
from .sealing import Sealer
from .tables import outbox, replies, seen

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
    connection.execute(
        replies.insert().values(
            tip_id=tip_id,
            channel=channel,
            address=sealer.seal(address),
            language=language,
            waiting=waiting,
            factcheck_url=factcheck_url,
            created_at=timestamp(),
        )
    )


def _rating(label: str, language: str) -> str:
    found = LABELS.get(label)
    if found is None:
        return label
    return found.en if language == "en" else found.vi


def _enqueue(connection: Connection, rows: Any, kind: str, fc: Any) -> int:
    stamp = timestamp()
    queued = 0
    for row in rows:
        if connection.execute(select(outbox.c.id).where(outbox.c.reply_id == row.id)).first():
            continue  # told once: a second event before delivery changes nothing
        body = reply(
            kind,
            row.language,
            code=row.code,
            rating=_rating(fc.rating_label, row.language),
            claim=fc.claim_reviewed,
            url=fc.url,
        )
        connection.execute(
            outbox.insert().values(
                reply_id=row.id, body=body, created_at=stamp, attempts=0, next_attempt_at=stamp
            )
        )
        queued += 1
    return queued


def _web_readers(connection: Connection, settings: Settings | None, *where: Any) -> None:
    """Readers of the web form who left an email address as their contact, on the tips
    ``where`` selects: a reply row each (sealed), so they are told like a channel's readers."""
    from ..desk.schema import tips
    from .email import Email, address_in

    if settings is None or not Email.configured(settings) or Email.missing(settings):
        return
    try:
        sealer = Sealer(settings)
    except KiemchungError:  # no key: the web app would not have started; never stop a publication
        return
    told = select(replies.c.tip_id)
    for tip in connection.execute(
        select(tips.c.id, tips.c.contact, tips.c.text).where(
            tips.c.contact.is_not(None), tips.c.id.not_in(told), *where
        )
    ):
        address = address_in(tip.contact)
        if address is not None:
            language = "en" if detect_language(tip.text) == "en" else "vi"
            remember(connection, sealer, tip.id, "email", address, language, "any")


def on_publish(connection: Connection, item_id: int, settings: Settings | None = None) -> int:
    """Queue the verdict for every reader waiting on queue item ``item_id`` (inside the
    publication's transaction; with ``settings``, web-form readers who left an email address
    too); returns how many follow-ups were queued."""
    from ..desk.schema import published, tips

    fc = connection.execute(select(published).where(published.c.item_id == item_id)).first()
    if fc is None:
        return 0
    _web_readers(connection, settings, tips.c.item_id == item_id)
    rows = connection.execute(
        select(replies.c.id, replies.c.language, tips.c.code)
        .join(tips, tips.c.id == replies.c.tip_id)
        .where(tips.c.item_id == item_id, replies.c.waiting.in_(("verdict", "any")))
    ).all()
    return _enqueue(connection, rows, "verdict", fc)


def on_correct(connection: Connection, factcheck_id: int, settings: Settings | None = None) -> int:
    """Queue the corrected fact-check for every reader who was sent it (inside the correction's
    transaction; with ``settings``, web-form readers who left an email address too); returns
    how many follow-ups were queued."""
    from ..desk.schema import published, tips

    fc = connection.execute(select(published).where(published.c.id == factcheck_id)).first()
    if fc is None:
        return 0
    _web_readers(connection, settings, tips.c.matched_url == fc.url)
    rows = connection.execute(
        select(replies.c.id, replies.c.language, tips.c.code)
        .join(tips, tips.c.id == replies.c.tip_id)
        .where(
            ((replies.c.waiting == "correction") & (replies.c.factcheck_url == fc.url))
            | ((replies.c.waiting == "any") & (tips.c.matched_url == fc.url))
        )
    ).all()
    return _enqueue(connection, rows, "corrected", fc)


def _forget_contact(connection: Connection, reply_id: int) -> None:
    from ..desk.schema import tips

    tip_id = select(replies.c.tip_id).where(replies.c.id == reply_id).scalar_subquery()
    connection.execute(update(tips).where(tips.c.id == tip_id).values(contact=None))


def _drop(connection: Connection, reply_ids: list[int]) -> None:
    if reply_ids:
        connection.execute(delete(outbox).where(outbox.c.reply_id.in_(reply_ids)))
        connection.execute(delete(replies).where(replies.c.id.in_(reply_ids)))


def _claim(store: Store, outbox_id: int) -> bool:
    """Take a follow-up for ``LEASE`` seconds, so that two processes delivering at once (the
    web app after a publication, the monitor's cycle) do not both send it; a crash while
    sending only delays it by the lease."""
    moment = timestamp()
    with store.db.transaction() as connection:
        taken = connection.execute(
            update(outbox)
            .where(outbox.c.id == outbox_id, outbox.c.next_attempt_at <= moment)
            .values(next_attempt_at=iso(now() + timedelta(seconds=LEASE)))
        )
        return bool(taken.rowcount)


def deliver(store: Store, platforms: dict[str, Any] | None = None, limit: int = 500) -> int:
    """Send the follow-ups that are due; returns how many the platforms accepted.

    A follow-up whose platform is switched off waits; one that fails is tried again later
    (``BACKOFF``, doubled each time, up to ``BACKOFF_MAX``) until the address expires."""
    from .platforms import platforms as configured

    found = configured(store.settings) if platforms is None else platforms
    if not found:
        return 0
    sealer = Sealer(store.settings)
    with store.db.read() as connection:
        due = connection.execute(
            select(outbox.c.id, outbox.c.body, outbox.c.attempts, replies.c.id.label("reply"))
            .add_columns(replies.c.channel, replies.c.address)
            .join(replies, replies.c.id == outbox.c.reply_id)
            .where(outbox.c.next_attempt_at <= timestamp(), replies.c.channel.in_(list(found)))
            .order_by(outbox.c.id)
            .limit(limit)
        ).all()
    sent = 0
    for row in due:
        if not _claim(store, row.id):
            continue  # another process is sending it
        address = sealer.open(row.address)
        if address is None:  # sealed with a key no longer configured: nothing can reach it
            with store.db.transaction() as connection:
                _drop(connection, [row.reply])
            continue
        try:
            found[row.channel].send(address, row.body, follow_up=True)
        except KiemchungError as error:
            wait = min(BACKOFF * 2**row.attempts, BACKOFF_MAX)
            with store.db.transaction() as connection:
                connection.execute(
                    update(outbox)
                    .where(outbox.c.id == row.id)
                    .values(
                        attempts=row.attempts + 1,
                        next_attempt_at=iso(now() + timedelta(seconds=wait)),
                        last_error=error.message[:500],
                    )
                )
            log.warning("follow-up %s not sent: %s", row.id, error.message)
            continue
        with store.db.transaction() as connection:
            if row.channel == "email":  # told: the contact the reader left is not kept either
                _forget_contact(connection, row.reply)
            _drop(connection, [row.reply])
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
    with store.db.read() as connection:
        rows = connection.execute(
            select(replies.c.id, replies.c.address).where(replies.c.channel == channel)
        ).all()
    mine = [row.id for row in rows if sealer.open(row.address) == address]
    with store.db.transaction() as connection:
        _drop(connection, mine)
    return len(mine)


def purge(store: Store) -> int:
    """Delete the reply addresses older than the retention period (with their follow-ups) and
    the hashes of old message ids; returns how many addresses were deleted."""
    days = store.settings.number("KIEMCHUNG_CHANNEL_RETENTION_DAYS")
    cutoff = iso(now() - timedelta(days=days))
    with store.db.transaction() as connection:
        old = [
            row.id
            for row in connection.execute(select(replies.c.id).where(replies.c.created_at < cutoff))
        ]
        _drop(connection, old)
        connection.execute(delete(seen).where(seen.c.seen_at < iso(now() - SEEN_KEPT)))
    return len(old)


def waiting(store: Store) -> int:
    """How many reply addresses are kept now (all readers together; for the privacy page)."""
    with store.db.read() as connection:
        return len(connection.execute(select(replies.c.id)).all())


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
