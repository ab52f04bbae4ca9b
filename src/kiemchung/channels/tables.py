"""The channels' tables, on the store's ``metadata``; migration ``0009`` creates them.

What they hold is all a messaging channel keeps about a reader (docs/privacy.md): per tip, the
channel's opaque reply address, encrypted, while a verdict or correction is owed; the one
follow-up message waiting to be sent; and hashes of platform message ids, so that a webhook
the platform sends again is not answered twice. No column names a person, and no row links
one reader's tips (an address is encrypted afresh for each tip, so two tips never share a value).
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text

from ..desk.schema import tips  # noqa: F401  (desk_tips must be on metadata for the key)
from ..store.schema import metadata

replies = Table(
    "channel_replies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tip_id", Integer, ForeignKey("desk_tips.id"), nullable=False, unique=True),
    Column("channel", String(16), nullable=False),  # telegram | messenger | zalo | email
    Column("address", Text, nullable=False),  # Fernet token of the platform's reply address
    Column("language", String(8), nullable=False),  # vi | en: the language replies are in
    # verdict | correction | any (a web-form reader: the verdict, or a correction of the
    # fact-check they were answered with)
    Column("waiting", String(16), nullable=False),
    Column("factcheck_url", Text),  # the fact-check sent, when a correction is what is owed
    Column("created_at", String, nullable=False, index=True),
)

# One follow-up per reply address at most: "told once" is the unique key.
outbox = Table(
    "channel_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reply_id", Integer, ForeignKey("channel_replies.id"), nullable=False, unique=True),
    Column("body", Text, nullable=False),
    Column("created_at", String, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", String, nullable=False, index=True),
    Column("last_error", Text),
)

seen = Table(
    "channel_seen",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 of channel and platform message id
    Column("seen_at", String, nullable=False, index=True),
)

TABLES = (replies, outbox, seen)
