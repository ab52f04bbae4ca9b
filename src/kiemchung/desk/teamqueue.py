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
from functools import lru_cache

from ..errors import InputError
from ..store import Store
from . import research, workflow
from .queue import Item, Line, by_ids, get, ranked
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
    return by_ids(store, [line.id for line in lines(store, filters, user)])


def lines(store: Store, filters: Filters, user: User) -> list[Line]:
    """What ``matching`` selects, read only as far as ordering and grouping need."""
    found = ranked(
        store,
        status=filters.status,
        topic=filters.topic,
        source=filters.source,
        since=filters.since,
        until=filters.until,
    )
    wanted = filters.assignee
    if wanted == "mine":
        return [line for line in found if line.assignee_id == user.id]
    if wanted == "none":
        return [line for line in found if line.assignee_id is None]
    if wanted.isdigit():
        return [line for line in found if line.assignee_id == int(wanted)]
    return found


def grouped(keys: list[str]) -> list[list[int]]:
    """Near-duplicates under the first (highest-priority) item they resemble: for items' group
    keys in priority order, the positions of each group's items, its first item first.

    The same keys in the same order are grouped once: every page of a filtered queue, and every
    reload until a claim arrives or moves, reuses the grouping."""
    return [list(group) for group in _grouped(tuple(keys))]


@lru_cache(maxsize=16)
def _grouped(keys: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    """Candidates come from prefix filtering: with words ordered rarest first, two sets with a
    Jaccard of at least ``NEAR`` share a word among the first ``len - ceil(NEAR * len) + 1`` of
    each, so only those words are indexed and common words cost nothing. A candidate is
    compared only when the sizes of the two sets leave room for that Jaccard."""
    sets = [frozenset(key.split()) for key in keys]
    seen = Counter(word for words in sets for word in words)
    groups: list[list[int]] = []
    firsts: list[frozenset[str]] = []
    by_word: dict[str, list[int]] = {}
    for position, words in enumerate(sets):
        size = len(words)
        ordered = sorted(words, key=lambda word: (seen[word], word))
        prefix = ordered[: size - math.ceil(NEAR * size) + 1]
        home = None
        for i in sorted({index for word in prefix for index in by_word.get(word, ())}):
            other = firsts[i]
            # Jaccard |a & b| / |a | b| >= NEAR, written without a division.
            if NEAR * max(size, len(other)) <= min(size, len(other)):
                shared = len(words & other)
                if shared and shared * (1 + NEAR) >= NEAR * (size + len(other)):
                    home = i
                    break
        if home is not None:
            groups[home].append(position)
            continue
        groups.append([position])
        firsts.append(words)
        for word in prefix:
            by_word.setdefault(word, []).append(len(groups) - 1)
    return tuple(tuple(group) for group in groups)


def page_of(
    store: Store, filters: Filters, user: User, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """One page of the queue's lines; only the items shown on it are read in full."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    found = lines(store, filters, user)
    groups = grouped([line.group_key for line in found])
    page = max(1, page)
    start = (page - 1) * per_page
    shown = groups[start : start + per_page]
    full = {
        item.id: item
        for item in by_ids(store, [found[position].id for group in shown for position in group])
    }
    # An item gone between the two reads (merged into another) is left out of its group.
    kept = [[full[found[p].id] for p in group if found[p].id in full] for group in shown]
    return Page(
        [Group(group[0], group[1:]) for group in kept if group], len(groups), page, per_page
    )


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
