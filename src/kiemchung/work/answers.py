"""Readers' texts matched by the workers, when a broker is set.

The web app then loads no encoder: ``ask`` sends the text to ``answer_text`` on the ``tipline``
queue and waits for its result (Dramatiq's Results, kept in the same Redis). In the worker the
texts of every worker thread go through one ``Batcher``, so the texts of readers waiting at the
same moment are embedded together. A text is tried once (a reader is waiting), a message older
than ``KIEMCHUNG_MATCH_TIMEOUT`` is dropped unread (its reader has had a 503), and a failure is
not dead-lettered: nothing a reader sent is written down here (docs/principles.md, 1).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

import dramatiq
from dramatiq.results import ResultError
from dramatiq.results.backends import RedisBackend
from redis import Redis
from redis.exceptions import RedisError

from ..document import Match
from ..errors import MatchingUnavailable
from ..settings import Settings
from .broker import current_store, ensure, installed

QUEUE = "tipline"
RESULT_TTL = 60  # seconds an answer waits in Redis for the web app that asked

installed()  # the actor is declared on the broker of the environment (or one installed before)

_made = threading.Lock()
_batcher: Any = None


def _process_batcher() -> Any:
    """This worker process's batcher around its matcher (made at the first text)."""
    global _batcher
    with _made:
        if _batcher is None:
            from ..matching.batcher import THREADS, Batcher
            from ..matching.matcher import shared_matcher

            _batcher = Batcher(shared_matcher(current_store()), threads=THREADS)
        return _batcher


# A reader is waiting: in a worker that also takes other queues, a free thread takes a text
# before any other task it holds (lower numbers first; the other tasks have 0).
@dramatiq.actor(
    queue_name=QUEUE,
    store_results=True,
    max_retries=0,
    result_ttl=RESULT_TTL * 1000,
    priority=-10,
)
def answer_text(text: str, top: int, explain: bool) -> dict[str, Any]:
    """The matcher's answer to one reader's text, as ``MatchResult.as_json`` with its
    confidence and clashes."""
    result = _process_batcher().match(text, top, explain)
    return {**result.as_json(), "confidence": result.confidence, "clashes": result.clashes}


ACTORS = (answer_text,)


def ask(settings: Settings, text: str, top: int = 5, explain: bool = False) -> Any:
    """A worker's ``MatchResult`` for ``text``; ``MatchingUnavailable`` when none answers
    within ``KIEMCHUNG_MATCH_TIMEOUT`` seconds or the broker cannot be reached."""
    ensure(settings)
    wait = float(str(settings.get("KIEMCHUNG_MATCH_TIMEOUT")))
    unavailable = MatchingUnavailable(
        f"No matching worker answered within {wait:g} s; try again in a moment.",
        code="matching_unavailable",
    )
    try:
        message = answer_text.send_with_options(args=(text, top, explain), max_age=int(wait * 1000))
        line = message.get_result(
            backend=_results(str(settings.get("KIEMCHUNG_BROKER_URL")), wait),
            block=True,
            timeout=int(wait * 1000),
        )
    except (ResultError, RedisError) as error:
        raise unavailable from error
    if not isinstance(line, dict):  # dropped unread: it waited longer than its reader
        raise unavailable
    return result_of(text, line)


@lru_cache(maxsize=4)
def _results(url: str, wait: float) -> RedisBackend:
    """Where the web app waits for answers: one blocking Redis call, on a connection whose
    socket outwaits it (redis-py gives up reading after 5 s otherwise)."""
    return RedisBackend(client=Redis.from_url(url, socket_timeout=wait + 10))


def result_of(text: str, line: dict[str, Any]) -> Any:
    """The ``MatchResult`` a worker's answer stands for (its ``as_json`` is the line again)."""
    from ..matching.matcher import MatchResult

    why = line.get("why") or {}
    return MatchResult(
        text=text,
        matched=bool(line["matched"]),
        matches=[
            Match(m["url"], m["claim"], m["rating"], float(m["score"])) for m in line["matches"]
        ],
        confidence=float(line.get("confidence", 0.0)),
        clashes=[str(name) for name in line.get("clashes", [])],
        reasons=list(why.get("read", [])),
        threshold=why.get("threshold"),
    )
