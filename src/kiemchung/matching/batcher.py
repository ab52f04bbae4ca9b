"""Texts from many callers matched together: the encoder embeds a batch of 32 texts several
times faster than 32 texts one at a time, and a tipline under load has many readers waiting.

``Batcher(matcher).submit(text)`` returns a ``Future`` at once. A thread runs the matcher on
everything waiting: while a batch is being matched new texts queue, and the next batch takes
all of them (up to ``most``), so batches grow with the load and a lone text waits for nothing.
With ``threads=2`` a second batch is matched while the first is in the encoder, whose numpy
calls let go of the GIL: the Python half of one batch overlaps the encoder half of the other.
Each caller gets its own text's ``MatchResult``, the same as ``matcher.match([text])`` gives.
A batch that raises is matched again one text at a time, so an error fails only the caller
whose text caused it.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

MOST = 32  # texts in one batch: the encoder's rate grows little beyond it
THREADS = 2  # batches matched at once by the web app and the workers


class Matches(Protocol):
    def match(self, texts: list[str], *, top: int = ..., explain: bool = ...) -> list[Any]: ...


@dataclass
class _Waiting:
    text: str
    top: int
    explain: bool
    future: "Future[Any]" = field(default_factory=Future)


class Batcher:
    """Matches submitted texts in batches on ``threads`` threads of its own (started at the
    first submission; daemons, so they never keep a process alive)."""

    def __init__(
        self, matcher: Matches, most: int = MOST, linger: float = 0.0, threads: int = 1
    ) -> None:
        self.matcher = matcher
        self.most = max(1, most)
        self.threads = max(1, threads)
        self.linger = max(0.0, linger)  # seconds a batch waits for more texts after the first
        self.batches = 0  # how many matcher calls were made (for tests and benchmarks)
        self._waiting: list[_Waiting] = []
        self._ready = threading.Condition()
        self._started = False

    def submit(self, text: str, top: int = 5, explain: bool = False) -> "Future[Any]":
        """The future ``MatchResult`` of ``text``."""
        waiting = _Waiting(text, top, explain)
        with self._ready:
            self._waiting.append(waiting)
            if not self._started:
                self._started = True
                for number in range(self.threads):
                    name = f"kiemchung-match-batcher-{number}"
                    threading.Thread(target=self._run, name=name, daemon=True).start()
            self._ready.notify()
        return waiting.future

    def match(self, text: str, top: int = 5, explain: bool = False) -> Any:
        """``submit`` and wait for the result (an error of this text is raised here)."""
        return self.submit(text, top, explain).result()

    def _run(self) -> None:
        while True:
            batch = self._next()
            try:
                self._match(batch)
            except BaseException as error:  # nobody is left waiting for ever
                for waiting in batch:
                    if not waiting.future.done():
                        waiting.future.set_exception(error)
                raise

    def _next(self) -> list[_Waiting]:
        with self._ready:
            while not self._waiting:
                self._ready.wait()
        if self.linger:
            time.sleep(self.linger)
        with self._ready:
            batch, self._waiting = self._waiting[: self.most], self._waiting[self.most :]
            if self._waiting:  # more than one batch waits: another thread may take the rest
                self._ready.notify()
        return batch

    def _match(self, batch: list[_Waiting]) -> None:
        groups: dict[tuple[int, bool], dict[str, list[_Waiting]]] = {}
        for waiting in batch:  # one matcher call per kind of request; a text sent twice, once
            kind = groups.setdefault((waiting.top, waiting.explain), {})
            kind.setdefault(waiting.text, []).append(waiting)
        for (top, explain), by_text in groups.items():
            self.batches += 1
            texts = list(by_text)
            try:
                results = self.matcher.match(texts, top=top, explain=explain)
            except Exception:
                results = None
            if results is not None and len(results) == len(texts):
                for text, result in zip(texts, results):
                    _answer(by_text[text], result)
            else:  # one text's trouble stays that text's: the rest are matched alone
                for text, callers in by_text.items():
                    self._alone(text, top, explain, callers)

    def _alone(self, text: str, top: int, explain: bool, callers: list[_Waiting]) -> None:
        self.batches += 1
        try:
            result = self.matcher.match([text], top=top, explain=explain)[0]
        except Exception as error:
            for waiting in callers:
                waiting.future.set_exception(error)
            return
        _answer(callers, result)


def _answer(callers: list[_Waiting], result: Any) -> None:
    for waiting in callers:
        waiting.future.set_result(result)
