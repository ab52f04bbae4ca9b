"""An editor's corrections to the grouping: merge narratives, split claims out into a new one.

Claims an editor moved are marked ``assigned_by = "editor"``; automatic clustering only places
new claims, so it never undoes an editor's decision. A merged narrative keeps its id, pointing
at the one it was merged into, so links to it still lead somewhere.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
from sqlalchemy import Connection

from ..clock import iso, now
from ..errors import InputError, NotFound
from ..matching.lexical import search_form
from ..store.queries import narratives as queries

if TYPE_CHECKING:
    from ..store import Store


def resolve(connection: Connection, narrative_id: int) -> int:
    """The narrative ``narrative_id`` lives on as (itself, or the one it was merged into)."""
    seen = set()
    current = narrative_id
    while True:
        exists, into = queries.merged_into(connection, current)
        if not exists:
            raise NotFound(f"no narrative {narrative_id}")
        if into is None or current in seen:
            return current
        seen.add(current)
        current = into


def recompute(connection: Connection, narrative_id: int) -> None:
    """Centroid, size, first and latest sighting and fact-check, from the members."""
    rows = queries.member_vectors(connection, narrative_id)
    if not rows:
        queries.set_narrative(connection, narrative_id, size=0)
        return
    matrix = np.frombuffer(b"".join(row.embedding for row in rows), dtype=np.float32)
    mean = matrix.reshape(len(rows), -1).mean(axis=0)
    factchecks = Counter(queries.matched_factcheck_ids(connection, [row.claim_id for row in rows]))
    queries.set_narrative(
        connection,
        narrative_id,
        centroid=(mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32).tobytes(),
        size=len(rows),
        first_seen=min(row.seen_at for row in rows),
        last_seen=max(row.seen_at for row in rows),
        factcheck_id=factchecks.most_common(1)[0][0] if factchecks else None,
    )


def refresh_factchecks(connection: Connection, claim_ids: list[int]) -> int:
    """After these claims were matched again (``matching.rematch``, in its transaction): their
    narratives take the fact-check their members now point to. Returns how many changed."""
    found = queries.narratives_of_claims(connection, claim_ids)
    for narrative_id in found:
        recompute(connection, narrative_id)
    return len(found)


def merge(store: Store, into: int, others: Iterable[int]) -> int:
    """Move every claim of ``others`` into narrative ``into``; returns the surviving id."""
    with store.writing() as connection:
        target = resolve(connection, into)
        sources = {resolve(connection, other) for other in others} - {target}
        if not sources:
            raise InputError("give at least one other narrative to merge")
        for source in sources:
            queries.move_narrative_members(connection, source, target)
            queries.set_narrative(connection, source, merged_into=target, size=0)
        recompute(connection, target)
    return target


def split(store: Store, narrative_id: int, claim_ids: Iterable[int]) -> int:
    """Move the given claims of a narrative into a new narrative; returns its id."""
    wanted = sorted(set(claim_ids))
    if not wanted:
        raise InputError("give the claims to split out")
    with store.writing() as connection:
        source = resolve(connection, narrative_id)
        members = queries.members_among(connection, source, wanted)
        missing = [claim for claim in wanted if claim not in members]
        if missing:
            raise InputError(f"claims {', '.join(map(str, missing))} are not in narrative {source}")
        if queries.member_count(connection, source) == len(wanted):
            raise InputError("that is every claim of the narrative; nothing to split")
        label = queries.claim_text(connection, wanted[0])
        new_id = queries.add_narrative(
            connection, iso(now()), label=label, form=search_form(label), centroid=b"", size=0
        )
        queries.move_claims(connection, wanted, new_id)
        recompute(connection, new_id)
        recompute(connection, source)
    return new_id


def resolve_id(store: Store, narrative_id: int) -> int:
    """``resolve`` in its own read."""
    with store.reading() as connection:
        return resolve(connection, narrative_id)


def claims_of(store: Store, narrative_id: int) -> list[dict[str, Any]]:
    """The claims of a narrative with their document, oldest sighting first."""
    with store.reading() as connection:
        rows = queries.member_claims(connection, narrative_id)
    return [
        {
            "id": row.id,
            "text": row.text,
            "seen_at": row.seen_at,
            "similarity": row.similarity,
            "assigned_by": row.assigned_by,
            "url": row.url,
            "site": row.site,
        }
        for row in rows
    ]
