"""Adding fact-checks to the library: search form, embedding and row, in one transaction."""

from __future__ import annotations

import numpy as np

from ..library.record import FactCheck, headline_of
from ..store import Store
from ..store import factchecks as rows
from .dense import embed_passages, encoder_name
from .features import ClaimTerms, terms_version
from .lexical import SEARCH_FORM_VERSION, search_form

ENCODER_KEY = "encoder"


def add_factchecks(store: Store, items: list[FactCheck]) -> tuple[int, int]:
    """Insert or update ``items`` (by url) as one transaction; returns (created, updated).

    A claim whose text did not change keeps its embedding, so re-importing is cheap.
    """
    if not items:
        return 0, 0
    # The last occurrence of a url in a batch wins, as it would across batches.
    unique = list({item.url: item for item in items}.values())
    with store.reading() as connection:
        known = rows.existing(connection, [item.url for item in unique])
        empty = not rows.any_entry(connection)
    to_embed = [
        item
        for item in unique
        if item.url not in known or known[item.url][1] != item.claim_reviewed
    ]
    vectors = embed_passages([_embedded(store, item.claim_reviewed) for item in to_embed])
    by_url = {item.url: vector for item, vector in zip(to_embed, vectors)}
    created = updated = 0
    keys: list[int] = []
    new_vectors: list[np.ndarray] = []
    with store.writing() as connection:
        # Entries already in the library are updated one by one; new ones are inserted
        # together, in the order given (so they get the ids one by one would have given them).
        fresh: list[tuple[FactCheck, str, np.ndarray | None, str | None]] = []
        for item in unique:
            vector = by_url.get(item.url)
            form = entry_form(item.claim_reviewed, item.headline)
            terms = ClaimTerms.of(item.claim_reviewed, form).stored()
            if item.url not in known:
                fresh.append((item, form, vector, terms))
                continue
            key, _ = rows.upsert(connection, item, form, vector, terms)
            updated += 1
            if vector is not None:
                keys.append(key)
                new_vectors.append(vector)
        for (_, _, vector, _), key in zip(fresh, rows.insert_new(connection, fresh)):
            created += 1
            if vector is not None:
                keys.append(key)
                new_vectors.append(vector)
        if empty:  # every vector in the library is this encoder's
            store.set_meta(connection, ENCODER_KEY, encoder_name())
        store.bump_library_version(connection)
        version = store.bump_vectors_version(connection) if keys else None
    if version is not None:
        store.vectors_committed(np.array(keys, dtype=np.uint64), np.array(new_vectors), version)
    return created, updated


def entry_form(claim: str, headline: str | None) -> str:
    """An entry's search text: the claim's search form, then its headline's. Lexical search
    reads both; the pair features read the claim's words only (``ClaimTerms``)."""
    return (
        f"{search_form(claim)} {search_form(headline)}".strip() if headline else search_form(claim)
    )


def _embedded(store: Store, claim: str) -> str:
    """What of a claim is embedded: its first KIEMCHUNG_MAX_CLAIM_CHARS characters, so that
    a fact-check published or collected with a very long claim costs bounded time."""
    return claim[: store.settings.integer("KIEMCHUNG_MAX_CLAIM_CHARS")]


def refresh_embeddings(store: Store, batch: int = 256) -> int:
    """Embed every entry again when its vectors were made by another encoder than the one
    running now (a tuned encoder shipped by an upgrade); returns how many were embedded.

    Each batch is its own transaction and the store is marked current only at the end, so an
    interrupted run is finished by the next one and nothing is duplicated.
    """
    wanted = encoder_name()
    if store.meta_value(ENCODER_KEY) == wanted:
        return 0
    with store.reading() as connection:
        entries = rows.entry_claims(connection)
    if not entries:
        with store.writing() as connection:
            store.set_meta(connection, ENCODER_KEY, wanted)
        return 0
    for start in range(0, len(entries), batch):
        chunk = entries[start : start + batch]
        vectors = embed_passages([_embedded(store, row.claim_reviewed) for row in chunk])
        with store.writing() as connection:
            for row, vector in zip(chunk, vectors):
                rows.set_embedding(connection, row.id, vector)
            store.bump_vectors_version(connection)
    with store.writing() as connection:
        store.set_meta(connection, ENCODER_KEY, wanted)
        store.bump_vectors_version(connection)
    store.reset_vectors()
    return len(entries)


def refresh_search_forms(store: Store) -> int:
    """Derive every entry's search form again when ``search_form`` has changed since they were
    stored (an upgrade), in one transaction; returns how many changed."""
    key, wanted = "search_form_version", str(SEARCH_FORM_VERSION)
    if store.meta_value(key) == wanted:
        return 0
    changed = 0
    with store.writing() as connection:
        for row in rows.search_forms(connection):
            form = entry_form(row.claim_reviewed, headline_of(row.data, row.claim_reviewed))
            if form != row.search_text:
                rows.set_search_text(connection, row.id, form)
                changed += 1
        store.set_meta(connection, key, wanted)
        if changed:
            store.bump_library_version(connection)
    return changed


def refresh_claim_terms(store: Store) -> int:
    """Read the claim terms of entries stored without them, or by other code (an upgrade),
    again, in one transaction; returns how many were read."""
    key, wanted = "claim_terms_version", terms_version()
    if store.meta_value(key) == wanted:
        return 0
    current = ClaimTerms.stored_prefix()
    with store.writing() as connection:
        stale = rows.without_terms(connection, current)
        for row in stale:
            terms = ClaimTerms.of(row.claim_reviewed, row.search_text).stored()
            rows.set_terms(connection, row.id, terms)
        store.set_meta(connection, key, wanted)
    return len(stale)
