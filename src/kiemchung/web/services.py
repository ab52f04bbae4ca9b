"""What the routes share: the store, the matcher (built on first use) and the session signer."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from ..store import Store
from ..text.normalize import normalize
from .auth import Sessions

# Answers kept in memory for texts sent again: a viral message reaches the tipline from many
# readers, and the second one should not wait for the encoder. Emptied whenever the library
# changes, so a fact-check published a moment ago answers at once.
ANSWERS_KEPT = 1024


@dataclass
class Services:
    store: Store
    sessions: Sessions
    matcher: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _answers: "OrderedDict[tuple[str, int, bool], Any]" = field(default_factory=OrderedDict)
    _answers_version: str = ""

    def warm(self) -> None:
        """Load what the first match would otherwise load while a reader waits: the embedding
        model, the vector index, the library's statistics and the tone-mark restorer's lists.
        ``kiemchung serve`` runs it in the background as the server starts."""
        with self._lock:
            matcher = self._matcher()
        matcher.match(["Khởi động.", "khoi dong"])

    def _matcher(self) -> Any:
        """The one matcher, made on first use (call with the lock held)."""
        if self.matcher is None:
            from ..matching.matcher import shared_matcher

            self.matcher = shared_matcher(self.store)
        return self.matcher

    def match(self, text: str, top: int = 5, explain: bool = False) -> Any:
        """The matcher's result for one text (``MatchResult``; ``explain``: with what the
        decision read)."""
        key = (normalize(text), top, explain)
        version = self.store.library_version()
        with self._lock:
            matcher = self._matcher()
            if version != self._answers_version:
                self._answers.clear()
                self._answers_version = version
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        result = matcher.match([text], top=top, explain=explain)[0]
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
