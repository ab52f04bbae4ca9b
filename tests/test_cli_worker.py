"""``kiemchung worker`` and ``kiemchung monitor`` with a broker: clear one-line refusals, the
dead letters listed, the monitor scheduling instead of working."""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from redis import Redis

from fixtures_work import KIEMCHUNG, RedisServer, redis_server, work_env  # noqa: F401  (fixtures)
from kiemchung.cli import main
from kiemchung.monitor import sources
from kiemchung.store import Store
from kiemchung.store.queries import work as ledger
from test_monitor_poller import TEXTS, serve_feed


def test_a_worker_without_a_broker_says_why_in_one_line(
        home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIEMCHUNG_BROKER_URL", raising=False)
    assert main(["worker"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "KIEMCHUNG_BROKER_URL is not set" in err


def test_an_unknown_queue_is_refused_before_anything_starts(
        home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMCHUNG_BROKER_URL", "redis://127.0.0.1:1/0")
    assert main(["worker", "--queues", "match", "--queues", "everything"]) == 1
    assert "no queue named 'everything'" in capsys.readouterr().err


def test_a_worker_whose_broker_cannot_be_reached_says_so_in_one_line(
        home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMCHUNG_BROKER_URL", "redis://127.0.0.1:1/0")
    assert main(["worker"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be reached" in err


def test_a_broker_address_that_is_not_redis_is_a_setting_error(
        home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMCHUNG_BROKER_URL", "amqp://127.0.0.1/")
    assert main(["worker"]) == 1
    assert "must be a Redis address" in capsys.readouterr().err


def test_failed_lists_the_dead_letters_with_their_reasons(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "failed"]) == 0
    assert capsys.readouterr().out.strip() == "no failed tasks"
    store = Store()
    with store.db.transaction() as connection:
        ledger.dead_letter(connection, message_id="m-1", task="poll_source", queue="poll",
                           arguments=[4, "2026-12-05T00:00:00+00:00"], tries=5,
                           reason="FetchFailed: timed out")
    store.close()
    assert main(["worker", "failed", "--format", "jsonl"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    found = json.loads(line)
    assert (found["task"], found["tries"], found["reason"]) == (
        "poll_source", 5, "FetchFailed: timed out")


def test_the_monitor_with_a_broker_queues_the_due_polls_and_polls_nothing_itself(
        home: Path, site: Any, work_env: dict[str, str]) -> None:  # noqa: F811
    serve_feed(site, "tin", TEXTS[:2])
    store = Store()
    sources.add(store, f"{site.base}/tin.rss", kind="rss")
    store.close()
    done = subprocess.run([*KIEMCHUNG, "monitor", "--once"], env=work_env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "queued 1 polls" in done.stdout
    assert Redis.from_url(work_env["KIEMCHUNG_BROKER_URL"]).llen("dramatiq:poll") == 1
    assert site.requests("/tin.rss") == []  # the workers fetch it, not the monitor


def test_the_monitor_says_in_one_line_when_the_broker_cannot_be_reached(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIEMCHUNG_BROKER_URL", "redis://127.0.0.1:1/0")
    from kiemchung.settings import Settings
    from kiemchung.work import broker
    broker.install(Settings.from_env())
    try:
        assert main(["monitor", "--once"]) == 1
    finally:
        broker.install(Settings())
    assert "cannot be reached" in capsys.readouterr().err
