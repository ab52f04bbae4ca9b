"""The desk's tables (users, tips, queue, research, verdicts, publications, audit), as SQLAlchemy
Core metadata on the store's ``metadata``. Migration ``0002`` creates them.

Nothing here describes the people who post what the desk checks (docs/principles.md, 1): the
only people with rows are the newsroom's own users, and a tip keeps only its text and a contact
the reader chose to leave.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Integer, String, Table, Text

from ..store.schema import metadata

users = Table(
    "desk_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("role", String(16), nullable=False),  # admin | editor | factchecker
    Column("password_hash", Text, nullable=False),
    Column("session_version", Integer, nullable=False, default=1),
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", String, nullable=False),
    # Set when the account was removed for good (``active`` is 0 then too): the name stays on
    # what the user did, the login and its email are gone.
    Column("removed_at", String),
)

# Logged-in browser sessions, kept server-side so that logging out, a password reset or a
# removal ends them at once. Only hashes of the cookie's token are stored; ``csrf`` is the
# anti-forgery token bound to the session.
sessions = Table(
    "desk_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("desk_users.id"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String, nullable=False),
    Column("expires_at", String, nullable=False),
)

api_tokens = Table(
    "desk_api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("desk_users.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("created_at", String, nullable=False),
    Column("revoked_at", String),
)

# One row per claim in the queue; claims that say the same thing share a row (``group_key``).
items = Table(
    "desk_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("group_key", Text, nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("topic", Text),
    Column("assignee_id", Integer, ForeignKey("desk_users.id")),
    Column("duplicate_of", Integer, ForeignKey("desk_items.id")),
    Column("checkworthiness", Float, nullable=False, default=0.0),
    Column("repeats", Integer, nullable=False, default=1),
    Column("matched", Integer, nullable=False, default=0),
    Column("matches", Text, nullable=False, default="[]"),  # JSON list of library matches
    Column("first_seen", String, nullable=False),
    Column("last_seen", String, nullable=False),
    Column("published_at", String),
)

item_claims = Table(
    "desk_item_claims",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", Integer, ForeignKey("desk_items.id"), nullable=False, index=True),
)

tips = Table(
    "desk_tips",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("contact", Text),  # only what the reader chose to leave
    Column("item_id", Integer, ForeignKey("desk_items.id"), index=True),
    Column("matched_url", Text),
    Column("created_at", String, nullable=False, index=True),
)

notes = Table(
    "desk_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("desk_items.id"), nullable=False, index=True),
    Column("author_id", Integer, ForeignKey("desk_users.id"), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", String, nullable=False),
)

evidence = Table(
    "desk_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("desk_items.id"), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("title", Text),
    Column("text", Text, nullable=False),  # what was read, kept so the record survives the page
    Column("sha256", String(64), nullable=False),
    Column("read_at", String, nullable=False),
    Column("added_by", Integer, ForeignKey("desk_users.id"), nullable=False),
    Column("archive", String(80)),  # the WARC file's name in KIEMCHUNG_HOME/archive (archive.py)
    Column("archived_at", String),
    # the page's screenshot, <sha256>.png beside the WARC (screenshots.py), when one was taken
    Column("screenshot", String(80)),
    Column("screenshot_at", String),
)

verdicts = Table(
    "desk_verdicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("desk_items.id"), nullable=False, index=True),
    Column("author_id", Integer, ForeignKey("desk_users.id"), nullable=False),
    Column("claim_summary", Text, nullable=False),
    Column("rating_label", String(32), nullable=False),
    Column("explanation", Text, nullable=False),  # sanitised HTML
    Column("appearances", Text, nullable=False, default="[]"),  # JSON: public URLs of the claim
    Column("state", String(16), nullable=False),  # submitted | returned | approved
    Column("created_at", String, nullable=False),
    Column("reviewer_id", Integer, ForeignKey("desk_users.id")),
    Column("review_comment", Text),
    Column("reviewed_at", String),
    # A correction of the published fact-check waiting for review (its public note), or None
    # for a first verdict.
    Column("correction_note", Text),
)

published = Table(
    "desk_factchecks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("desk_items.id"), nullable=False, unique=True),
    Column("verdict_id", Integer, ForeignKey("desk_verdicts.id"), nullable=False),
    Column("slug", String, nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("claim_reviewed", Text, nullable=False),
    Column("rating_label", String(32), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("author_name", Text, nullable=False),
    Column("appearances", Text, nullable=False, default="[]"),  # JSON list of public URLs
    Column("claim_date", String),
    Column("date_published", String, nullable=False),
    Column("date_modified", String, nullable=False),
)

corrections = Table(
    "desk_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("factcheck_id", Integer, ForeignKey("desk_factchecks.id"), nullable=False, index=True),
    Column("note", Text, nullable=False),  # public
    Column("before", Text, nullable=False),  # JSON of the fields before the change
    Column("editor_id", Integer, ForeignKey("desk_users.id"), nullable=False),
    Column("created_at", String, nullable=False),
)

audit = Table(
    "desk_audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String, nullable=False),
    Column("actor", Text, nullable=False),  # a user's email, or "cli"
    Column("action", String(32), nullable=False),
    Column("subject", Text, nullable=False),
    Column("detail", Text, nullable=False, default="{}"),
)

# The working draft of a claim's verdict, saved as it is typed (one per claim): what was typed,
# Markdown included, so that a reload, a failed submission or a returned draft reopens it as
# written. Migration 0012 creates it.
drafts = Table(
    "desk_drafts",
    metadata,
    Column("item_id", Integer, ForeignKey("desk_items.id"), primary_key=True),
    Column("claim_summary", Text, nullable=False),
    Column("rating_label", String(32), nullable=False),
    Column("explanation", Text, nullable=False),  # Markdown as typed
    Column("appearances", Text, nullable=False),  # as typed, one URL a line
    Column("updated_by", Integer, ForeignKey("desk_users.id"), nullable=False),
    Column("updated_at", String, nullable=False),
)

# The correction being written to a published fact-check, saved as it is typed (migration 0019).
correction_drafts = Table(
    "desk_correction_drafts",
    metadata,
    Column("item_id", Integer, ForeignKey("desk_items.id"), primary_key=True),
    Column("claim_summary", Text, nullable=False),
    Column("rating_label", String(32), nullable=False),
    Column("explanation", Text, nullable=False),  # Markdown as typed
    Column("note", Text, nullable=False),
    Column("updated_by", Integer, ForeignKey("desk_users.id"), nullable=False),
    Column("updated_at", String, nullable=False),
)


TABLES = (
    users,
    api_tokens,
    sessions,
    items,
    item_claims,
    tips,
    notes,
    evidence,
    verdicts,
    published,
    corrections,
    audit,
    drafts,
    correction_drafts,
)
