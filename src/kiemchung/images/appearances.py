"""The images a fact-check's claim appeared as, read when the fact-check is imported.

A ClaimReview may name them in ``itemReviewed.appearance`` (and ``itemReviewed.image``): an
``ImageObject`` or ``MediaObject`` with a ``contentUrl``, or a plain ``url``. A local one — a
relative path or ``file:`` URL inside the folder of the file being imported — is read at once;
an ``http(s)`` one only when ``KIEMCHUNG_IMAGE_FETCH`` is on, and then through the one guarded
fetch. Each becomes an image the fact-check is about (``library.attach``), so that a copy of
it finds the fact-check. An image that cannot be read is reported and the fact-check kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator
from urllib.parse import unquote, urlsplit

from ..errors import KiemchungError
from ..library.claimreview import Problem
from ..library.record import FactCheck
from .library import attach

if TYPE_CHECKING:
    from ..fetch import Fetcher
    from ..store import Store

IMAGE_TYPES = {"ImageObject", "MediaObject", "Photograph"}
IMAGE_ENDINGS = (".png", ".jpg", ".jpeg", ".webp", ".gif")


def sources(data: dict[str, Any]) -> list[str]:
    """The addresses of the images in a ClaimReview's ``itemReviewed``, each once."""
    item = data.get("itemReviewed")
    if not isinstance(item, dict):
        return []
    found = [*_addresses(item.get("appearance")), *_addresses(item.get("image"), any_kind=True)]
    return list(dict.fromkeys(found))


def _addresses(value: Any, any_kind: bool = False) -> Iterator[str]:
    for one in value if isinstance(value, list) else [value]:
        if isinstance(one, str) and (any_kind or one.lower().endswith(IMAGE_ENDINGS)):
            yield one
        elif isinstance(one, dict):
            kinds = one.get("@type", [])
            kinds = set(kinds if isinstance(kinds, list) else [kinds])
            address = one.get("contentUrl") or one.get("url")
            pictured = any_kind or kinds & IMAGE_TYPES
            if isinstance(address, str) and (pictured or address.lower().endswith(IMAGE_ENDINGS)):
                yield address


def attach_all(
    store: Store,
    entries: list[tuple[FactCheck, str, int | str | None]],
    on_problem: Callable[[Problem], None] | None = None,
) -> int:
    """Attach the images of each (fact-check, file it came from, line); how many were."""
    fetcher = _fetcher(store)
    attached = 0
    for entry, path, line in entries:
        for address in sources(entry.data):
            try:
                data = _read(address, Path(path).parent, fetcher)
                if data is None:
                    continue
                attach(store, entry.url, data, name=f"image {address}")
                attached += 1
            except KiemchungError as error:
                if on_problem is not None:
                    on_problem(Problem(path, line, f"{error.message}; the fact-check was kept"))
    return attached


def _fetcher(store: Store) -> Fetcher | None:
    if not store.settings.get("KIEMCHUNG_IMAGE_FETCH"):
        return None
    from ..fetch import Fetcher

    return Fetcher(store.settings)


def _read(address: str, folder: Path, fetcher: Fetcher | None) -> bytes | None:
    """The bytes at ``address``; None for a web address while fetching is off."""
    from ..errors import InputError

    parts = urlsplit(address)
    if parts.scheme in {"http", "https"}:
        return fetcher.fetch(address).content if fetcher is not None else None
    if parts.scheme not in {"", "file"}:
        return None
    base = folder.resolve()
    path = (base / unquote(parts.path)).resolve()
    if not path.is_relative_to(base):
        raise InputError(f"image {address}: outside the folder of the file imported, not read")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"image {address}: cannot be read ({error.strerror})") from None
