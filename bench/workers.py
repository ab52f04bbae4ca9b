"""Work-queue throughput: N small texts ingested, matched against the demo library and placed in
narratives by 1 and by 2 worker processes (``kiemchung worker --processes W``).

    .venv/bin/python bench/workers.py [--texts 300] [--batch 10] [--processes 1 2]

Each run gets a new data directory and its own redis-server on a free loopback port (Debian's
redis-server is needed). The workers are started and warmed first (encoder loaded); then the
texts are sent as ``ingest_items`` messages of ``--batch`` items, as a poll hands them over,
and the clock runs until every text is stored, every claim matched at the current library
version and placed in a narrative. Prints texts/s; first the same texts in-process, without a
broker (the monitor's own path), for comparison.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_monitor import CLAIMS, FILLER  # noqa: E402

KIEMCHUNG = [sys.executable, "-c", "import sys; from kiemchung.cli import main; sys.exit(main())"]


def text(seed: int) -> str:
    rng = random.Random(seed)
    values = dict(y=rng.randint(2015, 2025), n=rng.randint(1, 99), m=rng.randint(1, 9),
                  p=rng.randint(2, 40), d=rng.randint(1, 28), mo=rng.randint(1, 12),
                  q=rng.choice(["I", "II", "III", "IV"]))
    return " ".join([f"Bản tin số {seed}.", rng.choice(CLAIMS).format(**values),
                     rng.choice(FILLER), rng.choice(CLAIMS).format(**values)])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return -1


def run(texts: int, batch: int, processes: int) -> float:
    base = Path(tempfile.mkdtemp(prefix="kiemchung-bench-workers-"))
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                              "--dir", str(base), "--save", "", "--appendonly", "yes"],
                             stdout=subprocess.DEVNULL)
    env = {**os.environ, "KIEMCHUNG_HOME": str(base / "home"),
           "KIEMCHUNG_BROKER_URL": f"redis://127.0.0.1:{port}/0",
           "KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1"}
    os.environ.update(env)
    time.sleep(0.5)
    from kiemchung.ingest.items import Item
    from kiemchung.library.importer import import_files
    from kiemchung.matching.rematch import matching_version
    from kiemchung.monitor import sources
    from kiemchung.settings import Settings
    from kiemchung.store import Store
    from kiemchung.work import broker, tasks

    broker.install(Settings.from_env())
    store = Store()
    import_files(store, [ROOT / "src" / "kiemchung" / "demo" / "factchecks.jsonl"])
    source = sources.add(store, "https://bao.example.vn/rss", kind="rss")
    version = matching_version(store)
    db = base / "home" / "kiemchung.sqlite3"

    worker = subprocess.Popen([*KIEMCHUNG, "worker", "--processes", str(processes)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    # Warm every process: one tiny message per process, waited for.
    for n in range(processes):
        item = Item(text=text(10_000_000 + n), kind="page", ref="warm",
                    url=f"https://bao.example.vn/warm-{n}.html")
        tasks.ingest_items.send(source.id, f"warm-{n}", [dataclasses.asdict(item)], None, None, True)
    while count(db, f"SELECT count(*) FROM claims WHERE matched_version = '{version}'") < processes:
        time.sleep(0.2)
    time.sleep(2)
    before_docs = count(db, "SELECT count(*) FROM documents")

    started = time.perf_counter()
    for start in range(0, texts, batch):
        items = [dataclasses.asdict(Item(text=text(seed), kind="page", ref=str(seed),
                                         url=f"https://bao.example.vn/bai-{seed}.html"))
                 for seed in range(start, min(start + batch, texts))]
        tasks.ingest_items.send(source.id, f"bench-{start}", items, None, None, True)
    stored = matched = 0.0
    while True:
        time.sleep(0.1)
        docs = count(db, "SELECT count(*) FROM documents") - before_docs
        if docs >= texts and not stored:
            stored = time.perf_counter() - started
        unmatched = count(db, "SELECT count(*) FROM claims WHERE matched_version IS NULL "
                              f"OR matched_version != '{version}'")
        if stored and unmatched == 0 and not matched:
            matched = time.perf_counter() - started
        unplaced = count(db, "SELECT count(*) FROM claims WHERE id NOT IN "
                             "(SELECT claim_id FROM narrative_claims)")
        if matched and unplaced == 0:
            break
    total = time.perf_counter() - started
    claims = count(db, "SELECT count(*) FROM claims")
    os.killpg(worker.pid, 15)
    worker.wait()
    redis.terminate()
    redis.wait()
    print(f"{processes} worker process(es): {texts} texts ({claims} claims) stored in "
          f"{stored:.1f} s, matched by {matched:.1f} s, placed by {total:.1f} s = "
          f"{texts / total:.1f} texts/s end to end ({texts / matched:.1f} texts/s to matched)",
          flush=True)
    return total


def in_process(texts: int, batch: int) -> float:
    """The same texts without a broker: the monitor's own path (ingest with matching, then
    narratives), in this one process, for comparison."""
    base = Path(tempfile.mkdtemp(prefix="kiemchung-bench-inprocess-"))
    os.environ.pop("KIEMCHUNG_BROKER_URL", None)
    from kiemchung.ingest.items import Item
    from kiemchung.library.importer import import_files
    from kiemchung.monitor import narratives
    from kiemchung.monitor.intake import Intake
    from kiemchung.store import Store

    store = Store(base / "home")
    import_files(store, [ROOT / "src" / "kiemchung" / "demo" / "factchecks.jsonl"])
    intake = Intake(store)
    intake.write([Item(text=text(10_000_000), kind="page", ref="warm",
                       url="https://bao.example.vn/warm.html")])
    narratives.assign(store)
    started = time.perf_counter()
    for start in range(0, texts, batch):
        intake.write([Item(text=text(seed), kind="page", ref=str(seed),
                           url=f"https://bao.example.vn/bai-{seed}.html")
                      for seed in range(start, min(start + batch, texts))])
    matched = time.perf_counter() - started
    narratives.assign(store)
    total = time.perf_counter() - started
    print(f"in-process, no broker: {texts} texts stored and matched in {matched:.1f} s, placed "
          f"by {total:.1f} s = {texts / total:.1f} texts/s end to end", flush=True)
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    in_process(args.texts, args.batch)
    for processes in args.processes:
        run(args.texts, args.batch, processes)


if __name__ == "__main__":
    main()
