"""The tipline under load: POST /api/v1/match from many concurrent clients, over loopback.

    .venv/bin/python bench/bench_tipline.py [--size 100000] [--clients 20] [--requests 600] [--viral 40]

Builds a synthetic library of --size entries (see common.py) in a temporary data directory,
starts the real server (uvicorn with ``create_app``) in a subprocess on 127.0.0.1 and a free
port, waits for /api/v1/health, warms it (model and vector index load on the first match),
times --baseline requests from one client, then drives --requests requests from --clients
concurrent clients (a closed loop: each client sends its next request when the last is
answered) with texts of eval/queries.jsonl that the server has not seen (it remembers answers
to texts sent again), then — a viral wave — the same load over --viral texts, so most requests
repeat one. Prints requests, errors (non-200), throughput and p50/p95/p99 latency for each run,
then stops the server.

The load tool is httpx.AsyncClient on asyncio in this process; the server is a separate
process, so the two share the machine's cores but not a GIL. All requests come from
127.0.0.1, so the server is built with ``create_app(store, limits={})``: no rate limit
(the default allows 30 matches a minute per client).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import eval_queries, synthetic_library

from kiemchung.store import Store

SERVER = """
import sys
from pathlib import Path
import uvicorn
from kiemchung.store import Store
from kiemchung.web.app import create_app

store = Store(Path(sys.argv[1]))
app = create_app(store, limits={})  # one client address for every request: no rate limit
app.state.services.warm()  # as `kiemchung serve` does, in the background there
try:
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
                access_log=False, proxy_headers=False, server_header=False)
finally:
    store.close()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(-(-fraction * len(sorted_values) // 1)))  # ceil
    return sorted_values[rank - 1]


def wait_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
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


def report(label: str, latencies: list[float], errors: dict[str, int], elapsed: float) -> None:
    ordered = sorted(latencies)
    total = len(latencies) + sum(errors.values())
    shown = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none"
    print(f"{label}: {total} requests in {elapsed:.1f} s, errors {sum(errors.values())} "
          f"({shown}), throughput {total / elapsed:.1f} req/s")
    print(f"  latency ms: p50 {percentile(ordered, 0.50):.0f}, p95 {percentile(ordered, 0.95):.0f}, "
          f"p99 {percentile(ordered, 0.99):.0f}, max {ordered[-1] if ordered else float('nan'):.0f}")


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
    args = parser.parse_args()
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

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(home) / "server.log", "wb")
        environment = {**os.environ, "KIEMCHUNG_HOME": home}
        server = subprocess.Popen([sys.executable, "-c", SERVER, home, str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, env=environment)
        try:
            started = time.perf_counter()
            wait_healthy(base, server)
            print(f"server up on {base} in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            for text in texts[:3]:  # the first match loads the model and the vector index
                httpx.post(f"{base}/api/v1/match", json={"text": text}, timeout=300)
            print(f"warmed in {time.perf_counter() - started:.1f} s")

            print("load average before the runs: %.1f %.1f %.1f" % os.getloadavg())
            if args.baseline:
                latencies, errors, elapsed = asyncio.run(
                    drive(base, texts[3:], 1, args.baseline, args.max_seconds))
                report("1 client", latencies, errors, elapsed)
            # Texts not sent yet: the server remembers answers to texts it has seen.
            fresh = texts[3 + args.baseline:len(texts) - args.viral]
            latencies, errors, elapsed = asyncio.run(
                drive(base, fresh, args.clients, args.requests, args.max_seconds))
            report(f"{args.clients} clients", latencies, errors, elapsed)
            if args.viral:
                wave, wave_errors, wave_elapsed = asyncio.run(drive(
                    base, texts[-args.viral:], args.clients, args.requests, args.max_seconds))
                report(f"{args.clients} clients, {args.viral} texts repeated", wave,
                       wave_errors, wave_elapsed)
            print("load average after the runs: %.1f %.1f %.1f" % os.getloadavg())
            p95 = percentile(sorted(latencies), 0.95)
            verdict = "met" if p95 <= args.goal_ms else \
                f"missed by {p95 - args.goal_ms:.0f} ms ({p95 / args.goal_ms:.1f}x)"
            print(f"goal p95 <= {args.goal_ms:.0f} ms at {args.clients} clients, "
                  f"{args.size:,} entries: {verdict}")
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
            if server.returncode not in (0, -15):
                print((Path(home) / "server.log").read_text(errors="replace")[-3000:],
                      file=sys.stderr)


if __name__ == "__main__":
    main()
