"""A tipline message end to end: a Telegram webhook in, the answer out to the platform.

    .venv/bin/python bench/tipline_message.py [--size 10000] [--messages 100]

Builds a synthetic library of --size entries (see common.py) in a temporary data directory,
starts a stand-in Telegram Bot API on 127.0.0.1 (a threaded http.server that records when each
sendMessage arrives) and the real server (uvicorn with ``create_app``, Telegram switched on and
pointed at the stand-in) in a subprocess, warms it as ``kiemchung serve`` does, then sends
--messages signed webhooks one after another, each from its own chat, with texts of
eval/queries.jsonl. For each it times the interval from the webhook's POST to the arrival of
the answer at the stand-in: check the signature, read the message, match it, store the tip
(and the sealed reply address for a new claim), send the reply. Prints p50/p95/max in ms and
how many messages were answered from the library and how many queued.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from bench_tipline import free_port, percentile, wait_healthy
from common import eval_queries, synthetic_library

from kiemchung.channels.sealing import new_key
from kiemchung.store import Store

TOKEN = "123456:BENCH"
SECRET = "bench-secret"
SERVER = """
import sys
from pathlib import Path
import uvicorn
from kiemchung.store import Store
from kiemchung.web.app import create_app

store = Store(Path(sys.argv[1]))
app = create_app(store, limits={})
app.state.services.warm()
try:
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
                access_log=False, server_header=False)
finally:
    store.close()
"""


def stand_in() -> tuple[ThreadingHTTPServer, dict[int, tuple[float, str]]]:
    """The stand-in Bot API: chat id → (arrival time, text) of each sendMessage."""
    arrived: dict[int, tuple[float, str]] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server's API)
            body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)))
            if self.path.endswith("/sendMessage"):
                arrived[int(body["chat_id"])] = (time.perf_counter(), body["text"])
            data = b'{"ok": true, "result": {}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, arrived


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100)
    args = parser.parse_args()
    texts = eval_queries()
    platform, arrived = stand_in()
    with tempfile.TemporaryDirectory() as home:
        store = Store(Path(home))
        synthetic_library(store, args.size)
        store.close()
        env = {
            **os.environ,
            "KIEMCHUNG_HOME": home,
            "KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1",
            "KIEMCHUNG_CHANNEL_KEY": new_key(),
            "KIEMCHUNG_TELEGRAM_TOKEN": TOKEN,
            "KIEMCHUNG_TELEGRAM_SECRET": SECRET,
            "KIEMCHUNG_TELEGRAM_API": f"http://127.0.0.1:{platform.server_address[1]}",
        }
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-c", SERVER, home, str(port)], env=env)
        try:
            wait_healthy(base, server)
            latencies = []
            with httpx.Client(timeout=120) as http:
                for number in range(args.messages + 1):  # the first one warms the route
                    chat = 10_000 + number
                    update = {"update_id": number, "message": {
                        "message_id": number, "date": 1733400000,
                        "from": {"id": chat, "is_bot": False, "first_name": "B"},
                        "chat": {"id": chat, "type": "private"},
                        "text": texts[number % len(texts)]}}
                    began = time.perf_counter()
                    http.post(f"{base}/channels/telegram", json=update,
                              headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                    deadline = time.monotonic() + 60
                    while chat not in arrived and time.monotonic() < deadline:
                        time.sleep(0.001)
                    if number and chat in arrived:
                        latencies.append((arrived[chat][0] - began) * 1000)
            answered = sum("Reference" not in t and "Mã tra cứu" not in t
                           for _, t in arrived.values())
            ordered = sorted(latencies)
            print(f"library {args.size}, {len(latencies)} messages (webhook → answer at the "
                  f"platform): p50 {percentile(ordered, 0.5):.0f} ms, p95 "
                  f"{percentile(ordered, 0.95):.0f} ms, max {ordered[-1]:.0f} ms; "
                  f"{answered} answered from the library, {len(arrived) - answered} queued")
        finally:
            server.terminate()
            server.wait(30)
            platform.shutdown()


if __name__ == "__main__":
    main()
