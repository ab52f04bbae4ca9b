"""The tipline on a messaging channel: a reader's message becomes a tip, exactly as a web tip
does (``desk/tips.py``: answered from the library, or queued for the desk), and the answer is
sent back on the same channel.

A message is read as a photo (its text, through ``kiemchung.images``), a link (the page's main
text, through the one guarded fetch) or text; "HỦY"/"STOP" forgets the reader at once. Each
platform message is answered once, even when the platform sends its webhook again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import Connection

from ..clock import timestamp
from ..desk import publishing, tips
from ..errors import FetchFailed, FetchRefused, InputError, KiemchungError
from ..fetch import Fetcher
from ..images import ImageReading, read_image
from ..store import Store
from ..store.queries import followups as queries
from ..store.queries import images as image_queries
from . import followups
from .base import Platform
from .links import find_link, read_link
from .messages import Incoming, is_start, is_stop, language_of, reply
from .sealing import Sealer

log = logging.getLogger(__name__)

Match = Callable[[str], Any]
"""text → the matcher's ``MatchResult`` (the web app's shared, cached matcher)."""


@dataclass(frozen=True)
class Answer:
    """What was sent back, and what it was (for the caller's logs and the tests)."""

    kind: str  # answered | queued | stopped | welcome | image_text_only | … (messages.py)
    text: str
    code: str | None = None


@dataclass(frozen=True)
class Reading:
    """What a message says: the text stored as the tip, the text matched, and any fact-check an
    attached image is a copy of."""

    tip_text: str
    match_text: str
    known: list[dict[str, Any]]


def _key(message: Incoming) -> str:
    return hashlib.sha256(f"{message.channel}:{message.message_id}".encode()).hexdigest()


def _seen(store: Store, message: Incoming) -> bool:
    if not message.message_id:
        return False  # nothing to know it again by
    with store.reading() as connection:
        return queries.message_seen(connection, _key(message))


def _mark(connection: Connection, message: Incoming) -> None:
    if message.message_id:
        queries.mark_seen(connection, _key(message), timestamp())


class Tipline:
    """Answers the messages of every channel from one store and one matcher."""

    def __init__(self, store: Store, match: Match, fetcher: Fetcher | None = None) -> None:
        self.store = store
        self.match = match
        self.fetcher = fetcher or Fetcher(store.settings)
        self.sealer = Sealer(store.settings)

    def receive(self, message: Incoming, platform: Platform) -> Answer | None:
        """Answer ``message`` and send the answer; None for a message already answered."""
        if _seen(self.store, message):
            return None
        answer = self.answer(message, platform)
        try:
            platform.send(message.address, answer.text)
        except KiemchungError as error:
            log.warning("%s reply not sent: %s", message.channel, error.message)
        return answer

    def answer(self, message: Incoming, platform: Platform) -> Answer:
        """The answer to ``message``, with the tip (and reply address) stored as needed."""
        language = language_of(message)
        if is_stop(message.text) and message.image is None:
            followups.forget(self.store, self.sealer, message.channel, message.address)
            return self._once(message, Answer("stopped", reply("stopped", language)))
        if is_start(message.text) and message.image is None:
            return self._once(message, Answer("welcome", reply("welcome", language)))
        try:
            reading = self._read(message, platform)
        except _Unread as unread:
            return self._once(message, Answer(unread.kind, reply(unread.kind, language)))
        return self._tip(message, reading, language)

    def _once(self, message: Incoming, answer: Answer) -> Answer:
        with self.store.writing() as connection:
            _mark(connection, message)
        return answer

    # -- what the message says ----------------------------------------------------------------

    def _read(self, message: Incoming, platform: Platform) -> Reading:
        if message.image is not None:
            return self._read_image(message, platform)
        link = find_link(message.text)
        if link is not None:
            page = read_link(self.fetcher, link)
            if page is not None and page.claim_text():
                stored = f"{message.text}\n\n{page.claim_text()}"[: tips.MAX_TEXT]
                return Reading(stored, page.claim_text(), [])
            rest = message.text.replace(link, " ").strip()
            if len(rest.split()) < 3:
                raise _Unread("link_unreadable")
        text = message.text.strip()[: tips.MAX_TEXT]
        if not text:
            raise _Unread("unsupported")
        return Reading(text, text, [])

    def _read_image(self, message: Incoming, platform: Platform) -> Reading:
        try:
            data = platform.image(str(message.image))
            found = read_image(self.store, data)
        except (InputError, FetchFailed, FetchRefused) as error:
            log.info("%s photo not read: %s", message.channel, error.message)
            raise _Unread("image_unreadable") from None
        except KiemchungError as error:  # OCR not installed: say what we can do
            log.warning("%s photo not read: %s", message.channel, error.message)
            raise _Unread("image_text_only") from None
        known = self._known(found)
        ocr = " ".join(str(found.text).split())
        caption = message.text.strip()
        said = " ".join(part for part in (caption, ocr) if part)
        if not said and not known:
            raise _Unread("image_unreadable")
        label = f"[ảnh {str(found.sha256)[:12]}]"
        return Reading(f"{label} {said}".strip()[: tips.MAX_TEXT], said, known)

    def _known(self, found: ImageReading) -> list[dict[str, Any]]:
        """The library's fact-checks about copies of the picture, nearest first."""
        urls = list(found.factcheck_urls)
        if not urls:
            return []
        with self.store.reading() as connection:
            rows = image_queries.factcheck_summaries(connection, urls)
        return [
            {
                "url": url,
                "claim": rows[url].claim_reviewed,
                "rating": rows[url].rating_text,
                "score": 1.0,
            }
            for url in urls
            if url in rows
        ]

    # -- the tip and the answer ---------------------------------------------------------------

    def _tip(self, message: Incoming, reading: Reading, language: str) -> Answer:
        if reading.known:
            matched, found = True, reading.known
        else:
            result = self.match(reading.match_text)
            matched, found = bool(result.answers_alone), result.as_json()["matches"]
        ours = publishing.urls(self.store)  # stored url → slug of the desk's own fact-checks
        first = found[0] if matched and found else None
        waiting = "verdict" if first is None else ("correction" if first["url"] in ours else None)

        def keep(connection: Connection, tip_id: int) -> None:
            _mark(connection, message)
            if waiting is not None:
                followups.remember(
                    connection,
                    self.sealer,
                    tip_id,
                    message.channel,
                    message.address,
                    language,
                    waiting,
                    first["url"] if first is not None else None,
                )

        tip = tips.submit(self.store, reading.tip_text, None, matched, found, then=keep)
        if first is None:
            return Answer("queued", reply("queued", language, code=tip.code), tip.code)
        url = first["url"]
        if url in ours:
            url = publishing.by_slug(self.store, ours[url]).url
        rating = str(first.get("rating") or "—")
        text = reply("answered", language, rating=rating, claim=str(first["claim"]), url=url)
        return Answer("answered", text, tip.code)


class _Unread(Exception):
    """The message could not be read; ``kind`` names the reply that says so."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind
