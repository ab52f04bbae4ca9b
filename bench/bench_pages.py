"""Page loads of the web app on a realistic desk: median and p95 per page, over loopback.

    .venv/bin/python bench/bench_pages.py [--home DIR] [--requests 30] [--src SRC_DIR ...]

Builds (or reuses, with --home) a data directory holding a desk as a newsroom's looks after
some weeks: the demo library, four users, 2,250 claims seen in documents from a few sources
(real claims of the repo's libraries, each reworded four times, so that near-duplicates form
groups), matches on some of them, 150 tips over 30 days, 250 claims assigned to one
editor, and 200 of them published as fact-checks (evidence, draft, approval: the audit log
fills as it would). Then starts the real server (uvicorn with ``create_app``, one process) on
127.0.0.1 and a free port, logs in as the admin, and times --requests GETs of each main page
after three unmeasured ones: the public home, a search (a different query each time, as
readers type them: the answers to a query are remembered), a fact-check page, the rating scale,
the RSS feed; the desk's queue (first page, page 5, "mine"), a claim, the dashboard and the
audit log.

With several --src folders (``src`` of another checkout, say ``git worktree add /tmp/before
HEAD~3``), the same data directory is served by each in turn, so before and after are
compared in one run on a machine whose speed drifts. Prints the load average beside the
figures: other work on the machine shows in them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
from common import ROOT, eval_queries, free_port, percentile, real_claims, wait_healthy

PASSWORD = "mat-khau-du-dai-cho-bench"
ADMIN = "admin@bench.example"
CLAIMS = 2_250  # seen in documents, as near-duplicate groups of CLAIMS_PER_BASE
CLAIMS_PER_BASE = 4
PUBLISHED = 200
TIPS = 150
ASSIGNED = 250
SOURCES = ("vnexpress.net", "tuoitre.vn", "facebook.com", "zalo-group", "thanhnien.vn")

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


def variants(text: str, vocabulary: list[str], rng: random.Random, count: int) -> list[str]:
    """``count`` rewordings of a claim: two words dropped or replaced, one added, as the same
    rumour reads from post to post (close enough to be near-duplicates, rarely the same)."""
    found = []
    for _ in range(count):
        words = text.split()
        for _ in range(2):
            if len(words) > 4:
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        found.append(" ".join(words))
    return found


def build(home: Path, seed: int = 0) -> None:
    """The desk described in the module's docstring, in ``home``."""
    from sqlalchemy import select, update

    from kiemchung.cli.demo import demo_files
    from kiemchung.desk import queue, research, review, tips, users
    from kiemchung.desk.schema import items
    from kiemchung.desk.schema import tips as tip_rows
    from kiemchung.library.importer import import_files
    from kiemchung.store import Store
    from kiemchung.store.schema import claim_matches, claims, documents, factchecks

    rng = random.Random(seed)
    started = time.perf_counter()
    store = Store(home)
    import_files(store, [demo_files()[0]])
    admin = users.add(store, ADMIN, PASSWORD, "admin", "Quản Trị")
    editor = users.add(store, "bien.tap@bench.example", PASSWORD, "editor", "Minh")
    checker = users.add(store, "kiem.chung@bench.example", PASSWORD, "factchecker", "Lan")
    users.add(store, "bien.tap2@bench.example", PASSWORD, "editor", "Hà")

    base = real_claims()
    vocabulary = [word for text in base for word in text.split() if len(word) > 2]
    rumours = rng.sample(base, min(len(base), -(-CLAIMS // CLAIMS_PER_BASE)))
    texts = [v for text in rumours for v in variants(text, vocabulary, rng, CLAIMS_PER_BASE)]
    rng.shuffle(texts)
    now = datetime.now(timezone.utc)
    with store.db.transaction() as connection:
        library = connection.execute(select(factchecks.c.id)).scalars().all()
        for n, text in enumerate(texts):
            seen = (now - timedelta(minutes=rng.randrange(14 * 24 * 60))).isoformat("T", "seconds")
            body = f"{text}. Chia sẻ ngay cho người thân!"
            document = connection.execute(
                documents.insert().values(
                    url=f"https://{rng.choice(SOURCES)}/bai/{n}",
                    title=text[:60],
                    text=body,
                    content_hash=f"{n:064x}",
                    published=seen,
                    source=rng.choice(SOURCES),
                    kind="post",
                    language="vi",
                    ingested_at=seen,
                )
            ).inserted_primary_key[0]
            claim = connection.execute(
                claims.insert().values(
                    document_id=document,
                    start=0,
                    end=len(text),
                    text=text,
                    score=round(rng.uniform(0.5, 0.99), 3),
                )
            ).inserted_primary_key[0]
            if rng.random() < 0.4:
                for factcheck in rng.sample(library, 3):
                    score = round(rng.uniform(0.001, 0.7), 4)
                    connection.execute(
                        claim_matches.insert().values(
                            claim_id=claim, factcheck_id=factcheck, score=score,
                            matched=int(score > 0.5),
                        )
                    )
        queue.enqueue(connection)
    for n in range(TIPS):
        tips.submit(store, f"{rng.choice(base)} (tin nhắn {n})", None, False, [])
    with store.db.transaction() as connection:
        for tip_id in connection.execute(select(tip_rows.c.id)).scalars().all():
            created = (now - timedelta(minutes=rng.randrange(30 * 24 * 60))).isoformat("T", "seconds")
            connection.execute(
                update(tip_rows).where(tip_rows.c.id == tip_id).values(created_at=created)
            )
    found = queue.listing(store, limit=1_000_000)
    for item in found[:PUBLISHED]:
        research.add_evidence(
            store, item.id, f"https://nguon.example/{item.id}", "Cơ quan chức năng bác bỏ.",
            checker, "Nguồn",
        )
        verdict = review.draft(
            store, item.id, checker, item.text[:200], rng.choice(["false", "misleading", "true"]),
            "Không có bằng chứng cho nhận định này.", [],
        )
        review.approve(store, verdict.id, editor, "http://127.0.0.1")
    with store.db.transaction() as connection:
        for item in found[PUBLISHED : PUBLISHED + ASSIGNED]:
            connection.execute(
                update(items).where(items.c.id == item.id).values(
                    assignee_id=admin.id, status=rng.choice(["new", "researching"])
                )
            )
    opened = len(queue.listing(store, limit=1_000_000))
    store.close()
    print(f"built {home}: {len(texts)} claims seen, {opened} open queue items, "
          f"{PUBLISHED} published, {TIPS} tips, in {time.perf_counter() - started:.0f} s")


def pages(home: Path) -> tuple[str, int]:
    """A published slug and an open claim's id to visit."""
    from sqlalchemy import select

    from kiemchung.desk.schema import items, published
    from kiemchung.store import Store

    store = Store(home)
    with store.db.read() as connection:
        slug = connection.execute(select(published.c.slug).limit(1)).scalar_one()
        item = connection.execute(
            select(items.c.id).where(items.c.status == "new").order_by(items.c.id).limit(1)
        ).scalar_one()
    store.close()
    return slug, int(item)


def log_in(http: httpx.Client) -> None:
    http.get("/dang-nhap")
    response = http.post(
        "/dang-nhap",
        data={"email": ADMIN, "password": PASSWORD, "csrf_token": http.cookies["kc_csrf"],
              "next": "/desk"},
    )
    if response.status_code != 303:
        raise SystemExit(f"login failed: {response.status_code}")


def measure(src: Path, home: Path, requests: int) -> dict[str, list[float]]:
    slug, item = pages(home)
    queries = iter(eval_queries()[::3])
    urls = {
        "home": lambda: "/",
        "search": lambda: "/tim-kiem?" + httpx.QueryParams(q=next(queries)).__str__(),
        "search MSG": lambda: "/tim-kiem?q=MSG",
        "fact-check": lambda: f"/kiem-chung/{slug}",
        "rating scale": lambda: "/thang-danh-gia",
        "feed": lambda: "/feed.rss",
        "desk queue": lambda: "/desk",
        "desk queue p5": lambda: "/desk?page=5",
        "desk queue mine": lambda: "/desk?assignee=mine",
        "desk claim": lambda: f"/desk/claims/{item}",
        "dashboard": lambda: "/desk/dashboard",
        "audit": lambda: "/desk/audit",
    }
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": str(src)}
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(home), str(port)],
                              env=environment)
    base = f"http://127.0.0.1:{port}"
    times: dict[str, list[float]] = {}
    try:
        wait_healthy(base, server)
        with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as http:
            log_in(http)
            for name, url in urls.items():
                for _ in range(3):
                    http.get(url()).raise_for_status()
                times[name] = []
                for _ in range(requests):
                    path = url()
                    began = time.perf_counter()
                    http.get(path).raise_for_status()
                    times[name].append((time.perf_counter() - began) * 1000)
    finally:
        server.terminate()
        server.wait(30)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, help="data directory to build once and reuse")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--src", type=Path, action="append",
                        help="a package source folder to serve from (repeat to compare)")
    parser.add_argument("--goal-ms", type=float, default=150, help="the median goal (issue 19)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="kiemchung-pages-"))
    home.mkdir(parents=True, exist_ok=True)
    os.environ["KIEMCHUNG_HOME"] = str(home)
    if not any(home.iterdir()):
        build(home)
    results = {}
    for src in args.src or [ROOT / "src"]:
        print(f"serving from {src}, load average {os.getloadavg()[0]:.1f}")
        results[str(src)] = measure(src.resolve(), home, args.requests)
        print(f"  load average after: {os.getloadavg()[0]:.1f}")
    names = list(next(iter(results.values())))
    print(f"\n{'page':<18}" + "".join(f"{'median / p95 ms':>22}" for _ in results))
    for name in names:
        row = f"{name:<18}"
        for times in results.values():
            ordered = sorted(times[name])
            median = statistics.median(ordered)
            mark = "✓" if median < args.goal_ms else "✗"
            row += f"{median:>12.0f} / {percentile(ordered, 0.95):>4.0f} {mark:>2}"
        print(row)
    print(json.dumps({src: {name: round(statistics.median(t), 1) for name, t in times.items()}
                      for src, times in results.items()}))


if __name__ == "__main__":
    main()
