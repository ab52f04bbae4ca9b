"""Crash safety: a monitor killed at any moment loses no item and duplicates none on restart."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from fixtures_store import rows
from kiemchung.monitor import schedule, sources
from kiemchung.monitor.poller import Poller
from kiemchung.store import Store
from test_monitor_poller import TEXTS, serve_feed

MORE = TEXTS + [
    "Ngân hàng Nhà nước giảm lãi suất điều hành 0,5 điểm phần trăm từ ngày 1 tháng 7.",
    "Thành phố Hồ Chí Minh ghi nhận 12.000 ca sốt xuất huyết trong 6 tháng đầu năm.",
]
CLI = [sys.executable, "-c", "import sys; from kiemchung.cli import main; sys.exit(main())"]


def counts(home: Path) -> dict[str, int]:
    return {table: rows(home, f"SELECT count(*) FROM {table}")[0][0]
            for table in ("documents", "claims", "source_items", "narrative_claims")}


def wait_for(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return {**os.environ, "KIEMCHUNG_HOME": str(home), "KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1",
            "KIEMCHUNG_MONITOR_HOST_GAP": "0"}


def documents_of(home: Path) -> int:
    try:
        return counts(home)["documents"]
    except sqlalchemy.exc.DBAPIError:  # the database is not made yet, or busy a moment
        return 0


@pytest.mark.slow
def test_kill_mid_poll_and_restart_loses_and_duplicates_nothing(home: Path, site: Any,
                                                                env: dict[str, str],
                                                                loopback: None) -> None:
    serve_feed(site, "nhanh", MORE[:3])  # stored in the first poll
    slow = serve_feed(site, "cham", MORE[3:], delay=0.5)  # killed while these are fetched
    store = Store()
    sources.add(store, f"{site.base}/nhanh.rss", kind="rss")
    sources.add(store, f"{site.base}/cham.rss", kind="rss")
    store.close()

    monitor = subprocess.Popen([*CLI, "monitor", "--workers", "1"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: documents_of(home) >= 3 and site.requests(slow[1]))
    finally:
        monitor.send_signal(signal.SIGKILL)
        monitor.wait()
    assert documents_of(home) == 3  # the slow feed's items were being fetched: none stored

    subprocess.run([*CLI, "monitor", "--once"], env=env, check=True, capture_output=True,
                   timeout=120)
    found = counts(home)
    assert found["documents"] == 6 and found["source_items"] == 6
    assert found["narrative_claims"] == found["claims"]  # every claim in one narrative, once
    assert rows(home, "SELECT count(DISTINCT url) FROM documents") == [(6,)]
    assert rows(home, "SELECT items_seen FROM sources ORDER BY id") == [(3,), (3,)]


@pytest.mark.slow
def test_kill_before_anything_is_stored_then_restart(home: Path, site: Any,
                                                     env: dict[str, str], loopback: None) -> None:
    paths = serve_feed(site, "cham", MORE[:3], delay=0.5)
    store = Store()
    sources.add(store, f"{site.base}/cham.rss", kind="rss")
    store.close()
    monitor = subprocess.Popen([*CLI, "monitor"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: site.requests(paths[0]))
    finally:
        monitor.send_signal(signal.SIGKILL)
        monitor.wait()
    subprocess.run([*CLI, "monitor", "--once"], env=env, check=True, capture_output=True,
                   timeout=120)
    assert counts(home)["documents"] == 3 and counts(home)["source_items"] == 3


def test_crash_between_storing_items_and_recording_the_poll(home: Path, site: Any,
                                                             loopback: None,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Documents committed, then death before the source's state was saved: the rerun fetches
    the feed again in full (no 304: validators were not saved) and stores nothing twice."""
    monkeypatch.setenv("KIEMCHUNG_MONITOR_HOST_GAP", "0")
    serve_feed(site, "tin", MORE[:2])
    store = Store()
    sources.add(store, f"{site.base}/tin.rss")

    def die(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(schedule, "succeeded", die)
        with pytest.raises(KeyboardInterrupt):
            Poller(store).round()
    assert counts(home)["documents"] == 2 and counts(home)["source_items"] == 0
    [source] = sources.all_sources(store)
    assert source.etag is None and source.last_success_at is None
    pages_before = len([s for s in site.seen if s.path.endswith(".html")])
    report = Poller(store).round()
    assert report.new_items == 2 and report.documents == 0  # recorded, not stored again
    assert len([s for s in site.seen if s.path.endswith(".html")]) == pages_before  # no refetch
    assert counts(home)["documents"] == 2 and sources.all_sources(store)[0].items_seen == 2
