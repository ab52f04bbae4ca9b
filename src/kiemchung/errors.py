"""One root for every error a user can cause, each with a one-line human message.

The CLI prints ``str(error)``; the web layer renders ``message``, ``title`` and ``status``.
"""

from __future__ import annotations


class KiemchungError(Exception):
    """Root of all errors caused by input, settings or the outside world (never by a bug)."""

    title = "Lỗi"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SettingError(KiemchungError):
    """A setting or environment variable has a value that cannot be used."""

    title = "Invalid setting"


class InputError(KiemchungError):
    """A file, line or argument given by the user cannot be read."""

    title = "Invalid input"


class FetchRefused(KiemchungError):
    """A URL was not fetched on purpose: private address, robots.txt, size or redirect cap."""

    title = "Fetch refused"
    status = 422


class FetchFailed(KiemchungError):
    """A URL could not be fetched: network error, timeout, HTTP error status."""

    title = "Fetch failed"
    status = 502


class StoreError(KiemchungError):
    """The data directory or database cannot be used."""

    title = "Store error"
    status = 500


class NotFound(KiemchungError):
    title = "Not found"
    status = 404
