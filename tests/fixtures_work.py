"""A real Redis on a free loopback port and real ``kiemchung worker`` processes, for the work
queue tests. Without redis-server the tests are skipped, except in CI (``CI=true``), where
they fail: .ci/run installs it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from redis import Redis

from kiemchung.settings import Settings
from kiemchung.work import broker

KIEMCHUNG = [sys.executable, "-c", "import sys; from kiemchung.cli import main; sys.exit(main())"]


def wait_for(condition: Callable[[], Any], timeout: float = 60.0, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RedisServer:
    """redis-server with its data in ``directory``, written to disk on every command (so a
    restart keeps every queued message)."""

    directory: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir",
             str(self.directory), "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = Redis(port=self.port)
        def up() -> bool:
            try:
                return bool(client.ping())
            except Exception:
                return False
        wait_for(up, 10, "redis-server to start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)  # redis-server finishes its writes first
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    server.start()
    yield server
    server.stop()


@dataclass
class Workers:
    """``kiemchung worker`` processes of one test, each in its own process group."""

    env: dict[str, str]
    running: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *options: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen([*KIEMCHUNG, "worker", *options], env=self.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to the worker and the processes it forked (its own group)."""
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)
        self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(self.running):
            self.kill(process, signal.SIGTERM if process.poll() is None else signal.SIGKILL)


@pytest.fixture
def work_env(home: Path, redis_server: RedisServer,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The environment of a test with a broker: quick retries and heartbeats, loopback allowed;
    the test process sends through the same broker as its workers."""
    values = {
        "KIEMCHUNG_HOME": str(home),
        "KIEMCHUNG_BROKER_URL": redis_server.url,
        "KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1",
        "KIEMCHUNG_MONITOR_HOST_GAP": "0",
        "KIEMCHUNG_WORKER_TRIES": "3",
        "KIEMCHUNG_WORKER_BACKOFF": "0.1",
        "KIEMCHUNG_WORKER_HEARTBEAT": "2",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    broker.install(Settings.from_env())
    yield {**os.environ, **values}
    broker.install(Settings())  # back to no broker for the tests after this one


@pytest.fixture
def workers(work_env: dict[str, str]) -> Iterator[Workers]:
    running = Workers(work_env)
    yield running
    running.stop_all()
