"""What workers share through Redis: host slots with a gap, exclusive sections, send-once marks.
Each worker has its own Redis connection, as on separate machines."""

import threading
import time

from redis import Redis

from fixtures_work import RedisServer, redis_server  # noqa: F401  (fixture)
from kiemchung.work import shared


def test_two_workers_take_turns_on_one_host_with_the_gap_between(redis_server: RedisServer) -> None:  # noqa: F811
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()

    def worker() -> None:
        slots = shared.HostSlots(Redis(port=redis_server.port), gap=0.3)
        for _ in range(2):
            with slots.slot("https://vnexpress.net/tin-1.html"):
                start = time.monotonic()
                time.sleep(0.05)
                with lock:
                    spans.append((start, time.monotonic()))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spans.sort()
    assert len(spans) == 4
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start >= end + 0.25  # never overlapping, and the gap kept (Redis time, ms)


def test_different_hosts_do_not_wait_for_each_other(redis_server: RedisServer) -> None:  # noqa: F811
    slots = shared.HostSlots(Redis(port=redis_server.port), gap=5)
    began = time.monotonic()
    with slots.slot("https://a.example.vn/1"):
        pass
    with slots.slot("https://b.example.vn/1"):
        pass
    assert time.monotonic() - began < 2


def test_an_exclusive_section_admits_one_worker_at_a_time(redis_server: RedisServer) -> None:  # noqa: F811
    inside: list[int] = []
    most = [0]

    def worker() -> None:
        client = Redis(port=redis_server.port)
        for _ in range(3):
            with shared.exclusive(client, "narratives"):
                inside.append(1)
                most[0] = max(most[0], len(inside))
                time.sleep(0.02)
                inside.pop()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1


def test_work_is_sent_once_until_its_mark_is_forgotten(redis_server: RedisServer) -> None:  # noqa: F811
    one, other = Redis(port=redis_server.port), Redis(port=redis_server.port)
    assert shared.first_time(one, "match_stale", 60) is True
    assert shared.first_time(other, "match_stale", 60) is False
    shared.forget(other, "match_stale")
    assert shared.first_time(one, "match_stale", 60) is True




def test_many_marks_are_set_in_one_round_trip_each_once(redis_server: RedisServer) -> None:  # noqa: F811
    client = Redis(port=redis_server.port)
    assert shared.first_times(client, ["match:1:v", "match:2:v"], 60) == [True, True]
    assert shared.first_times(client, ["match:2:v", "match:3:v"], 60) == [False, True]
