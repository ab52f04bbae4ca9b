"""A screenshot of an archived source, taken by a Chromium that never connects anywhere itself.

Chromium (``KIEMCHUNG_CHROMIUM``) is driven by Playwright, headless. Every request the page
(or a popup it opens) makes is caught with Playwright's routing before it leaves the browser
and answered from here:

* the page itself with the bytes already fetched for the WARC (it is not fetched again);
* other GETs (images, styles, scripts, fonts, frames) with what the one guard (``fetch.py``)
  fetched for them: at most ``MAX_REQUESTS`` of them, ``MAX_BYTES`` in all, all within
  ``DEADLINE`` seconds; what the guard refuses or cannot fetch is aborted;
* anything else (other methods, the page navigating away, popups) is aborted.

Websockets are closed, service workers and downloads blocked, and Chromium is started with a
proxy that refuses every connection (a port held but not listening, loopback included), with
WebRTC kept to that proxy, so whatever might escape the routing reaches nobody. JavaScript runs.

``render`` returns the PNG (viewport ``VIEWPORT``, the full page up to ``MAX_HEIGHT`` pixels),
or ``None`` when Chromium or Playwright is missing or anything fails: a screenshot is best
effort, and a failure is one line in the log.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FetchFailed, FetchRefused
from ..fetch import Fetcher, FetchResult
from ..settings import Settings

if TYPE_CHECKING:
    from playwright.async_api import Page, Request, Route, WebSocketRoute

log = logging.getLogger(__name__)

VIEWPORT = {"width": 1280, "height": 800}
MAX_HEIGHT = 8000  # pixels of a long page kept, from the top
DEADLINE = 30.0  # seconds for the whole screenshot, Chromium's start included
SETTLE = 2.0  # seconds at most to wait, after the load event, for the page to fall quiet
MAX_REQUESTS = 150  # sub-resources fetched for one page
MAX_BYTES = 20_000_000  # bytes of sub-resources for one page, in all
PARALLEL = 6  # sub-resources fetched at once, as a browser does per host
RESOURCE_TIMEOUT = 10.0  # seconds at most for one sub-resource
_DROPPED = {"content-encoding", "transfer-encoding", "content-length"}
_AUTO = ("/usr/bin/chromium", "chromium", "chromium-browser")


def chromium(settings: Settings) -> str | None:
    """The Chromium program to run (``KIEMCHUNG_CHROMIUM``), or None for no screenshots."""
    value = str(settings.get("KIEMCHUNG_CHROMIUM")).strip()
    if not value:
        return None
    for candidate in _AUTO if value == "auto" else (value,):
        found = candidate if os.sep in candidate else shutil.which(candidate)
        if found and Path(found).is_file() and os.access(found, os.X_OK):
            return found
    return None


@dataclass
class Tally:
    """What became of the requests one page made (logged, and read by tests)."""

    fetched: int = 0
    refused: list[str] = field(default_factory=list)  # the guard's one-line reasons
    failed: int = 0
    aborted: int = 0  # not GETs, the page navigating away, or over a cap
    bytes: int = 0


def render(settings: Settings, page: FetchResult, tally: Tally | None = None) -> bytes | None:
    """A PNG of ``page`` (already fetched through the guard) as Chromium shows it, or None.

    Never raises: a missing Chromium or Playwright is None, a failure is None and one line in
    the log. Runs in a thread of its own, so it works whether or not the caller's thread has an
    event loop running."""
    program = chromium(settings)
    if program is None:
        return None
    try:
        import playwright.async_api  # noqa: F401 (optional: no Playwright, no screenshot)
    except ImportError:
        log.info("screenshot of %s not taken: Playwright is not installed", page.final_url)
        return None
    tally = tally if tally is not None else Tally()
    try:
        shot = _Shot(settings, page, program, tally)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="screenshot") as pool:
            png = pool.submit(asyncio.run, shot.run()).result()
    except Exception as error:  # noqa: BLE001 (best effort: the WARC is kept whatever happens)
        reason = " ".join(str(error).split())[:300] or type(error).__name__
        log.warning("screenshot of %s not taken: %s", page.final_url, reason)
        return None
    log.info(
        "screenshot of %s: %d resources through the guard (%d bytes), %d refused, %d failed, "
        "%d aborted",
        page.final_url,
        tally.fetched,
        tally.bytes,
        len(tally.refused),
        tally.failed,
        tally.aborted,
    )
    return png


class _Shot:
    """One screenshot: the browser, the routing of its requests and the caps on them."""

    def __init__(self, settings: Settings, page: FetchResult, program: str, tally: Tally) -> None:
        timeout = min(settings.number("KIEMCHUNG_FETCH_TIMEOUT"), RESOURCE_TIMEOUT)
        self.fetcher = Fetcher(settings.replace(KIEMCHUNG_FETCH_TIMEOUT=str(timeout)))
        self.page = page
        self.program = program
        self.tally = tally
        self.deadline = time.monotonic() + DEADLINE
        self.document_served = False
        self.requests = 0

    def left(self) -> float:
        return max(self.deadline - time.monotonic(), 0.0)

    async def run(self) -> bytes:
        from playwright.async_api import async_playwright

        self.parallel = asyncio.Semaphore(PARALLEL)
        with socket.socket() as dead:  # bound, never listening: every connection is refused
            dead.bind(("127.0.0.1", 0))
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    **launch_options(self.program, dead.getsockname()[1]),
                    timeout=self.left() * 1000,
                )
                try:
                    return await asyncio.wait_for(self._shoot(browser), self.left())
                finally:
                    await browser.close()

    async def _shoot(self, browser: object) -> bytes:
        from playwright.async_api import Browser

        assert isinstance(browser, Browser)
        context = await browser.new_context(
            viewport=VIEWPORT,  # type: ignore[arg-type]
            service_workers="block",
            accept_downloads=False,
            java_script_enabled=True,
        )
        # On the context, not the page: a popup the page opens is routed the same way.
        await context.route("**/*", self._route)
        await context.route_web_socket("**/*", self._websocket)
        page = await context.new_page()
        try:
            await page.goto(self.page.final_url, wait_until="load", timeout=self.left() * 1000)
        except Exception as error:  # noqa: BLE001 (a slow resource: photograph what is there)
            if not self.document_served:
                raise
            log.info(
                "screenshot of %s: taken before the page loaded (%s)",
                self.page.final_url,
                str(error).splitlines()[0],
            )
        try:
            await page.wait_for_load_state(
                "networkidle", timeout=min(SETTLE, max(self.left() - 5, 0.1)) * 1000
            )
        except Exception:  # noqa: BLE001,S110 (a page that never falls quiet is photographed too)
            pass
        return await _screenshot(page)

    async def _route(self, route: Route, request: Request) -> None:
        if request.is_navigation_request() and _top_level(request):
            if self.document_served:  # navigating away, or a popup: keep the one archived
                return await self._abort(route)
            self.document_served = True  # the first is our own page.goto
            return await route.fulfill(
                status=self.page.status, headers=_headers(self.page), body=self.page.content
            )
        self.requests += 1
        if (
            request.method != "GET"
            or self.requests > MAX_REQUESTS
            or self.tally.bytes >= MAX_BYTES
            or self.left() < 1
        ):
            return await self._abort(route)
        async with self.parallel:
            try:
                fetched = await asyncio.to_thread(self.fetcher.fetch, request.url)
            except FetchRefused as error:
                self.tally.refused.append(error.message)
                return await route.abort("blockedbyclient")
            except (FetchFailed, ValueError, OSError):  # and a URL httpx cannot read
                self.tally.failed += 1
                return await route.abort("failed")
        self.tally.bytes += len(fetched.content)
        if self.tally.bytes > MAX_BYTES:
            return await self._abort(route)
        self.tally.fetched += 1
        await route.fulfill(status=fetched.status, headers=_headers(fetched), body=fetched.content)

    async def _abort(self, route: Route) -> None:
        self.tally.aborted += 1
        await route.abort("blockedbyclient")

    async def _websocket(self, websocket: WebSocketRoute) -> None:
        self.tally.aborted += 1
        await websocket.close(code=1008, reason="not archived")


def launch_options(program: str, refused_port: int) -> dict[str, Any]:
    """How Chromium is started: headless, through a proxy on ``refused_port`` of loopback (a port
    held but not listening) for everything, loopback included, so that a request that escaped
    the routing connects nowhere."""
    return {
        "executable_path": program,
        "headless": True,
        "args": _arguments(),
        "proxy": {"server": f"http://127.0.0.1:{refused_port}", "bypass": "<-loopback>"},
    }


def _arguments() -> list[str]:
    arguments = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-domain-reliability",
        "--disable-sync",
        "--no-pings",
        "--dns-prefetch-disable",
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
        "--disable-gpu",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        arguments.append("--no-sandbox")  # Chromium's sandbox refuses to start as root
    return arguments


def _top_level(request: Request) -> bool:
    """Whether a navigation is a page's own (not a frame's within it); a popup's frame does not
    exist yet when its first request is made."""
    from playwright.async_api import Error

    try:
        return request.frame.parent_frame is None
    except Error:
        return True


def _headers(fetched: FetchResult) -> dict[str, str]:
    """The response's headers as Chromium should see them: the body is already inflated."""
    return {k: v for k, v in fetched.headers.items() if k.lower() not in _DROPPED}


async def _screenshot(page: Page) -> bytes:
    height = await page.evaluate(
        "Math.max(document.documentElement.scrollHeight, document.body ? "
        "document.body.scrollHeight : 0)"
    )
    height = max(min(int(height or 0), MAX_HEIGHT), VIEWPORT["height"])
    clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
    return await page.screenshot(full_page=True, clip=clip, type="png")  # type: ignore[arg-type]


__all__ = ["chromium", "render", "launch_options", "Tally", "MAX_HEIGHT", "VIEWPORT"]
