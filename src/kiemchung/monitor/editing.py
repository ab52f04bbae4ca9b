"""An editor's corrections to the grouping: merge narratives, split claims out into a new one.

Claims an editor moved are marked ``assigned_by = "editor"``; automatic clustering only places
new claims, so it never undoes an editor's decision. A merged narrative keeps its id, pointing
at the one it was merged into, so links to it still lead somewhere.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
from sqlalchemy import Connection, func, select, update

from ..clock import iso, now
from ..errors import InputError, NotFound
from ..matching.lexical import search_form
from ..store.database import inserted_id
from ..store.schema import claim_matches, claims
from .tables import narrative_claims, narratives

if TYPE_CHECKING:
    from ..store import Store


def resolve(connection: Connection, narrative_id: int) -> int:
    """The narrative ``narrative_id`` lives on as (itself, or the one it was merged into)."""
    seen = set()
    current = narrative_id
    while True:
        row = connection.execute(
            select(narratives.c.merged_into).where(narratives.c.id == current)
        ).first()
        if row is None:
            raise NotFound(f"no narrative {narrative_id}")
        if row.merged_into is None or current in seen:
            return current
        seen.add(current)
        current = row.merged_into


def recompute(connection: Connection, narrative_id: int) -> None:
    """Centroid, size, first and latest sighting and fact-check, from the members."""
    rows = connection.execute(
        select(
            narrative_claims.c.claim_id, narrative_claims.c.embedding, narrative_claims.c.seen_at
        ).where(narrative_claims.c.narrative_id == narrative_id)
    ).all()
    if not rows:
        connection.execute(update(narratives).where(narratives.c.id == narrative_id).values(size=0))
        return
    matrix = np.frombuffer(b"".join(row.embedding for row in rows), dtype=np.float32)
    mean = matrix.reshape(len(rows), -1).mean(axis=0)
    factchecks = Counter(
        connection.execute(
            select(claim_matches.c.factcheck_id).where(
                claim_matches.c.claim_id.in_([row.claim_id for row in rows]),
                claim_matches.c.matched == 1,
            )
        ).scalars()
    )
    connection.execute(
        update(narratives)
        .where(narratives.c.id == narrative_id)
        .values(
            centroid=(mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32).tobytes(),
            size=len(rows),
            first_seen=min(row.seen_at for row in rows),
            last_seen=max(row.seen_at for row in rows),
            factcheck_id=factchecks.most_common(1)[0][0] if factchecks else None,
        )
    )


def refresh_factchecks(connection: Connection, claim_ids: list[int]) -> int:
    """After these claims were matched again (``matching.rematch``, in its transaction): their
    narratives take the fact-check their members now point to. Returns how many changed."""
    found = (
        set(
            connection.execute(
                select(narrative_claims.c.narrative_id).where(
                    narrative_claims.c.claim_id.in_(claim_ids)
                )
            ).scalars()
        )
        if claim_ids
        else set()
    )
    for narrative_id in found:
        recompute(connection, narrative_id)
    return len(found)


def merge(store: Store, into: int, others: Iterable[int]) -> int:
    """Move every claim of ``others`` into narrative ``into``; returns the surviving id."""
    with store.db.transaction() as connection:
        target = resolve(connection, into)
        sources = {resolve(connection, other) for other in others} - {target}
        if not sources:
            raise InputError("give at least one other narrative to merge")
        for source in sources:
            connection.execute(
                update(narrative_claims)
                .where(narrative_claims.c.narrative_id == source)
                .values(narrative_id=target, assigned_by="editor")
            )
            connection.execute(
                update(narratives)
                .where(narratives.c.id == source)
                .values(merged_into=target, size=0)
            )
        recompute(connection, target)
    return target


def split(store: Store, narrative_id: int, claim_ids: Iterable[int]) -> int:
    """Move the given claims of a narrative into a new narrative; returns its id."""
    wanted = sorted(set(claim_ids))
    if not wanted:
        raise InputError("give the claims to split out")
    with store.db.transaction() as connection:
        source = resolve(connection, narrative_id)
        members = set(
            connection.execute(
                select(narrative_claims.c.claim_id).where(
                    narrative_claims.c.narrative_id == source,
                    narrative_claims.c.claim_id.in_(wanted),
                )
            ).scalars()
        )
        missing = [claim for claim in wanted if claim not in members]
        if missing:
            raise InputError(f"claims {', '.join(map(str, missing))} are not in narrative {source}")
        total = connection.execute(
            select(func.count())
            .select_from(narrative_claims)
            .where(narrative_claims.c.narrative_id == source)
        ).scalar_one()
        if total == len(wanted):
            raise InputError("that is every claim of the narrative; nothing to split")
        label = connection.execute(
            select(claims.c.text).where(claims.c.id == wanted[0])
        ).scalar_one()
        new_id = inserted_id(
            connection.execute(
                narratives.insert().values(
                    label=label,
                    form=search_form(label),
                    centroid=b"",
                    size=0,
                    created_at=iso(now()),
                )
            )
        )
        connection.execute(
            update(narrative_claims)
            .where(narrative_claims.c.claim_id.in_(wanted))
            .values(narrative_id=new_id, assigned_by="editor")
        )
        recompute(connection, new_id)
        recompute(connection, source)
    return new_id


def resolve_id(store: Store, narrative_id: int) -> int:
    """``resolve`` in its own read."""
    with store.db.read() as connection:
        return resolve(connection, narrative_id)


def claims_of(store: Store, narrative_id: int) -> list[dict[str, Any]]:
    """The claims of a narrative with their document, oldest sighting first."""
    from ..store.schema import documents

    with store.db.read() as connection:
        rows = connection.execute(
            select(
                claims.c.id,
                claims.c.text,
                narrative_claims.c.seen_at,
                narrative_claims.c.similarity,
                narrative_claims.c.assigned_by,
                documents.c.url,
                documents.c.site,
            )
            .join(narrative_claims, narrative_claims.c.claim_id == claims.c.id)
            .join(documents, documents.c.id == claims.c.document_id)
            .where(narrative_claims.c.narrative_id == narrative_id)
            .order_by(narrative_claims.c.seen_at, claims.c.id)
        ).all()
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
