"""What the routes share: the store, the matcher (built on first use) and the session signer.

Readers' texts are matched in batches: each request submits its text to one ``Batcher`` and
waits for its own answer, so twenty readers at once are one or two encoder calls, not twenty.
With a broker set (``KIEMCHUNG_BROKER_URL``), the web app loads no encoder at all: the texts go
to the workers' batcher (``work.answers``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from ..matching.batcher import MOST, THREADS, Batcher
from ..store import Store
from ..text.normalize import normalize
from .auth import Sessions

# Answers kept in memory for texts sent again: a viral message reaches the tipline from many
# readers, and the second one should not wait for the encoder. Emptied whenever the library
# changes, so a fact-check published a moment ago answers at once.
ANSWERS_KEPT = 1024
# Texts matched together at most, and batches matched at once (see ``matching.batcher``).
MATCH_MOST = MOST
MATCH_THREADS = THREADS


@dataclass
class Services:
    store: Store
    sessions: Sessions
    matcher: Any = None
    batcher: Batcher | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _answers: "OrderedDict[tuple[str, int, bool], Any]" = field(default_factory=OrderedDict)
    _answers_version: str = ""

    def warm(self) -> None:
        """Load what the first match would otherwise load while a reader waits: the embedding
        model, the vector index, the library's statistics and the tone-mark restorer's lists.
        ``kiemchung serve`` runs it in the background as the server starts. With a broker the
        workers hold the encoder, and there is nothing to load here."""
        if self._brokered():
            return
        with self._lock:
            matcher = self._matcher()
        matcher.match(["Khởi động.", "khoi dong"])

    def _matcher(self) -> Any:
        """The one matcher, made on first use (call with the lock held)."""
        if self.matcher is None:
            from ..matching.matcher import shared_matcher

            self.matcher = shared_matcher(self.store)
        if self.batcher is None:
            self.batcher = Batcher(self.matcher, most=MATCH_MOST, threads=MATCH_THREADS)
        return self.matcher

    def _brokered(self) -> bool:
        from ..work import enabled

        return enabled(self.store.settings)

    def _answer(self, text: str, top: int, explain: bool) -> Any:
        if self._brokered():
            from ..work import answers

            return answers.ask(self.store.settings, text, top, explain)
        with self._lock:
            self._matcher()
            assert self.batcher is not None
            batcher = self.batcher
        return batcher.match(text, top, explain)

    def match(self, text: str, top: int = 5, explain: bool = False) -> Any:
        """The matcher's result for one text (``MatchResult``; ``explain``: with what the
        decision read)."""
        key = (normalize(text), top, explain)
        version = self.store.library_version()
        with self._lock:
            if version != self._answers_version:
                self._answers.clear()
                self._answers_version = version
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        result = self._answer(text, top, explain)
        with self._lock:
            if version == self._answers_version:
                self._answers[key] = result
                if len(self._answers) > ANSWERS_KEPT:
                    self._answers.popitem(last=False)
        return result


def services(request: Request) -> Services:
    return request.app.state.services


def base_url(request: Request) -> str:
    """The base of every public link: KIEMCHUNG_PUBLIC_URL, else the address this request came
    to (its host already checked against the allowed hosts by ``proxy.Forwarded``)."""
    public = str(services(request).store.settings.get("KIEMCHUNG_PUBLIC_URL"))
    return public or str(request.base_url).rstrip("/")
