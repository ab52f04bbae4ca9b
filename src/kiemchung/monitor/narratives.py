"""Narratives: claims that say the same thing, across documents and days, grouped incrementally.

Each new claim (only claims are embedded, with ``embed_passages``) joins the closest narrative
when one of these holds, else it starts a new one:

* it matched the same fact-check as the narrative (the strongest evidence there is);
* cosine to the narrative's centroid ≥ KIEMCHUNG_NARRATIVE_SIMILARITY and the folded words
  overlap ≥ KIEMCHUNG_NARRATIVE_OVERLAP (the lexical guard);
* the folded words are nearly the same (Jaccard ≥ 0.7) and cosine ≥ 0.5: the same sentence typed
  without tone marks, which the embedding alone places too far.

and in the last two cases, when both state numbers, they share at least one: "garlic cures cancer
100 times better" and "lemon cures cancer 10,000 times better" are close in embedding space and
in words, but are different claims.

A narrative is only ever about claims: its sources are sites, never people
(docs/principles.md, 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
from sqlalchemy import Connection

from ..clock import iso, now
from ..matching.dense import embed_passages, encoder_name
from ..matching.lexical import content_tokens, numbers, search_form
from ..settings import Settings
from ..store.queries import narratives as queries
from ..text.normalize import normalize
from .sightings import sighting

if TYPE_CHECKING:
    from ..store import Store

DIM = 384
NEAR_COPY_JACCARD = 0.7
# The tuned encoder spreads cosines out: unrelated claims near 0, one claim reworded 0.9 and
# more, the same sentence without tone marks about 0.6.
NEAR_COPY_COSINE = 0.5


def _tokens(form: str) -> set[str]:
    return set(content_tokens(form))


def overlap(a: set[str], b: set[str]) -> float:
    """Shared content words over the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(eq=False)
class _Cluster:
    id: int | None
    label: str
    form: str
    tokens: set[str]
    figures: set[str]
    centroid: np.ndarray
    size: int
    factcheck_id: int | None
    first_seen: str | None
    last_seen: str | None
    dirty: bool = False
    slot: int = -1  # its row in the clusterer's centroid matrix
    members: list[dict[str, Any]] = field(default_factory=list)


class Clusterer:
    """Assigns claims to the active narratives held in memory, then writes what changed."""

    def __init__(self, connection: Connection, settings: Settings) -> None:
        self.similarity = settings.number("KIEMCHUNG_NARRATIVE_SIMILARITY")
        self.min_overlap = settings.number("KIEMCHUNG_NARRATIVE_OVERLAP")
        rows = queries.active_narratives(connection)
        self.clusters: list[_Cluster] = []
        self._matrix = np.zeros((max(16, len(rows)), DIM), dtype=np.float32)
        for row in rows:
            self._append(
                _Cluster(
                    row.id,
                    row.label,
                    row.form,
                    _tokens(row.form),
                    numbers(row.label),
                    np.frombuffer(row.centroid, dtype=np.float32).copy(),
                    row.size,
                    row.factcheck_id,
                    row.first_seen,
                    row.last_seen,
                )
            )

    def _append(self, cluster: _Cluster) -> None:
        if len(self.clusters) == len(self._matrix):  # grow by doubling: appends stay cheap
            self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
        cluster.slot = len(self.clusters)
        self._matrix[cluster.slot] = cluster.centroid
        self.clusters.append(cluster)

    def _best(
        self, vector: np.ndarray, tokens: set[str], figures: set[str], factcheck_id: int | None
    ) -> tuple[_Cluster | None, float]:
        if not self.clusters:
            return None, 0.0
        cosines = self._matrix[: len(self.clusters)] @ vector
        if factcheck_id is not None:
            same = [j for j, c in enumerate(self.clusters) if c.factcheck_id == factcheck_id]
            if same:
                j = max(same, key=lambda k: cosines[k])
                return self.clusters[j], float(cosines[j])
        for j in np.argsort(-cosines):
            cosine = float(cosines[j])
            if cosine < NEAR_COPY_COSINE:
                break
            cluster = self.clusters[j]
            if figures and cluster.figures and not figures & cluster.figures:
                continue
            if (
                cosine >= self.similarity
                and overlap(tokens, cluster.tokens) >= self.min_overlap
                or jaccard(tokens, cluster.tokens) >= NEAR_COPY_JACCARD
            ):
                return cluster, cosine
        return None, 0.0

    def add(self, claim: dict[str, Any], vector: np.ndarray) -> _Cluster:
        """Put one claim in its narrative (a new one when none is close enough)."""
        form = search_form(claim["text"])
        tokens = _tokens(form)
        figures = numbers(claim["text"])
        cluster, cosine = self._best(vector, tokens, figures, claim["factcheck_id"])
        if cluster is None:
            cluster = _Cluster(
                None,
                claim["text"],
                form,
                tokens,
                figures,
                vector.copy(),
                0,
                claim["factcheck_id"],
                None,
                None,
            )
            self._append(cluster)
            cosine = 1.0
        else:
            mean = cluster.centroid * cluster.size + vector
            cluster.centroid = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
            self._matrix[cluster.slot] = cluster.centroid
            cluster.factcheck_id = cluster.factcheck_id or claim["factcheck_id"]
        cluster.size += 1
        seen = claim["seen_at"]
        cluster.first_seen = min(filter(None, [cluster.first_seen, seen]))
        cluster.last_seen = max(filter(None, [cluster.last_seen, seen]))
        cluster.dirty = True
        cluster.members.append(
            {
                "claim_id": claim["id"],
                "document_id": claim["document_id"],
                "seen_at": seen,
                "similarity": round(cosine, 4),
                "assigned_by": "auto",
                "embedding": vector.tobytes(),
            }
        )
        return cluster

    def write(self, connection: Connection) -> None:
        moment = iso(now())
        for cluster in self.clusters:
            if not cluster.dirty:
                continue
            values = {
                "label": cluster.label,
                "form": cluster.form,
                "centroid": cluster.centroid.astype(np.float32).tobytes(),
                "size": cluster.size,
                "factcheck_id": cluster.factcheck_id,
                "first_seen": cluster.first_seen,
                "last_seen": cluster.last_seen,
            }
            if cluster.id is None:
                cluster.id = queries.add_narrative(connection, moment, **values)
            else:
                queries.set_narrative(connection, cluster.id, **values)
            queries.add_members(connection, cluster.id, cluster.members)
            cluster.members = []
            cluster.dirty = False


def unassigned_claims(connection: Connection, limit: int) -> list[dict[str, Any]]:
    """Claims of stored documents that are in no narrative yet, oldest first."""
    rows = queries.unassigned_claims(connection, limit)
    return [
        {
            "id": row.id,
            "text": row.text,
            "document_id": row.document_id,
            "factcheck_id": row.factcheck_id,
            "seen_at": sighting(row.published, row.ingested_at),
        }
        for row in rows
    ]


ENCODER_KEY = "narratives_encoder"


def refresh_vectors(store: Store, batch_size: int = 256) -> int:
    """Embed every narrative's claims again, and its centre with them, when they were embedded
    by another encoder than the one running now (an upgrade); returns how many claims.

    The store is marked current only at the end, so an interrupted run is done again whole.
    """
    wanted = encoder_name()
    if store.meta_value(ENCODER_KEY) == wanted:
        return 0
    with store.reading() as connection:
        members = queries.member_texts(connection)
    sums: dict[int, np.ndarray] = {}
    for start in range(0, len(members), batch_size):
        chunk = members[start : start + batch_size]
        vectors = embed_passages([normalize(row.text) for row in chunk])
        with store.writing() as connection:
            for row, vector in zip(chunk, vectors):
                queries.set_member_embedding(
                    connection, row.claim_id, vector.astype(np.float32).tobytes()
                )
                sums[row.narrative_id] = sums.get(row.narrative_id, 0) + vector
    with store.writing() as connection:
        for narrative, total in sums.items():
            centre = (total / (np.linalg.norm(total) or 1.0)).astype(np.float32)
            queries.set_narrative(connection, narrative, centroid=centre.tobytes())
        store.set_meta(connection, ENCODER_KEY, wanted)
    return len(members)


Embed = Callable[[list[dict[str, Any]]], np.ndarray]


def embed_claims(claims: list[dict[str, Any]]) -> np.ndarray:
    """The passage vectors narratives compare: the claims' normalised texts, embedded."""
    return embed_passages([normalize(claim["text"]) for claim in claims])


def assign(store: Store, batch_size: int = 256, embed: Embed = embed_claims) -> int:
    """Put every claim that is in no narrative yet into one; returns how many were placed.

    Each batch is written in one transaction, so a kill leaves whole batches and a rerun
    continues with the claims still unplaced. ``embed`` gives the claims' vectors (the work
    queue's reads those its parallel tasks embedded ahead).
    """
    refresh_vectors(store)
    placed = 0
    while True:
        with store.reading() as connection:
            pending = unassigned_claims(connection, batch_size)
            clusterer = Clusterer(connection, store.settings)
        if not pending:
            return placed
        vectors = embed(pending)
        for claim, vector in zip(pending, vectors):
            clusterer.add(claim, vector)
        with store.writing() as connection:
            clusterer.write(connection)
        placed += len(pending)
