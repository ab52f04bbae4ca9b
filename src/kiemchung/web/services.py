"""What the routes share: the store, the matcher (built on first use) and the session signer."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from ..store import Store
from .auth import Sessions


@dataclass
class Services:
    store: Store
    sessions: Sessions
    matcher: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def match(self, text: str, top: int = 5) -> Any:
        """The matcher's result for one text (``MatchResult``)."""
        with self._lock:
            if self.matcher is None:
                from ..matching.matcher import Matcher

                self.matcher = Matcher(self.store)
        return self.matcher.match([text], top=top)[0]


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def match_json(result: Any, id_: object = None) -> dict[str, Any]:
    """The same shape as ``kiemchung match`` prints."""
    return {"id": id_, "matched": result.matched,
            "matches": [{"url": m.url, "claim": m.claim, "rating": m.rating, "score": m.score}
                        for m in result.matches]}


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")
