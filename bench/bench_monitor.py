"""Monitor throughput on loopback: new articles end to end, and re-polling unchanged sources.

    .venv/bin/python bench/bench_monitor.py [--feeds 200] [--items 50] [--unchanged 1000] [--full-feeds 10]

Local servers on 127.0.0.1–127.0.0.8 (eight hosts, so per-host politeness still applies) serve
RSS feeds of Vietnamese articles. Three figures:

1. ``--feeds`` × ``--items`` new articles polled once: each feed and article page fetched through
   the guard, extracted (trafilatura), split, claims detected, stored — the monitor's own cost
   (matching is the matcher's benchmark). Prints articles/s.
2. ``--unchanged`` sources polled again after their items are stored: each should cost one
   conditional GET answered 304. Prints the seconds for the whole round and the request count.
3. ``--full-feeds`` × ``--items`` articles through the whole pipeline (claims matched against the
   demo library, then embedded and placed in narratives). Prints articles/s.

The host gap is 0 here (KIEMCHUNG_MONITOR_HOST_GAP, default 1 s in production) so that the
figures measure the monitor, not the politeness delay.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOSTS = [f"127.0.0.{n}" for n in range(1, 9)]
CLAIMS = [
    "Bộ Y tế cho biết năm {y} cả nước ghi nhận {n}.{m}00 ca mắc sốt xuất huyết, tăng {p}% so với cùng kỳ.",
    "Giá xăng RON95 tăng {p}.{m}00 đồng mỗi lít từ 15 giờ ngày {d} tháng {mo} theo quyết định của liên Bộ.",
    "Tổng cục Thống kê công bố GDP quý {q} năm {y} tăng {p},{m}% so với cùng kỳ năm trước.",
    "Uống nước chanh nóng mỗi sáng giúp tiêu diệt tế bào ung thư, hiệu quả gấp {n}.000 lần hóa trị.",
    "Thành phố Hồ Chí Minh sẽ thu phí ô tô vào trung tâm từ năm {y} với mức {n}0.000 đồng mỗi lượt.",
    "Ngân hàng Nhà nước giảm lãi suất điều hành {p},{m} điểm phần trăm từ ngày {d} tháng {mo}.",
    "Hà Nội đã trồng mới {n}.{m}00 cây xanh trong năm {y}, vượt kế hoạch {p}%.",
    "Ăn sầu riêng rồi uống bia chắc chắn gây tử vong trong vòng {p} giờ.",
]
FILLER = [
    "Phóng viên ghi nhận tại hiện trường sáng nay.",
    "Người dân được khuyến cáo theo dõi thông tin chính thức.",
    "Bài viết sẽ tiếp tục được cập nhật.",
    "Nhiều độc giả bày tỏ quan tâm tới vấn đề này.",
]


def article(seed: int) -> str:
    rng = random.Random(seed)
    values = dict(y=rng.randint(2015, 2025), n=rng.randint(1, 99), m=rng.randint(1, 9),
                  p=rng.randint(2, 40), d=rng.randint(1, 28), mo=rng.randint(1, 12),
                  q=rng.choice(["I", "II", "III", "IV"]))
    body = [rng.choice(CLAIMS).format(**values), rng.choice(FILLER),
            rng.choice(CLAIMS).format(**values), rng.choice(FILLER)]
    paragraphs = "".join(f"<p>{line}</p>" for line in body)
    return (f"<html><head><title>Bài {seed}</title></head><body><article><h1>Bài {seed}</h1>"
            f"{paragraphs}</article></body></html>")


def feed(number: int, items: int) -> str:
    """Feed ``number``'s items; a feed past the first ``--feeds`` lists the items of an earlier
    one (articles already stored), as overlapping feeds of one site do."""
    own = number % FEEDS[0]
    host, port = SERVERS[own % len(SERVERS)].server_address
    entries = "".join(
        f"<item><title>Bài {own}-{i}</title>"
        f"<link>http://{host}:{port}/a/{own}/bai-viet-so-{i}-{own * 1000 + i}.html</link>"
        f"<pubDate>Mon, 24 Nov 2025 08:{i % 60:02d}:00 GMT</pubDate></item>"
        for i in range(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>'
            f"{entries}</channel></rss>")


SERVERS: list[ThreadingHTTPServer] = []
FEEDS = [1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self.server.requests += 1
        parts = self.path.strip("/").split("/")
        if parts[0] == "feed":
            number = int(parts[1].split(".")[0])
            etag = f'"feed-{number}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = feed(number, self.server.items).encode()
            kind = "application/rss+xml"
        elif parts[0] == "a":
            body = article(int(parts[2].rsplit("-", 1)[1].split(".")[0])).encode()
            kind = "text/html; charset=utf-8"
            etag = None
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(items: int) -> list[ThreadingHTTPServer]:
    servers = []
    for host in HOSTS:
        server = ThreadingHTTPServer((host, 0), Handler)
        SERVERS.append(server)
        server.daemon_threads = True
        server.items = items  # type: ignore[attr-defined]
        server.requests = 0  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def requests(servers: list[ThreadingHTTPServer]) -> int:
    return sum(server.requests for server in servers)  # type: ignore[attr-defined]


def add_feeds(store: Any, servers: list[ThreadingHTTPServer], first: int, count: int) -> None:
    """Feed sources ``first`` … ``first + count - 1``, spread over the loopback hosts."""
    from kiemchung.monitor import sources

    for number in range(first, first + count):
        host, port = servers[number % len(servers)].server_address
        sources.add(store, f"http://{host}:{port}/feed/{number}.rss", kind="rss")


def phase(title: str, report: Any, seconds: float, items: int) -> None:
    print(f"{title}: {items} new articles in {seconds:.1f} s = {items / seconds:.1f} articles/s "
          f"({report.documents} documents, {report.claims} claims, {report.failed} failed feeds)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--full-feeds", type=int, default=10, help="feeds (of --items each) run "
                        "through the whole pipeline: matching and narratives too")
    parser.add_argument("--unchanged", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    FEEDS[0] = args.feeds
    base = Path(tempfile.mkdtemp(prefix="kiemchung-bench-"))
    os.environ["KIEMCHUNG_ALLOW_PRIVATE_HOSTS"] = "1"
    os.environ["KIEMCHUNG_MONITOR_HOST_GAP"] = "0"
    os.environ["KIEMCHUNG_MONITOR_MAX_ITEMS"] = str(max(args.items, 1))

    from kiemchung.clock import iso, now
    from kiemchung.library.importer import import_files
    from kiemchung.monitor import narratives
    from kiemchung.monitor.intake import Intake
    from kiemchung.monitor.poller import Poller
    from kiemchung.monitor.tables import sources as table
    from kiemchung.pipeline import Document, Pipeline
    from kiemchung.store import Store

    servers = serve(args.items)
    warm_up = Document(text=" ".join(CLAIMS[:2]).format(y=2024, n=12, m=3, p=5, d=1, mo=7,
                                                         q="II"))

    # 1. extraction and claim detection (the monitor's own cost, no matching)
    store = Store(base / "extract")
    pipeline = Pipeline(store, stages=("text", "claims"))
    pipeline(warm_up)
    poller = Poller(store, workers=args.workers, intake=Intake(store, pipeline))
    add_feeds(store, servers, 0, args.feeds)
    started = time.perf_counter()
    report = poller.round()
    phase(f"fetch + extract + claims + store, {args.feeds} feeds x {args.items}", report,
          time.perf_counter() - started, report.new_items)

    # 2. unchanged sources: the same store, feeds whose items are all stored already
    extra = max(0, args.unchanged - args.feeds)
    add_feeds(store, servers, args.feeds, extra)
    before = requests(servers)
    started = time.perf_counter()
    first = poller.round()
    print(f"first poll of {extra} overlapping feeds: {time.perf_counter() - started:.1f} s, "
          f"{first.new_items} items recorded, {requests(servers) - before} requests "
          f"(no page fetched again)")
    with store.db.transaction() as connection:
        connection.execute(table.update().values(next_poll_at=iso(now())))
    before = requests(servers)
    started = time.perf_counter()
    again = poller.round()
    elapsed = time.perf_counter() - started
    print(f"re-poll of {again.polled} unchanged sources: {elapsed:.1f} s "
          f"({again.not_modified} answered 304, {requests(servers) - before} requests)")

    # 3. the whole pipeline: matching against the demo library, then narratives
    if args.full_feeds:
        demo = (Path(__file__).resolve().parents[1] / "src" / "kiemchung" / "demo"
                / "factchecks.jsonl")
        store = Store(base / "full")
        import_files(store, [demo])
        poller = Poller(store, workers=args.workers)
        poller.intake.pipeline(warm_up)
        add_feeds(store, servers, 0, args.full_feeds)
        started = time.perf_counter()
        report = poller.round()
        polled = time.perf_counter() - started
        placed = narratives.assign(store)
        total = time.perf_counter() - started
        phase(f"whole pipeline with matching, {args.full_feeds} feeds x {args.items}", report,
              polled, report.new_items)
        print(f"  + narratives ({placed} claims embedded and placed): {total:.1f} s = "
              f"{report.new_items / total:.1f} articles/s end to end")


if __name__ == "__main__":
    main()
