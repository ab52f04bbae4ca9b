"""The tipline under load: POST /api/v1/match from many concurrent clients, over loopback,
against the encoder's own batched rate measured in the same run.

    .venv/bin/python bench/bench_tipline.py [--size 100000] [--clients 20] [--requests 600]
        [--viral 40] [--modes unbatched inprocess broker1 broker2] [--blas-threads 1]

Builds a synthetic library of --size entries (see common.py) in a temporary data directory.
Then, for each mode, it measures the encoder's batched rate in this process on the texts the
clients will send (``bench_encoder.py``'s way: batches of 32), starts the web tier (uvicorn with
``create_app``) in a subprocess on 127.0.0.1 and a free port, warms it, times --baseline
requests from one client, then drives --requests requests from --clients concurrent clients (a
closed loop: each client sends its next request when the last is answered) with texts of
eval/queries.jsonl that the server has not seen (it remembers answers to texts sent again),
then — a viral wave — the same load over --viral texts, so most requests repeat one. Prints
requests, errors (non-200), throughput, its ratio to the encoder's rate, and p50/p95/p99.

The encoder's rate is the better of numpy's BLAS on one thread and on every core: on a machine
busy with other work, a multi-threaded BLAS call waits for its threads to be scheduled, and one
thread is then about twice as fast (``--blas-threads 1`` runs the servers so).

Modes: ``unbatched``: in-process, every request matched alone (as before the batcher, for
comparison); ``inprocess``: in-process with the batcher (no broker); ``broker1``/``broker2``:
a redis-server of its own, the web tier loading no encoder and ``kiemchung worker --queues
tipline`` with 1 or 2 processes (--clients threads each) matching in their batchers.

The load tool is httpx.AsyncClient on asyncio in this process; the servers are separate
processes, so all share the machine's cores but not a GIL. All requests come from 127.0.0.1,
so the server is built with ``create_app(store, limits={})``: no rate limit (the default allows
30 matches a minute per client).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import eval_queries, free_port, percentile, synthetic_library, wait_healthy

from kiemchung.store import Store

SERVER = """
import sys
from pathlib import Path
import uvicorn
from kiemchung.store import Store
from kiemchung.web import services
from kiemchung.web.app import create_app

if sys.argv[3] == "unbatched":  # each request its own batch of one, as before the batcher
    services.MATCH_MOST, services.MATCH_THREADS = 1, 64
else:
    services.MATCH_THREADS = int(sys.argv[4])
store = Store(Path(sys.argv[1]))
app = create_app(store, limits={})  # one client address for every request: no rate limit
app.state.services.warm()  # as `kiemchung serve` does, in the background there
try:
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
                access_log=False, proxy_headers=False, server_header=False)
finally:
    store.close()
"""
KIEMCHUNG = [sys.executable, "-c", "import sys; from kiemchung.cli import main; sys.exit(main())"]


async def drive(base: str, texts: list[str], clients: int, requests: int,
                max_seconds: float) -> tuple[list[float], dict[str, int], float]:
    """``requests`` POSTs from ``clients`` concurrent clients, stopping early at
    ``max_seconds``; returns the latencies (ms) of the 200s, the other outcomes, the wall time."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.perf_counter()
    deadline = started + max_seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal sent
        while sent < requests and time.perf_counter() < deadline:
            text = texts[sent % len(texts)]
            sent += 1
            began = time.perf_counter()
            try:
                response = await http.post(f"{base}/api/v1/match", json={"text": text})
                outcome = str(response.status_code)
            except httpx.HTTPError as error:
                outcome = type(error).__name__
            if outcome == "200":
                latencies.append((time.perf_counter() - began) * 1000)
            else:
                errors[outcome] = errors.get(outcome, 0) + 1

    async with httpx.AsyncClient(limits=limits, timeout=120) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def report(label: str, latencies: list[float], errors: dict[str, int], elapsed: float,
           encoder: float | None = None) -> float:
    ordered = sorted(latencies)
    total = len(latencies) + sum(errors.values())
    shown = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none"
    rate = total / elapsed
    ratio = f", {rate / encoder:.2f}x the encoder's batched rate" if encoder else ""
    print(f"{label}: {total} requests in {elapsed:.1f} s, errors {sum(errors.values())} "
          f"({shown}), throughput {rate:.1f} req/s{ratio}")
    print(f"  latency ms: p50 {percentile(ordered, 0.50):.0f}, p95 {percentile(ordered, 0.95):.0f}, "
          f"p99 {percentile(ordered, 0.99):.0f}, max {ordered[-1] if ordered else float('nan'):.0f}")
    return percentile(ordered, 0.95)


def encoder_rate(texts: list[str]) -> float:
    """Queries embedded per second in batches of 32 (``bench_encoder.py``'s way), the better of
    numpy's BLAS on one thread and on every core (on a busy machine one thread is faster)."""
    from threadpoolctl import threadpool_limits

    from kiemchung.matching.dense import engine

    encoder = engine()
    encoder.embed(texts[:8], query=True)  # the model loaded outside the timing
    rates = []
    for threads in (1, os.cpu_count() or 1):
        with threadpool_limits(threads, user_api="blas"):
            started = time.perf_counter()
            for start in range(0, len(texts), 32):
                encoder.embed(texts[start:start + 32], query=True)
            rates.append(len(texts) / (time.perf_counter() - started))
    print(f"  encoder alone, batches of 32: {rates[0]:.1f} queries/s with BLAS on 1 thread, "
          f"{rates[1]:.1f} on {os.cpu_count()}")
    return max(rates)


def stop(process: subprocess.Popen[bytes], group: bool = False) -> None:
    if process.poll() is None:
        if group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Tier:
    """The processes of one mode: the web tier, and with a broker its redis-server and
    workers."""

    def __init__(self, home: str, mode: str, clients: int, batch_threads: int,
                 blas_threads: int) -> None:
        self.home, self.mode = Path(home), mode
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "KIEMCHUNG_HOME": home}
        if blas_threads:
            self.env["OPENBLAS_NUM_THREADS"] = str(blas_threads)
        self.processes: list[tuple[subprocess.Popen[bytes], bool]] = []
        self.log = open(self.home / f"{mode}.log", "wb")  # noqa: SIM115  (closed by close)
        if mode.startswith("broker"):
            redis_port = free_port()
            self.env["KIEMCHUNG_BROKER_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            self.env["KIEMCHUNG_MATCH_TIMEOUT"] = "120"
            self._start(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                         "--save", "", "--appendonly", "no"])
            time.sleep(0.5)
            workers = mode.removeprefix("broker")
            self._start([*KIEMCHUNG, "worker", "--queues", "tipline", "--processes", workers,
                         "--threads", str(clients)], group=True)
        self._start([sys.executable, "-c", SERVER, home, str(self.port), mode,
                     str(batch_threads)])

    def _start(self, command: list[str], group: bool = False) -> None:
        process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                   env=self.env, start_new_session=group)
        self.processes.append((process, group))

    def close(self) -> None:
        for process, group in reversed(self.processes):
            stop(process, group)
        self.log.close()


def warm(base: str, texts: list[str], clients: int) -> None:
    """The first matches load the model and the vector index (in every worker process); the
    texts are ones the runs do not send."""
    httpx.post(f"{base}/api/v1/match", json={"text": texts[0]}, timeout=300)

    async def go() -> None:
        async with httpx.AsyncClient(timeout=300) as http:
            await asyncio.gather(*(http.post(f"{base}/api/v1/match", json={"text": text})
                                   for text in texts[1:clients]))
    asyncio.run(go())


def run_mode(home: str, mode: str, texts: list[str], args: argparse.Namespace) -> None:
    fresh = texts[3 + args.baseline:len(texts) - args.viral]
    print()
    encoder = encoder_rate(fresh[:args.encoder_texts])
    print(f"== {mode}: load average %.1f %.1f %.1f" % os.getloadavg())
    tier = Tier(home, mode, args.clients, args.batch_threads, args.blas_threads)
    try:
        started = time.perf_counter()
        server = tier.processes[-1][0]
        wait_healthy(tier.base, server)
        warm(tier.base, [f"Thử {n}: {text}" for n, text in enumerate(texts[:args.clients])],
             args.clients)
        print(f"up and warmed in {time.perf_counter() - started:.1f} s")
        if args.baseline:
            latencies, errors, elapsed = asyncio.run(
                drive(tier.base, texts[3:], 1, args.baseline, args.max_seconds))
            report("1 client", latencies, errors, elapsed, encoder)
        # Texts not sent yet: the server remembers answers to texts it has seen.
        latencies, errors, elapsed = asyncio.run(
            drive(tier.base, fresh, args.clients, args.requests, args.max_seconds))
        p95 = report(f"{args.clients} clients, new texts", latencies, errors, elapsed, encoder)
        print("  load average: %.1f %.1f %.1f" % os.getloadavg())
        if args.viral:
            wave, wave_errors, wave_elapsed = asyncio.run(drive(
                tier.base, texts[-args.viral:], args.clients, args.requests, args.max_seconds))
            report(f"{args.clients} clients, {args.viral} texts repeated", wave, wave_errors,
                   wave_elapsed)
        verdict = "met" if p95 <= args.goal_ms else \
            f"missed by {p95 - args.goal_ms:.0f} ms ({p95 / args.goal_ms:.1f}x)"
        print(f"goal p95 <= {args.goal_ms:.0f} ms at {args.clients} clients, "
              f"{args.size:,} entries: {verdict}")
    finally:
        tier.close()
        if tier.processes[-1][0].returncode not in (0, -15):  # the web tier failed
            print((tier.home / f"{mode}.log").read_text(errors="replace")[-3000:],
                  file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--baseline", type=int, default=30,
                        help="requests from a single client first (0: skip)")
    parser.add_argument("--max-seconds", type=float, default=600,
                        help="stop the concurrent run after this long")
    parser.add_argument("--goal-ms", type=float, default=150, help="the p95 goal (issue 3)")
    parser.add_argument("--viral", type=int, default=40,
                        help="then the same load over this many texts never sent before, so "
                             "most requests repeat one (a viral wave; 0: skip)")
    parser.add_argument("--modes", nargs="+", default=["inprocess", "broker1", "broker2"],
                        choices=["unbatched", "inprocess", "broker1", "broker2"])
    parser.add_argument("--batch-threads", type=int, default=None,
                        help="the in-process batcher's threads (default: the web app's)")
    parser.add_argument("--blas-threads", type=int, default=0,
                        help="OPENBLAS_NUM_THREADS of the web tier and the workers (0: numpy's "
                             "default, every core)")
    parser.add_argument("--encoder-texts", type=int, default=320,
                        help="texts embedded to measure the encoder's rate before each mode")
    args = parser.parse_args()
    if args.batch_threads is None:
        from kiemchung.web.services import MATCH_THREADS

        args.batch_threads = MATCH_THREADS
    texts = eval_queries()
    print(f"machine: {os.cpu_count()} CPUs; {len(texts)} query texts from eval/queries.jsonl")

    with tempfile.TemporaryDirectory() as home:
        store = Store(Path(home))
        started = time.perf_counter()
        synthetic_library(store, args.size)
        print(f"library of {args.size:,} entries written in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        indexed = len(store.vectors)  # built and saved now, so the server only loads it
        print(f"vector index built and saved in {time.perf_counter() - started:.1f} s "
              f"({indexed:,})")
        store.close()
        for mode in args.modes:
            run_mode(home, mode, texts, args)


if __name__ == "__main__":
    main()
