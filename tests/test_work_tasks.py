"""The tasks through real ``kiemchung worker`` processes and a real Redis: a source polled by
the workers ends stored, matched and placed; a worker killed mid-task or a broker restarted
loses nothing and does nothing twice; a task that always fails is dead-lettered with its reason.
"""

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from redis import Redis
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from fixtures_work import KIEMCHUNG, RedisServer, Workers, redis_server, wait_for, work_env, workers  # noqa: F401  (fixtures)
from kiemchung.clock import iso, now
from kiemchung.ingest.items import Item
from kiemchung.library.importer import import_files
from kiemchung.matching.rematch import matching_version
from kiemchung.monitor import sources
from kiemchung.monitor.intake import Intake
from kiemchung.monitor.tables import alerts, narratives
from kiemchung.pipeline import Pipeline
from kiemchung.store import Store
from kiemchung.work import broker, library_changed, tasks
from test_monitor_poller import TEXTS, serve_feed

_stores: dict[Path, Store] = {}


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    """What the workers wrote, read through a store of the test's own (SQLite or PostgreSQL)."""
    if home not in _stores:
        _stores.clear()
        _stores[home] = Store()
    try:
        with _stores[home].db.read() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    except OperationalError:  # locked by a worker for a moment
        return []


def count(home: Path, table: str) -> int:
    found = rows(home, f"SELECT count(*) FROM {table}")
    return found[0][0] if found else -1


def all_matched(home: Path, version: str, claims: int) -> bool:
    return len(rows(home, f"SELECT id FROM claims WHERE matched_version = '{version}'")) == claims


def test_a_source_polled_by_a_worker_is_stored_matched_and_placed_in_narratives(
        home: Path, site: Any, workers: Workers) -> None:  # noqa: F811
    serve_feed(site, "tin", TEXTS[:2])
    store = Store()
    sources.add(store, f"{site.base}/tin.rss", kind="rss")
    assert tasks.schedule(store).polls == 1
    assert tasks.schedule(store).polls == 0  # queued once, however often the monitor looks
    workers.start()
    wait_for(lambda: count(home, "narrative_claims") >= 2
             and count(home, "work_claim_vectors") == 0, 120, "claims placed in narratives")
    claims = count(home, "claims")
    assert count(home, "documents") == 2 and claims >= 2
    assert all_matched(home, matching_version(store), claims)
    assert count(home, "narrative_claims") == claims
    [source] = sources.all_sources(store)
    assert source.items_seen == 2 and source.last_success_at is not None
    assert count(home, "work_failures") == 0


# A question no sentence of which the detector takes for a claim, and a greeting.
QUESTION = "Mấy mẹ ơi, đắp khoai tây lên trán bé có hạ sốt được không ạ?"
GREETING = "Chúc cả nhà cuối tuần vui vẻ nhé!"
POTATO = "https://fc.example/khoai-tay"


def _potato_library(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "library.jsonl"
    path.write_text(json.dumps({
        "@type": "ClaimReview", "url": POTATO, "inLanguage": "vi",
        "claimReviewed": "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ.",
        "reviewRating": {"alternateName": "Sai"}}, ensure_ascii=False), encoding="utf-8")
    import_files(store, [path])


def _kept(store: Store) -> list[tuple[Any, ...]]:
    with store.db.read() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT d.text, c.text, c.start, c.\"end\", f.url FROM claims c "
            "JOIN documents d ON d.id = c.document_id JOIN claim_matches m ON m.claim_id = c.id "
            "JOIN factchecks f ON f.id = m.factcheck_id ORDER BY d.id"))]


def test_a_post_with_no_claim_found_is_kept_as_its_claim_by_a_worker_as_without_a_broker(
        home: Path, site: Any, tmp_path: Path, workers: Workers) -> None:  # noqa: F811
    posts = [dataclasses.asdict(Item(text=body, kind="post", ref=f"{site.base}/{n}",
                                     url=f"{site.base}/p/{n}"))
             for n, body in enumerate([QUESTION, GREETING])]
    store = Store()
    _potato_library(tmp_path, store)
    source = sources.add(store, f"{site.base}/tin.rss", kind="rss")
    tasks.ingest_items.send(source.id, source.next_poll_at, posts, None, None, True)
    workers.start()
    wait_for(lambda: count(home, "narrative_claims") >= 1, 120, "the question kept and placed")
    assert count(home, "documents") == 2 and count(home, "claims") == 1
    assert _kept(store) == [(QUESTION, QUESTION, 0, len(QUESTION), POTATO)]
    assert all_matched(home, matching_version(store), 1)
    assert len(rows(home, "SELECT key FROM work_done WHERE task = 'match_posts'")) == 1

    alone = Store(tmp_path / "alone", store.settings.replace(
        KIEMCHUNG_HOME=str(tmp_path / "alone"), KIEMCHUNG_DATABASE_URL="", KIEMCHUNG_BROKER_URL=""))
    _potato_library(tmp_path, alone)
    Intake(alone).write([Item(**post) for post in posts])  # the pipeline's match stage
    assert _kept(alone) == _kept(store)


def test_a_poll_written_before_a_kill_sends_its_claimless_posts_again_and_one_is_kept_once(
        home: Path, site: Any, tmp_path: Path, work_env: dict[str, str]) -> None:  # noqa: F811
    store = broker.current_store()
    _potato_library(tmp_path, store)
    source = sources.add(store, f"{site.base}/tin.rss", kind="rss")
    posts = [Item(text=QUESTION, kind="post", ref="a", url=f"{site.base}/p/0"),
             Item(text=GREETING, kind="post", ref="b")]
    # The run killed after its documents were written, before anything was sent or keyed:
    Intake(store, Pipeline(store, stages=("text", "claims"))).write(
        [dataclasses.replace(post) for post in posts])
    queue = Redis.from_url(work_env["KIEMCHUNG_BROKER_URL"])
    queue.delete("dramatiq:match", "dramatiq:match.msgs")
    tasks.ingest_items.fn(source.id, "due", [dataclasses.asdict(p) for p in posts], None, None,
                          True)
    [message] = [json.loads(raw) for raw in queue.hvals("dramatiq:match.msgs")
                 if json.loads(raw)["actor_name"] == "match_posts"]
    [document_ids] = message["args"]
    assert len(document_ids) == 2  # both have no claim; the greeting matches nothing
    for _ in range(2):  # delivered twice
        tasks.match_posts.fn(document_ids)
    assert _kept(store) == [(QUESTION, QUESTION, 0, len(QUESTION), POTATO)]
    assert len(rows(home, "SELECT key FROM work_done WHERE task = 'match_posts'")) == 1


def test_a_worker_killed_mid_poll_leaves_the_task_to_the_next_and_nothing_is_stored_twice(
        home: Path, site: Any, workers: Workers) -> None:  # noqa: F811
    slow = serve_feed(site, "cham", TEXTS, delay=0.5)
    store = Store()
    sources.add(store, f"{site.base}/cham.rss", kind="rss")
    tasks.schedule(store)
    first = workers.start("--queues", "poll")
    wait_for(lambda: site.requests(slow[0]), 60, "the worker to fetch the first article")
    workers.kill(first)  # kill -9, mid-task: the message is not acknowledged
    assert count(home, "documents") == 0
    workers.start()  # takes the task once the killed worker has missed its heartbeat
    wait_for(lambda: count(home, "documents") == 4 and count(home, "narrative_claims") >= 4,
             120, "the items stored by the second worker")
    assert rows(home, "SELECT count(DISTINCT url), count(*) FROM documents") == [(4, 4)]
    assert count(home, "source_items") == 4
    assert len(rows(home, "SELECT key FROM work_done WHERE task = 'ingest_items'")) == 1


def test_a_message_delivered_again_after_its_work_committed_does_nothing(
        home: Path, site: Any, workers: Workers) -> None:  # noqa: F811
    serve_feed(site, "tin", TEXTS[:2])
    store = Store()
    source = sources.add(store, f"{site.base}/tin.rss", kind="rss")
    items = [dataclasses.asdict(Item(text=text, kind="page", ref=f"{site.base}/{n}",
                                     url=f"{site.base}/bai-{n}.html"))
             for n, text in enumerate(TEXTS[:2])]
    for _ in range(2):  # the same message twice: what a redelivery after a kill looks like
        tasks.ingest_items.send(source.id, source.next_poll_at, items, None, None, True)
    workers.start()
    wait_for(lambda: count(home, "narrative_claims") >= 2, 120, "the items stored and placed")
    claims = count(home, "claims")
    ids = [claim_id for claim_id, in rows(home, "SELECT id FROM claims ORDER BY id")]
    for _ in range(2):
        tasks.match_claims.send(ids)  # matched already at this version: nothing is written
    wait_for(lambda: Redis.from_url(broker.settings().get("KIEMCHUNG_BROKER_URL"))  # type: ignore[arg-type]
             .llen("dramatiq:match") == 0, 60, "the match queue to drain")
    assert count(home, "documents") == 2 and count(home, "claims") == claims
    version = matching_version(store)
    assert len(rows(home, f"SELECT key FROM work_done WHERE key LIKE 'match:%:{version}'")) == claims
    assert rows(home, "SELECT count(*) FROM (SELECT claim_id, factcheck_id FROM claim_matches "
                      "GROUP BY 1, 2 HAVING count(*) > 1) AS twice") == [(0,)]
    assert count(home, "narrative_claims") == claims


def test_tasks_queued_before_a_broker_restart_are_all_done_after_it(
        home: Path, site: Any, redis_server: RedisServer, workers: Workers) -> None:  # noqa: F811
    serve_feed(site, "mot", TEXTS[:2])
    serve_feed(site, "hai", TEXTS[2:])
    store = Store()
    sources.add(store, f"{site.base}/mot.rss", kind="rss")
    sources.add(store, f"{site.base}/hai.rss", kind="rss")
    assert tasks.schedule(store).polls == 2
    redis_server.restart()
    workers.start()
    wait_for(lambda: count(home, "documents") == 4 and count(home, "narrative_claims") >= 4,
             120, "every queued poll done")
    assert rows(home, "SELECT count(DISTINCT url) FROM documents") == [(4,)]


def test_a_worker_goes_on_after_the_broker_restarts_under_it(
        home: Path, site: Any, redis_server: RedisServer, workers: Workers) -> None:  # noqa: F811
    serve_feed(site, "mot", TEXTS[:2])
    store = Store()
    sources.add(store, f"{site.base}/mot.rss", kind="rss")
    workers.start()
    redis_server.restart()
    tasks.schedule(store)
    wait_for(lambda: count(home, "documents") == 2 and count(home, "narrative_claims") >= 2,
             120, "the poll queued after the restart done")


def _alert(store: Store) -> int:
    with store.db.transaction() as connection:
        narrative = connection.execute(narratives.insert().values(
            label="Uống nước chanh chữa ung thư", form="uong nuoc chanh chua ung thu",
            centroid=b"\0" * 16, size=0, created_at=iso(now()))).inserted_primary_key[0]
        return int(connection.execute(alerts.insert().values(
            rule="spreading_again", narrative_id=narrative, created_at=iso(now()),
            window_start=iso(now()), documents=3, message="Một nhận định sai đang lan lại",
            data="{}", attempts=0)).inserted_primary_key[0])


def test_a_task_that_always_fails_is_dead_lettered_with_its_reason_after_its_tries(
        home: Path, site: Any, work_env: dict[str, str], workers: Workers,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    site.route("/hook", "gone", status=410)
    workers.env["KIEMCHUNG_ALERT_WEBHOOK"] = f"{site.base}/hook"
    monkeypatch.setenv("KIEMCHUNG_ALERT_WEBHOOK", f"{site.base}/hook")
    store = Store()
    alert_id = _alert(store)
    tasks.deliver_alert.send(alert_id)
    workers.start("--queues", "alerts")
    wait_for(lambda: count(home, "work_failures") == 1, 60, "the dead letter")
    [(task, arguments, tries, reason)] = rows(
        home, "SELECT task, arguments, tries, reason FROM work_failures")
    assert (task, json.loads(arguments), tries) == ("deliver_alert", [alert_id], 3)
    assert "HTTP 410" in reason
    assert len(site.requests("/hook")) == 3
    assert rows(home, f"SELECT attempts, delivered_at FROM alerts WHERE id = {alert_id}") == [
        (3, None)]

    import subprocess
    shown = subprocess.run([*KIEMCHUNG, "worker", "failed"], env=workers.env, capture_output=True,
                           text=True, timeout=60)
    assert shown.returncode == 0 and "deliver_alert" in shown.stdout and "HTTP 410" in shown.stdout


def test_a_publication_queues_the_rematch_once_when_a_broker_is_set(
        home: Path, work_env: dict[str, str]) -> None:  # noqa: F811
    store = Store()
    client = Redis.from_url(work_env["KIEMCHUNG_BROKER_URL"])
    assert library_changed(store) is True
    assert library_changed(store) is True  # a second publication before the workers ran
    assert client.llen("dramatiq:match") == 1


def test_without_a_broker_a_publication_queues_nothing(home: Path) -> None:
    assert library_changed(Store()) is False


def test_a_near_copy_written_by_another_worker_is_found_at_write_time(
        home: Path, site: Any, work_env: dict[str, str]) -> None:  # noqa: F811
    store = broker.current_store()
    source = sources.add(store, f"{site.base}/tin.rss", kind="rss")
    first = TEXTS[0] + " Các chuyên gia khuyến cáo người dân đi khám sức khỏe định kỳ."
    tasks.ingest_items.fn(source.id, "a", [dataclasses.asdict(Item(
        text=TEXTS[1], kind="page", ref="x", url=f"{site.base}/0.html"))], None, None, True)
    # Another worker (its own planner, its own memory) writes an article ...
    Intake(Store()).write([Item(text=first, kind="page", ref="y", url=f"{site.base}/1.html")])
    # ... and this worker, whose planner was built before, gets a near copy of it.
    copy = first.replace("180.480", "180.481")
    tasks.ingest_items.fn(source.id, "b", [dataclasses.asdict(Item(
        text=copy, kind="page", ref="z", url=f"{site.base}/2.html"))], None, None, True)
    assert rows(home, "SELECT url, duplicate_kind FROM documents ORDER BY id")[-1] == (
        f"{site.base}/2.html", "near")


def test_narrative_vectors_embedded_ahead_are_the_ones_placed_and_then_let_go(
        home: Path, site: Any, work_env: dict[str, str]) -> None:  # noqa: F811
    store = broker.current_store()
    Intake(store).write([Item(text=text, kind="page", ref=str(n), url=f"{site.base}/{n}.html")
                         for n, text in enumerate(TEXTS[:3])])
    ids = [claim_id for claim_id, in rows(home, "SELECT id FROM claims ORDER BY id")]
    tasks.embed_claims.fn(ids)
    tasks.embed_claims.fn(ids)  # again: nothing embedded twice
    ahead = dict(rows(home, "SELECT claim_id, vector FROM work_claim_vectors"))
    assert sorted(ahead) == ids
    tasks.assign_narratives.fn()
    placed = dict(rows(home, "SELECT claim_id, embedding FROM narrative_claims"))
    assert {k: bytes(v) for k, v in placed.items()} == {k: bytes(v) for k, v in ahead.items()}
    assert count(home, "work_claim_vectors") == 0


def test_a_webhook_the_fetch_guard_refuses_is_dead_lettered_at_once(
        home: Path, work_env: dict[str, str], workers: Workers,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    workers.env["KIEMCHUNG_ALERT_WEBHOOK"] = "ftp://127.0.0.1/hook"
    store = Store()
    alert_id = _alert(store)
    tasks.deliver_alert.send(alert_id)
    workers.start("--queues", "alerts")
    wait_for(lambda: count(home, "work_failures") == 1, 60, "the dead letter")
    [(tries, reason)] = rows(home, "SELECT tries, reason FROM work_failures")
    assert tries == 1 and reason.startswith("FetchRefused")


def test_a_poll_that_finds_nothing_new_records_the_source_and_queues_no_ingest(
        home: Path, site: Any, work_env: dict[str, str]) -> None:  # noqa: F811
    from kiemchung.monitor.poller import Poller
    from kiemchung.monitor.tables import sources as source_rows

    serve_feed(site, "tin", TEXTS[:2], etag=None)
    store = broker.current_store()
    source = sources.add(store, f"{site.base}/tin.rss", kind="rss")
    Poller(store).round()  # stored in-process before; now due again with nothing new
    due = iso(now())
    with store.db.transaction() as connection:
        connection.execute(source_rows.update().values(next_poll_at=due))
    tasks.poll_source.fn(source.id, due)
    [polled] = sources.all_sources(store)
    assert polled.next_poll_at > due and polled.items_seen == 2 and polled.failures == 0
    assert Redis.from_url(work_env["KIEMCHUNG_BROKER_URL"]).llen("dramatiq:ingest") == 0
    assert count(home, "documents") == 2


def test_approving_a_verdict_queues_the_rematch_for_the_workers(
        desk_store: Store, people: Any, redis_server: RedisServer,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kiemchung.desk import review
    from kiemchung.settings import Settings
    from test_desk_workflow import researched

    monkeypatch.setenv("KIEMCHUNG_BROKER_URL", redis_server.url)
    broker.install(Settings.from_env())
    desk_store.settings = desk_store.settings.replace(KIEMCHUNG_BROKER_URL=redis_server.url)
    try:
        item = researched(desk_store, people)
        verdict = review.draft(desk_store, item.id, people["factchecker"],
                               "Uống nước chanh nóng chữa khỏi ung thư", "false", "Không đúng.")
        review.approve(desk_store, verdict.id, people["editor"], "https://kc.example")
    finally:
        broker.install(Settings())
    assert Redis.from_url(redis_server.url).llen("dramatiq:match") == 1


def test_a_readers_text_that_fails_is_not_dead_lettered_but_a_task_is(home: Path) -> None:
    from dramatiq import Message
    from dramatiq.broker import MessageProxy

    from kiemchung.settings import Settings

    installed = broker.install(Settings.from_env())
    try:
        for queue, actor, args in (("tipline", "answer_text", ("Tin đồn của một bạn đọc", 5, False)),
                                   ("match", "match_claims", ([1, 2],))):
            message = MessageProxy(Message(queue_name=queue, actor_name=actor, args=args,
                                           kwargs={}, options={}))
            message.fail()
            broker.DeadLetters().after_process_message(installed, message,
                                                       exception=ValueError("boom"))
        assert rows(home, "SELECT task, arguments FROM work_failures") == [
            ("match_claims", "[[1, 2]]")]
    finally:
        broker.install(Settings())
