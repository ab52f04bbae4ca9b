"""Dramatiq against Celery, both on Redis, with one worker process of one thread: enqueue N
tasks, then time from the first enqueue until the last has run, for a no-op task and for a task
that writes one row to SQLite in its own transaction (the shape of every Kiểm chứng task).
Celery runs as it must for at-least-once delivery (acks_late, prefetch 1); Dramatiq acks late by
default.

    .venv/bin/python bench/queue_engines.py [N]

Needs Debian's redis-server; starts its own on a free loopback port.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

TASKS = textwrap.dedent(
    """
    import os, sqlite3
    URL = os.environ["BENCH_REDIS"]
    DB = os.environ["BENCH_DB"]

    def write(n):
        with sqlite3.connect(DB, timeout=30) as c:
            c.execute("INSERT OR IGNORE INTO done(key) VALUES (?)", (n,))

    if os.environ["BENCH_ENGINE"] == "dramatiq":
        import dramatiq
        from dramatiq.brokers.redis import RedisBroker
        dramatiq.set_broker(RedisBroker(url=URL))

        @dramatiq.actor(max_retries=0)
        def noop(n):
            pass

        @dramatiq.actor(max_retries=0)
        def dbwrite(n):
            write(n)
    else:
        from celery import Celery
        app = Celery("bench_tasks", broker=URL)
        app.conf.task_acks_late = True
        app.conf.worker_prefetch_multiplier = 1

        @app.task
        def noop(n):
            pass

        @app.task
        def dbwrite(n):
            write(n)
    """
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(engine: str, task: str, n: int, work: Path) -> float:
    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--dir", str(work)],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    db = work / f"{engine}-{task}.sqlite3"
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("CREATE TABLE done(key INTEGER PRIMARY KEY)")
    env = {**os.environ, "BENCH_REDIS": f"redis://127.0.0.1:{port}/0", "BENCH_DB": str(db),
           "BENCH_ENGINE": engine, "PYTHONPATH": str(work)}
    sys.path.insert(0, str(work))
    os.environ.update(env)
    import importlib

    import bench_tasks

    importlib.reload(bench_tasks)
    bin_dir = Path(sys.executable).parent
    if engine == "dramatiq":
        worker_cmd = [str(bin_dir / "dramatiq"), "bench_tasks", "-p", "1", "-t", "1"]
    else:
        worker_cmd = [str(bin_dir / "celery"), "-A", "bench_tasks", "worker", "-c", "1",
                      "--pool", "prefork", "-l", "warning"]
    start = time.perf_counter()
    function = getattr(bench_tasks, task)
    for i in range(n):
        (function.send if engine == "dramatiq" else function.delay)(i)
    enqueued = time.perf_counter() - start
    worker = subprocess.Popen(worker_cmd, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    import redis as redis_client

    client = redis_client.Redis(port=port)
    # Done when the queue is empty and (for the writing task) every row is there.
    while True:
        time.sleep(0.05)
        if task == "dbwrite":
            with sqlite3.connect(db) as c:
                if c.execute("SELECT count(*) FROM done").fetchone()[0] >= n:
                    break
        else:
            depth = client.llen("celery") if engine == "celery" else (
                client.llen("dramatiq:default") + client.hlen("dramatiq:default.msgs"))
            if depth == 0:
                break
    elapsed = time.perf_counter() - start
    worker.terminate()
    worker.wait()
    redis.terminate()
    redis.wait()
    print(f"{engine:9} {task:8} n={n}: enqueue {n / enqueued:7.0f}/s, "
          f"end to end {n / elapsed:6.0f} tasks/s ({elapsed:.1f} s, worker start included)",
          flush=True)
    return elapsed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "bench_tasks.py").write_text(TASKS)
        for engine in ("dramatiq", "celery"):
            for task in ("noop", "dbwrite"):
                run(engine, task, n, work)


if __name__ == "__main__":
    main()
