"""Follow-ups to readers: their sealed reply addresses, the outbox, the tips they wait on, and
the messages already answered (by a hash of their id)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import ColumnElement, Connection, delete, func, select, update

from ...channels.tables import outbox, replies, seen
from ...desk import schema as desk


class PublishedCheck(NamedTuple):
    """What a follow-up says of a fact-check published on this site."""

    url: str
    claim_reviewed: str
    rating_label: str


class ContactTip(NamedTuple):
    """A tip from the web form whose reader left a contact."""

    id: int
    contact: str
    text: str


class WaitingReader(NamedTuple):
    """A reply address owed a follow-up, with the code of the tip it was kept for."""

    id: int
    language: str
    code: str


class DueFollowup(NamedTuple):
    id: int
    body: str
    attempts: int
    reply: int
    channel: str
    address: str  # sealed


class SealedReply(NamedTuple):
    id: int
    address: str  # sealed


def add_reply(
    connection: Connection,
    *,
    tip_id: int,
    channel: str,
    address: str,
    language: str,
    waiting: str,
    factcheck_url: str | None,
    at: str,
) -> None:
    """Keep a sealed reply ``address`` with tip ``tip_id``."""
    connection.execute(
        replies.insert().values(
            tip_id=tip_id,
            channel=channel,
            address=address,
            language=language,
            waiting=waiting,
            factcheck_url=factcheck_url,
            created_at=at,
        )
    )


def _published(connection: Connection, where: ColumnElement[bool]) -> PublishedCheck | None:
    row = connection.execute(
        select(
            desk.published.c.url, desk.published.c.claim_reviewed, desk.published.c.rating_label
        ).where(where)
    ).first()
    return None if row is None else PublishedCheck._make(row)


def published_for_item(connection: Connection, item_id: int) -> PublishedCheck | None:
    """The fact-check published on queue item ``item_id``, if any."""
    return _published(connection, desk.published.c.item_id == item_id)


def published_by_id(connection: Connection, factcheck_id: int) -> PublishedCheck | None:
    return _published(connection, desk.published.c.id == factcheck_id)


def contact_tips_of_item(connection: Connection, item_id: int) -> list[ContactTip]:
    """Tips on queue item ``item_id`` whose reader left a contact and has no reply address."""
    return _contact_tips(connection, desk.tips.c.item_id == item_id)


def contact_tips_answered_by(connection: Connection, url: str) -> list[ContactTip]:
    """Tips answered at once with the fact-check at ``url`` whose reader left a contact and has
    no reply address."""
    return _contact_tips(connection, desk.tips.c.matched_url == url)


def _contact_tips(connection: Connection, where: ColumnElement[bool]) -> list[ContactTip]:
    told = select(replies.c.tip_id)
    rows = connection.execute(
        select(desk.tips.c.id, desk.tips.c.contact, desk.tips.c.text).where(
            desk.tips.c.contact.is_not(None),
            desk.tips.c.id.not_in(told),
            where,
        )
    )
    return [ContactTip._make(row) for row in rows]


def readers_of_item(connection: Connection, item_id: int) -> list[WaitingReader]:
    """Reply addresses waiting on the verdict of queue item ``item_id``."""
    rows = connection.execute(
        select(replies.c.id, replies.c.language, desk.tips.c.code)
        .join(desk.tips, desk.tips.c.id == replies.c.tip_id)
        .where(desk.tips.c.item_id == item_id, replies.c.waiting.in_(("verdict", "any")))
    )
    return [WaitingReader._make(row) for row in rows]


def readers_of_factcheck(connection: Connection, url: str) -> list[WaitingReader]:
    """Reply addresses owed a correction of the fact-check at ``url``."""
    rows = connection.execute(
        select(replies.c.id, replies.c.language, desk.tips.c.code)
        .join(desk.tips, desk.tips.c.id == replies.c.tip_id)
        .where(
            ((replies.c.waiting == "correction") & (replies.c.factcheck_url == url))
            | ((replies.c.waiting == "any") & (desk.tips.c.matched_url == url))
        )
    )
    return [WaitingReader._make(row) for row in rows]


def is_queued(connection: Connection, reply_id: int) -> bool:
    """Whether a follow-up to reply address ``reply_id`` is already in the outbox."""
    found = connection.execute(select(outbox.c.id).where(outbox.c.reply_id == reply_id)).first()
    return found is not None


def queue_followup(connection: Connection, reply_id: int, body: str, at: str) -> None:
    """Put a follow-up in the outbox, due at ``at``."""
    connection.execute(
        outbox.insert().values(
            reply_id=reply_id, body=body, created_at=at, attempts=0, next_attempt_at=at
        )
    )


def due_followups(
    connection: Connection, at: str, channels: list[str], limit: int
) -> list[DueFollowup]:
    """Follow-ups on ``channels`` due at ``at``, oldest first."""
    rows = connection.execute(
        select(outbox.c.id, outbox.c.body, outbox.c.attempts, replies.c.id.label("reply"))
        .add_columns(replies.c.channel, replies.c.address)
        .join(replies, replies.c.id == outbox.c.reply_id)
        .where(outbox.c.next_attempt_at <= at, replies.c.channel.in_(channels))
        .order_by(outbox.c.id)
        .limit(limit)
    )
    return [DueFollowup._make(row) for row in rows]


def take_followup(connection: Connection, outbox_id: int, at: str, until: str) -> bool:
    """Hold follow-up ``outbox_id`` until ``until`` if it is due at ``at``; False when another
    sender holds it (or it is gone)."""
    taken = connection.execute(
        update(outbox)
        .where(outbox.c.id == outbox_id, outbox.c.next_attempt_at <= at)
        .values(next_attempt_at=until)
    )
    return bool(taken.rowcount)


def followup_failed(
    connection: Connection, outbox_id: int, attempts: int, next_attempt_at: str, error: str
) -> None:
    connection.execute(
        update(outbox)
        .where(outbox.c.id == outbox_id)
        .values(attempts=attempts, next_attempt_at=next_attempt_at, last_error=error)
    )


def forget_contact(connection: Connection, reply_id: int) -> None:
    """The contact left on the tip of reply address ``reply_id`` is deleted."""
    tip_id = select(replies.c.tip_id).where(replies.c.id == reply_id).scalar_subquery()
    connection.execute(update(desk.tips).where(desk.tips.c.id == tip_id).values(contact=None))


def drop_replies(connection: Connection, reply_ids: list[int]) -> None:
    """Reply addresses ``reply_ids`` and their follow-ups are deleted."""
    if reply_ids:
        connection.execute(delete(outbox).where(outbox.c.reply_id.in_(reply_ids)))
        connection.execute(delete(replies).where(replies.c.id.in_(reply_ids)))


def replies_on_channel(connection: Connection, channel: str) -> list[SealedReply]:
    rows = connection.execute(
        select(replies.c.id, replies.c.address).where(replies.c.channel == channel)
    )
    return [SealedReply._make(row) for row in rows]


def replies_before(connection: Connection, cutoff: str) -> list[int]:
    """Reply addresses kept since before ``cutoff``."""
    return list(
        connection.execute(select(replies.c.id).where(replies.c.created_at < cutoff)).scalars()
    )


def message_seen(connection: Connection, key: str) -> bool:
    """Whether the message hashed to ``key`` was answered already."""
    return connection.execute(select(seen.c.key).where(seen.c.key == key)).first() is not None


def mark_seen(connection: Connection, key: str, at: str) -> None:
    """The message hashed to ``key`` is answered (once: a key kept already stays as it is)."""
    if not message_seen(connection, key):
        connection.execute(seen.insert().values(key=key, seen_at=at))


def forget_seen_before(connection: Connection, cutoff: str) -> None:
    """Hashes of message ids seen before ``cutoff`` are deleted."""
    connection.execute(delete(seen).where(seen.c.seen_at < cutoff))


def count_replies(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(replies)).scalar_one())
