"""What to do with each item: store it as an original, link it as an exact or near duplicate,
count it, or leave it because it is already stored.

Identity: an item with a URL is that URL; one without is its content hash. The decisions of a
batch are made before it is written, so they see the rows of earlier batches in the database and
the batch's own items in memory (as pending keys that become row ids on commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from datasketch import MinHash
from sqlalchemy import Connection

from ..store.queries import documents as stored
from ..text.normalize import clean
from . import dedup
from .items import Item

Ref = Union[int, str]  # a row id, or the pending key of a row in the batch being written


@dataclass
class Plan:
    item: Item
    action: str  # "original", "exact" (linked row), "near", "counted" (exact, no row), "known"
    text: str = ""
    content_hash: str = ""
    minhash: MinHash | None = None
    key: str = ""  # pending key of a row this plan writes
    duplicate_of: Ref | None = None
    similarity: float | None = None


class Planner:
    """Deduplication state for one ingest run: the LSH of originals and this run's rows."""

    def __init__(self, connection: Connection) -> None:
        self.near = dedup.NearIndex()
        for row in stored.original_signatures(connection):
            self.near.add(str(row.id), dedup.from_bytes(row.minhash))
        self.start_id = stored.last_document_id(connection)
        self.hashes: dict[str, Ref] = {}  # content hash → this run's row with that text
        self.urls: set[str] = set()
        self.ids: dict[str, int] = {}  # pending key → row id, once committed
        self._counter = 0

    def known_url(self, connection: Connection, url: str) -> bool:
        if url in self.urls:
            return True
        return stored.document_with_url(connection, url) is not None

    def resolve(self, ref: Ref) -> int:
        return ref if isinstance(ref, int) else self.ids[ref]

    def _text_row(self, connection: Connection, content_hash: str) -> Ref | None:
        if content_hash in self.hashes:
            return self.hashes[content_hash]
        return stored.document_with_text(connection, content_hash)

    def _stored_before(self, connection: Connection, content_hash: str) -> bool:
        """A URL-less document with this text was stored by an earlier run."""
        return stored.urlless_with_content(connection, content_hash, self.start_id)

    def plan(self, connection: Connection, item: Item) -> Plan | None:
        """The plan for ``item``; None when it has no text left after cleaning."""
        if item.stored or (item.url and self.known_url(connection, item.url)):
            return Plan(item, "known")
        text = clean(item.text).strip()
        if not text:
            return None
        content_hash = dedup.content_hash(text)
        plan = Plan(item, "original", text=text, content_hash=content_hash)
        if item.url is None and self._stored_before(connection, content_hash):
            plan.action = "known"
            return plan
        same_text = self._text_row(connection, content_hash)
        if same_text is not None:
            plan.action, plan.duplicate_of = ("exact" if item.url else "counted"), same_text
            plan.similarity = 1.0
            if item.url:
                self._claim(plan)
            return plan
        plan.minhash = dedup.signature(text)
        nearest = self.near.nearest(plan.minhash) if plan.minhash is not None else None
        self._claim(plan)
        if nearest is not None:
            plan.action = "near"
            plan.duplicate_of = int(nearest[0]) if nearest[0].isdigit() else nearest[0]
            plan.similarity = round(nearest[1], 4)
        elif plan.minhash is not None:
            self.near.add(plan.key, plan.minhash)
        if plan.action in {"original", "near"}:
            self.hashes[content_hash] = plan.key
        return plan

    def _claim(self, plan: Plan) -> None:
        """Give a row-writing plan its pending key and reserve its URL."""
        self._counter += 1
        plan.key = f"p{self._counter}"
        if plan.item.url:
            self.urls.add(plan.item.url)

    def committed(self, plans: list[Plan], ids: dict[str, int]) -> None:
        """After a batch commits: pending keys become row ids in the indexes."""
        self.ids.update(ids)
        for plan in plans:
            if plan.key in ids and plan.action == "original" and plan.minhash is not None:
                self.near.remove(plan.key)
                self.near.add(str(ids[plan.key]), plan.minhash)
            if self.hashes.get(plan.content_hash) == plan.key:
                self.hashes[plan.content_hash] = ids[plan.key]

    def abandoned(self, plans: list[Plan]) -> None:
        """After a batch failed to commit: forget its pending rows."""
        for plan in plans:
            if plan.key:
                self.near.remove(plan.key)
                self.urls.discard(plan.item.url or "")
                if self.hashes.get(plan.content_hash) == plan.key:
                    del self.hashes[plan.content_hash]
