"""Sending an alert to a chat webhook (Slack, Discord, Mattermost) through the fetch guard.

The POST goes through the guard's checked connection (``kiemchung.fetch``): a webhook on a
private, loopback or link-local address is refused unless KIEMCHUNG_ALLOW_PRIVATE_HOSTS=1, the
same as any fetch, and redirects are not followed. Network errors and 5xx/429 answers are retried
a few times with exponential backoff (tenacity).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher

ATTEMPTS = 3
DISCORD_LIMIT = 2000  # Discord refuses longer "content"


def body(message: str) -> dict[str, Any]:
    """The JSON every common chat accepts: Slack and Mattermost read ``text``, Discord
    ``content``."""
    return {"text": message, "content": message[:DISCORD_LIMIT]}


class _Retryable(FetchFailed):
    """A failure worth another try (network error, 5xx, 429)."""


@retry(
    retry=retry_if_exception_type(_Retryable),
    stop=stop_after_attempt(ATTEMPTS),
    wait=wait_exponential(multiplier=0.5, max=4),
    reraise=True,
)
def _post(url: str, payload: dict[str, Any], fetcher: Fetcher) -> int:
    import httpx

    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise FetchRefused(f"refused webhook {url}: only http and https URLs are sent to")
    try:
        response = fetcher.post_json(url, payload)
    except httpx.HTTPError as error:
        raise _Retryable(f"webhook {url} failed: {error or type(error).__name__}") from None
    if response.status_code >= 500 or response.status_code == 429:
        raise _Retryable(f"webhook {url} answered HTTP {response.status_code}")
    if response.status_code >= 300:
        raise FetchFailed(f"webhook {url} answered HTTP {response.status_code}")
    return response.status_code


def send(url: str, message: str, fetcher: Fetcher) -> None:
    """POST ``message`` to the webhook at ``url`` with ``fetcher``; raises ``FetchRefused`` or
    ``FetchFailed``."""
    _post(url, body(message), fetcher)
