"""Exact and near duplicates.

Exact: the same words after normalising and folding (tone marks, case, spacing ignored), as a
sha256 content hash. Near: MinHash (64 permutations) over word 3-shingles of the folded text,
looked up in an LSH index and kept when the estimated Jaccard similarity is at least 0.75
(the estimate from 64 permutations is within about ±0.05). Signatures are stored with each document
(``documents.minhash``), so the index of originals is rebuilt from the database on each run.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..text.normalize import fold, normalize

NUM_PERM = 64
THRESHOLD = 0.75
# The LSH only proposes candidates; it is tuned lower than THRESHOLD so that pairs just above it
# are not missed (at 0.75 the LSH alone would find a pair at Jaccard 0.77 one time in four).
CANDIDATE_THRESHOLD = 0.5
SHINGLE = 3
# Named, not left to the library default: stored signatures must stay comparable across
# datasketch upgrades.
SCHEME = "affine32"
SEED = 1


@lru_cache(maxsize=256)  # the hash and the signature of one text both need it
def canonical(text: str) -> str:
    """The form duplicates are compared in: normalised, folded, single-spaced."""
    return " ".join(fold(normalize(text)).split())


def content_hash(text: str) -> str:
    """sha256 hex of the canonical form: equal for texts that differ only in marks and spacing."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()


def signature(text: str) -> MinHash | None:
    """MinHash of the word 3-shingles of the canonical form; None for a text without words."""
    words = canonical(text).split()
    if not words:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """The signature as stored in ``documents.minhash`` (little-endian uint32 values)."""
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=values)


class NearIndex:
    """The LSH index of original documents' signatures, keyed by any string."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}

    def add(self, key: str, minhash: MinHash) -> None:
        if key not in self.signatures:
            self.lsh.insert(key, minhash)
            self.signatures[key] = minhash

    def remove(self, key: str) -> None:
        if self.signatures.pop(key, None) is not None:
            self.lsh.remove(key)

    def nearest(self, minhash: MinHash) -> tuple[str, float] | None:
        """The most similar indexed key at or above the threshold, with its estimated Jaccard."""
        best: tuple[str, float] | None = None
        for key in self.lsh.query(minhash):
            similarity = float(minhash.jaccard(self.signatures[key]))
            if similarity >= self.threshold and (
                best is None or similarity > best[1] or (similarity == best[1] and key < best[0])
            ):
                best = (key, similarity)
        return best
