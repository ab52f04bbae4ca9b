"""Research on a queue item: status, assignment, topic, notes and evidence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..clock import timestamp
from ..errors import Conflict, InputError, NotFound
from ..store import Store
from ..store.queries import research as queries
from ..store.queries import users as user_queries
from ..text.normalize import normalize
from . import audit, workflow
from .archive import Archived, archive, discard
from .queue import get
from .users import User

MAX_NOTE = 10_000
MAX_EVIDENCE_TEXT = 200_000


@dataclass
class Note:
    id: int
    author: str
    body: str
    created_at: str


@dataclass
class Evidence:
    id: int
    url: str
    title: str | None
    text: str
    sha256: str
    read_at: str
    added_by: str
    archive: str | None = None  # the archived copy's file name (archive.py), when there is one
    archived_at: str | None = None
    screenshot: str | None = None  # the page's screenshot, <sha256>.png beside the archived copy
    screenshot_at: str | None = None


def check_url(url: str, field: str = "url") -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        raise InputError("a source must be an http(s) URL", code="url", field=field)
    return url


def set_status(
    store: Store, item_id: int, status: str, user: User, duplicate_of: int | None = None
) -> bool:
    """Move a claim by hand, as the workflow allows; False when it was already there."""
    item = get(store, item_id)
    if status == "duplicate":
        if duplicate_of is None or duplicate_of == item_id:
            raise InputError(
                "say which claim this one duplicates", code="duplicate_target", field="duplicate_of"
            )
        _other(store, duplicate_of)
    moved = workflow.check_move(item_id, item.status, status)
    if not moved and (status != "duplicate" or duplicate_of == item.duplicate_of):
        return False
    with store.writing() as connection:
        queries.set_status(
            connection, item_id, status, duplicate_of if status == "duplicate" else None
        )
        audit.record(
            connection,
            user.email,
            "claim.status",
            f"claim {item_id}",
            before=item.status,
            after=status,
        )
    return True


def _other(store: Store, item_id: int) -> None:
    try:
        get(store, item_id)
    except NotFound:
        raise InputError(
            f"no claim {item_id} in the queue",
            code="no_item",
            field="duplicate_of",
            item=item_id,
        ) from None


def assign(store: Store, item_id: int, assignee_id: int | None, user: User) -> None:
    """Give the claim to ``assignee_id`` (``None``: to nobody). Giving it to whom it is given
    already changes nothing, though they were deactivated since (the desk's form sends the
    assignee with the topic)."""
    if get(store, item_id).assignee_id == assignee_id:
        return
    with store.writing() as connection:
        if assignee_id is not None and not user_queries.is_active(connection, assignee_id):
            raise NotFound(f"no user {assignee_id}", code="no_user", field="assignee")
        state = get(store, item_id).status
        moved = None
        if assignee_id is not None and state in workflow.BY_WORK["assign"][0]:
            moved = workflow.after("assign", item_id, state)
        queries.set_assignee(connection, item_id, assignee_id, moved)
        audit.record(
            connection, user.email, "claim.assign", f"claim {item_id}", assignee=assignee_id
        )


def set_topic(store: Store, item_id: int, topic: str, user: User) -> None:
    get(store, item_id)
    with store.writing() as connection:
        # One spelling per topic: "Dân số" typed in decomposed Unicode is the same topic.
        queries.set_topic(connection, item_id, normalize(topic)[:80] or None)


def add_note(store: Store, item_id: int, body: str, user: User) -> None:
    body = (body or "").strip()
    if not body or len(body) > MAX_NOTE:
        raise InputError(
            f"a note needs 1 to {MAX_NOTE} characters", code="note", field="body", most=MAX_NOTE
        )
    get(store, item_id)
    with store.writing() as connection:
        queries.add_note(connection, item_id=item_id, author_id=user.id, body=body, at=timestamp())


def add_evidence(
    store: Store, item_id: int, url: str, text: str, user: User, title: str | None = None
) -> Evidence:
    """Keep a source: its URL and the text that was read, hashed and timed.

    With the URL alone the page is fetched through the guard, its main text read and archived
    (``archive.py``); the hash is then the page's as fetched. Pasted text is kept as it is and
    hashed; the page is not fetched. The same text from the same URL, added again to the same
    claim, is the source already kept: it is returned and nothing is added. A published claim's
    sources change only through a correction (``Conflict``)."""
    url = check_url(url)
    text = (text or "").strip()
    if len(text) > MAX_EVIDENCE_TEXT:
        raise InputError(
            "paste the text that was read (1 to 200,000 characters)",
            code="evidence_text",
            field="text",
        )
    if get(store, item_id).status == "published":
        raise Conflict(
            f"claim {item_id} is published: its sources change through a correction",
            code="published_sources",
        )
    kept: Archived | None = None
    if text:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    else:
        kept = archive(store, url)
        text, digest = kept.text[:MAX_EVIDENCE_TEXT], kept.sha256
        title = title or kept.title
    with store.writing() as connection:
        same = queries.same_evidence(connection, item_id, url, digest)
        if same is not None:
            if kept is not None:
                discard(store, kept)
            return next(found for found in evidence_of(store, item_id) if found.id == same)
        queries.add_evidence(
            connection,
            item_id=item_id,
            url=url,
            title=(title or "").strip()[:300] or None,
            text=text,
            sha256=digest,
            read_at=timestamp(),
            added_by=user.id,
            archive=kept.name if kept else None,
            archived_at=kept.archived_at if kept else None,
            screenshot=kept.screenshot if kept else None,
            screenshot_at=kept.screenshot_at if kept else None,
        )
        audit.record(
            connection,
            user.email,
            "evidence.add",
            f"claim {item_id}",
            url=url,
            sha256=digest,
            **({"archive": kept.name} if kept else {}),
        )
    return evidence_of(store, item_id)[-1]


def notes_of(store: Store, item_id: int) -> list[Note]:
    with store.reading() as connection:
        return [Note(*row) for row in queries.notes_of(connection, item_id)]


def evidence_of(store: Store, item_id: int) -> list[Evidence]:
    with store.reading() as connection:
        return [Evidence(*row) for row in queries.evidence_of(connection, item_id)]


__all__ = [
    "set_status",
    "assign",
    "add_note",
    "add_evidence",
    "notes_of",
    "evidence_of",
    "set_topic",
]
