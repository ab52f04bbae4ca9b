"""Every error a user can meet, under one root, each with a one-line human message.

The tree::

    KiemchungError            root: caused by input, settings or the outside world, never a bug
    ├── SettingError          a setting or environment variable cannot be used
    ├── InputError            a file, line or argument cannot be read
    ├── FetchRefused          a URL not fetched on purpose (private address, robots.txt, caps)
    ├── FetchFailed           a URL that could not be fetched (network, timeout, HTTP status)
    ├── StoreError            the data directory or database cannot be used
    ├── OcrUnavailable        Tesseract or its language data is not installed
    ├── MatchingUnavailable   no matching worker answered in time (with a broker)
    ├── NotFound              no such fact-check, user, item or source
    ├── Forbidden             the user's role or relation to the item does not allow this
    ├── Conflict              the item is not in a state where this can happen
    ├── LoginRequired         the web request needs a logged-in user
    └── CsrfFailed            a web form came without its anti-forgery token

The CLI prints ``str(error)`` on one line; the web layer answers with ``message`` and ``status``
(JSON under ``/api/``, a translated page elsewhere: an error raised with a ``code`` is shown
from the message catalogue, beside its ``field`` when it came from a form). ``title`` is a short
English name for logs and API clients; what a reader of the web pages sees is translated there.
"""

from __future__ import annotations


class KiemchungError(Exception):
    """Root of all errors caused by input, settings or the outside world (never by a bug)."""

    title = "Error"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(message)
        self.message = message
        # For the web pages: ``code`` names the message in the catalogue (``error.<code>``),
        # ``params`` fill it, and ``field`` is the form field the error belongs beside.
        self.code = code
        self.field = field
        self.params = params


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


class OcrUnavailable(KiemchungError):
    """Text in images cannot be read: Tesseract or its language data is not installed."""

    title = "OCR unavailable"
    status = 503


class MatchingUnavailable(KiemchungError):
    """With a broker set, no matching worker answered a text in time (none running, or all
    busy for longer than KIEMCHUNG_MATCH_TIMEOUT)."""

    title = "Matching unavailable"
    status = 503


class NotFound(KiemchungError):
    """No fact-check, user, queue item or source has this id, slug or address."""

    title = "Not found"
    status = 404


class Forbidden(KiemchungError):
    """The user is known but their role or relation to the item does not allow this."""

    title = "Forbidden"
    status = 403


class Conflict(KiemchungError):
    """The item is not in a state where this can happen (already published, no draft, …)."""

    title = "Conflict"
    status = 409


class LoginRequired(KiemchungError):
    """The request needs a logged-in user (web pages redirect to the login form)."""

    title = "Login required"
    status = 401


class CsrfFailed(KiemchungError):
    """A form or write request came without a valid anti-forgery token."""

    title = "CSRF check failed"
    status = 403
