"""Texts embedded from several threads at once share one pass through the encoder."""

from __future__ import annotations

import threading
import time

import numpy as np

from kiemchung.matching.dense import Together, engine

TEXTS = ["Bộ Y tế cấm bán thuốc lá điện tử", "xang tang gia 2000 dong", "Vietnam bans e-cigarettes",
         "Học phí đại học tăng 15%", "WHO says monkeypox spreads through mosquitoes"]


class Held:
    """The real encoder, holding its first call until told to go on; it records each batch."""

    def __init__(self) -> None:
        self.real = engine().engine
        self.batches: list[tuple[list[str], bool]] = []
        self.inside = threading.Event()
        self.go_on = threading.Event()
        self.fail_with: Exception | None = None

    def embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        self.batches.append((list(texts), query))
        if len(self.batches) == 1:
            self.inside.set()
            self.go_on.wait(10)
        if self.fail_with is not None:
            raise self.fail_with
        return self.real.embed(texts, query=query)


def _callers_waiting(together: Together, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(together._waiting) < count:
        assert time.monotonic() < deadline, "the callers never queued"
        time.sleep(0.01)


def _in_threads(together: Together, calls: list[tuple[list[str], bool]]
                ) -> tuple[list[object], list[threading.Thread]]:
    """The calls' threads, the first one started; what each caller got lands in the list."""
    results: list[object] = [None] * len(calls)

    def call(i: int, texts: list[str], query: bool) -> None:
        try:
            results[i] = together.embed(texts, query=query)
        except Exception as error:  # noqa: BLE001 - the test reads what each caller got
            results[i] = error

    threads = [threading.Thread(target=call, args=(i, *c)) for i, c in enumerate(calls)]
    threads[0].start()
    return results, threads


def test_callers_who_arrive_while_the_encoder_is_busy_go_through_it_together() -> None:
    held = Held()
    together = Together(held)
    calls = [([TEXTS[0]], True), ([TEXTS[1]], True), ([TEXTS[2], TEXTS[3]], True), ([TEXTS[4]], False)]
    results, threads = _in_threads(together, calls)
    assert held.inside.wait(10)
    for thread in threads[1:]:
        thread.start()
    _callers_waiting(together, len(calls) - 1)
    held.go_on.set()
    for thread in threads:
        thread.join(10)
    assert held.batches[0] == ([TEXTS[0]], True)
    assert sorted(map(sorted, (texts for texts, _ in held.batches[1:]))) == sorted(
        [sorted([TEXTS[1], TEXTS[2], TEXTS[3]]), [TEXTS[4]]])
    for (texts, query), result in zip(calls, results):
        assert isinstance(result, np.ndarray) and result.shape == (len(texts), 384)
        assert np.allclose(result, held.real.embed(texts, query=query), atol=1e-5)


def test_an_encoder_error_reaches_every_caller_of_that_pass_and_the_next_call_works() -> None:
    held = Held()
    together = Together(held)
    calls = [([TEXTS[0]], True), ([TEXTS[1]], True), ([TEXTS[2]], True)]
    results, threads = _in_threads(together, calls)
    assert held.inside.wait(10)
    for thread in threads[1:]:
        thread.start()
    _callers_waiting(together, 2)
    held.fail_with = RuntimeError("encoder broke")
    held.go_on.set()
    for thread in threads:
        thread.join(10)
    assert all(isinstance(result, RuntimeError) for result in results)
    held.fail_with = None
    assert together.embed([TEXTS[3]], query=True).shape == (1, 384)


def test_one_caller_alone_is_embedded_at_once() -> None:
    together = Together(engine().engine)
    vectors = together.embed(TEXTS, query=True)
    assert vectors.shape == (len(TEXTS), 384)
    assert not together._busy and not together._waiting
