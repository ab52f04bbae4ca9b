"""A lasting copy of a source: fetched through the one guarded fetch, its main text read, and
written as a WARC file in the data directory.

Each archive is ``KIEMCHUNG_HOME/archive/<sha256 of the WARC>.warc.gz``, 0600, written to a
temporary file and renamed, so a crash leaves no half file. It holds a ``response`` record (the HTTP status line, headers and body as
fetched; the body already inflated, so ``Content-Encoding`` is left out) and a ``resource``
record with the text that was read.

Where Chromium is present (``KIEMCHUNG_CHROMIUM``) the page is also photographed
(``screenshots.py``, every request Chromium makes going through the same guard) and the PNG
kept beside the WARC the same way, as ``<sha256 of the PNG>.png``. Without Chromium, or when
the screenshot fails, the source is archived all the same, with no screenshot.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..clock import timestamp
from ..errors import FetchFailed, FetchRefused, InputError, NotFound
from ..fetch import Fetcher, FetchResult
from ..ingest import html
from ..store import Store
from ..store.files import FOLDER_MODE, private_file, remove_stale
from ..store.queries import research as queries
from . import screenshots

FOLDER = "archive"
SUFFIX = ".warc.gz"
PNG = ".png"
_NAME = re.compile(r"^[0-9a-f]{64}\.(warc\.gz|png)$")
_DROPPED = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class Archived:
    url: str
    final_url: str
    sha256: str  # of the body as fetched
    archived_at: str
    name: str  # the WARC file's name in the archive folder
    title: str | None
    text: str
    screenshot: str | None = None  # the PNG's name in the archive folder, when one was taken
    screenshot_at: str | None = None


def folder(store: Store) -> Path:
    return store.home / FOLDER


def path_of(store: Store, name: str) -> Path:
    """The archive file (WARC or screenshot) called ``name``; NotFound for a name that is not
    one or is missing."""
    if not _NAME.match(name or ""):
        raise NotFound(f"no archived copy {name!r}", code="no_archive")
    path = folder(store) / name
    if not path.is_file():
        raise NotFound(f"no archived copy {name!r}", code="no_archive")
    return path


def is_public(store: Store, name: str) -> bool:
    """Whether ``name`` is the archived copy or screenshot of a source of a published
    fact-check (anyone may read it then; before publication only the desk may)."""
    with store.reading() as connection:
        return queries.archive_published(connection, name)


def archive(store: Store, url: str) -> Archived:
    """Fetch ``url`` through the guard, read its main text and keep both in a WARC file, with
    a screenshot of the page beside it where Chromium is present.

    A refused or failed fetch, or a page without readable text, is an ``InputError`` with one
    line naming the URL and why."""
    try:
        fetched = Fetcher(store.settings).fetch(url)
    except FetchRefused as error:
        raise InputError(
            f"source not archived: {error}", code="archive_refused", field="url", url=url
        ) from None
    except FetchFailed as error:
        raise InputError(
            f"source not archived: {error}", code="archive_failed", field="url", url=url
        ) from None
    title, text = _read(fetched)
    if not text:
        raise InputError(
            f"source not archived: no readable text at {fetched.final_url}",
            code="archive_no_text",
            field="url",
            url=url,
        )
    archived_at = timestamp()
    name = _write(store, _warc(fetched, text, archived_at), SUFFIX)
    png = screenshots.render(store.settings, fetched)
    shot = _write(store, png, PNG) if png else None
    return Archived(
        url=url,
        final_url=fetched.final_url,
        sha256=hashlib.sha256(fetched.content).hexdigest(),
        archived_at=archived_at,
        name=name,
        title=title,
        text=text,
        screenshot=shot,
        screenshot_at=timestamp() if shot else None,
    )


def discard(store: Store, kept: Archived) -> None:
    """Remove the files of an archive that was not kept (its source was already there); a
    screenshot another source also has (the same picture, the same name) stays."""
    (folder(store) / kept.name).unlink(missing_ok=True)
    if kept.screenshot is None:
        return
    with store.reading() as connection:
        used = queries.screenshot_kept(connection, kept.screenshot)
    if not used:
        (folder(store) / kept.screenshot).unlink(missing_ok=True)


def _read(fetched: FetchResult) -> tuple[str | None, str]:
    kind = fetched.content_type.split(";", 1)[0].strip().lower()
    if kind == "text/plain":
        return None, fetched.text.strip()
    found = html.extract(fetched.content, url=fetched.final_url, ref=fetched.final_url)
    if found is None:
        return None, ""
    return found.title, found.text


def _warc(fetched: FetchResult, text: str, archived_at: str) -> bytes:
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    reason = httpx.codes.get_reason_phrase(fetched.status)
    headers = [(k, v) for k, v in fetched.headers.items() if k.lower() not in _DROPPED]
    headers.append(("Content-Length", str(len(fetched.content))))
    http_headers = StatusAndHeaders(
        f"{fetched.status} {reason}".strip(), headers, protocol="HTTP/1.1"
    )
    date = archived_at.replace("+00:00", "Z")
    response = writer.create_warc_record(
        fetched.final_url,
        "response",
        payload=BytesIO(fetched.content),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(response)
    resource = writer.create_warc_record(
        "urn:kiemchung:text:" + fetched.final_url,
        "resource",
        payload=BytesIO(text.encode("utf-8")),
        warc_content_type="text/plain; charset=utf-8",
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Refers-To": response.rec_headers.get_header("WARC-Record-ID"),
            "WARC-Refers-To-Target-URI": fetched.final_url,
        },
    )
    writer.write_record(resource)
    return buffer.getvalue()


def sweep(store: Store) -> int:
    """Delete the archive files no kept source names: a kill between archiving a page and
    recording its source leaves them, and so does a source the desk removed. Files younger than
    an hour are left, as their source may be on its way. Returns how many were deleted
    (``retention.tidy``)."""
    with store.reading() as connection:
        named = queries.archive_names(connection)
    return remove_stale(folder(store), keep=frozenset(named))


def _write(store: Store, data: bytes, suffix: str) -> str:
    name = hashlib.sha256(data).hexdigest() + suffix
    target = folder(store)
    target.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    final = target / name
    if final.exists():
        os.utime(final)  # written again now: not a leftover for ``sweep`` to take
        return name
    handle, temporary = tempfile.mkstemp(dir=target, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        private_file(Path(temporary))
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


__all__ = ["Archived", "archive", "discard", "folder", "path_of", "is_public"]
