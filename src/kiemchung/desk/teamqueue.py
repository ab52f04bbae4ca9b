"""The queue as a team reads it: filtered by who has a claim, near-duplicates under one line with
their count, in pages; and the same step taken on many claims at once.

Queue items already join claims that say the same thing (``queue.SAME_CLAIM``). Claims that are
only close (content words overlapping by ``NEAR``, Jaccard) stay separate items, to be checked
one by one or marked duplicate, but are listed under the highest-priority one so the desk sees
the cluster once.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from ..errors import InputError
from ..store import Store
from . import research, workflow
from .queue import Item, get, listing
from .schema import items
from .users import User

NEAR = 0.5
PER_PAGE = 50
MAX_PER_PAGE = 200
# Steps taken on many claims at once.
BULK = ("assign", "duplicate", "not_checkable")


@dataclass
class Filters:
    status: str | None = None
    topic: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    # "" anyone, "mine", "none" (nobody yet), or a user id as text
    assignee: str = ""


@dataclass
class Group:
    """A queue item and the near-duplicates listed under it."""

    item: Item
    similar: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return 1 + len(self.similar)


@dataclass
class Page:
    groups: list[Group]
    total: int  # lines (groups) matching the filters, on every page
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def matching(store: Store, filters: Filters, user: User) -> list[Item]:
    """Every item the filters select, highest priority first."""
    found = listing(
        store,
        status=filters.status,
        topic=filters.topic,
        source=filters.source,
        since=filters.since,
        until=filters.until,
        limit=1_000_000,
    )
    wanted = filters.assignee
    if wanted == "mine":
        return [item for item in found if item.assignee_id == user.id]
    if wanted == "none":
        return [item for item in found if item.assignee_id is None]
    if wanted.isdigit():
        return [item for item in found if item.assignee_id == int(wanted)]
    return found


def _keys(store: Store, ids: list[int]) -> dict[int, set[str]]:
    keys: dict[int, set[str]] = {}
    with store.db.read() as connection:
        for start in range(0, len(ids), 500):
            rows = connection.execute(
                select(items.c.id, items.c.group_key).where(
                    items.c.id.in_(ids[start : start + 500])
                )
            )
            keys.update({int(row.id): set(row.group_key.split()) for row in rows})
    return keys


def grouped(store: Store, found: list[Item]) -> list[Group]:
    """Near-duplicates under the first (highest-priority) item they resemble.

    Candidates come from prefix filtering: with words ordered rarest first, two sets with a
    Jaccard of at least ``NEAR`` share a word among the first ``len - ceil(NEAR * len) + 1`` of
    each, so only those words are indexed and common words cost nothing. Word sets are compared
    as bit masks."""
    keys = _keys(store, [item.id for item in found])
    seen = Counter(word for words in keys.values() for word in words)
    bit = {word: 1 << n for n, word in enumerate(seen)}
    groups: list[Group] = []
    masks: list[int] = []
    by_word: dict[str, list[int]] = {}
    for item in found:
        words = keys.get(item.id, set())
        mask = sum(bit[word] for word in words)
        ordered = sorted(words, key=lambda word: (seen[word], word))
        prefix = ordered[: len(ordered) - math.ceil(NEAR * len(ordered)) + 1]
        candidates = sorted({index for word in prefix for index in by_word.get(word, [])})
        home = next((i for i in candidates if _close(mask, masks[i])), None)
        if home is not None:
            groups[home].similar.append(item)
            continue
        groups.append(Group(item))
        masks.append(mask)
        for word in prefix:
            by_word.setdefault(word, []).append(len(groups) - 1)
    return groups


def _close(mask: int, other: int) -> bool:
    union = (mask | other).bit_count()
    return union > 0 and (mask & other).bit_count() >= NEAR * union


def page_of(
    store: Store, filters: Filters, user: User, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    groups = grouped(store, matching(store, filters, user))
    page = max(1, page)
    start = (page - 1) * per_page
    return Page(groups[start : start + per_page], len(groups), page, per_page)


def bulk(
    store: Store,
    user: User,
    item_ids: list[int],
    action: str,
    assignee_id: int | None = None,
    duplicate_of: int | None = None,
) -> int:
    """Take one step on many claims; all are checked first, so a refusal changes none.
    Returns how many claims changed. Marking duplicates without a target keeps the first
    claim and marks the others as its duplicates."""
    if action not in BULK:
        raise InputError(f"unknown bulk action {action!r}", code="bulk_action", field="action")
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise InputError("select at least one claim", code="bulk_none", field="ids")
    if action == "assign":
        for item_id in ids:
            get(store, item_id)
        for item_id in ids:
            research.assign(store, item_id, assignee_id, user)
        return len(ids)
    target = "duplicate" if action == "duplicate" else "not_checkable"
    if target == "duplicate":
        if duplicate_of is None:
            duplicate_of = ids[0]
        ids = [item_id for item_id in ids if item_id != duplicate_of]
        if not ids:
            raise InputError(
                "say which claim these duplicate", code="duplicate_target", field="duplicate_of"
            )
    for item_id in ids:
        workflow.check_move(item_id, get(store, item_id).status, target)
    return sum(research.set_status(store, item_id, target, user, duplicate_of) for item_id in ids)
