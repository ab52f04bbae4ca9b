"""Reading ClaimReview in every shape publishers and tools produce it.

Accepted, detected from the content rather than the file name: JSON Lines (one object a line),
a JSON array, a single object, JSON-LD with ``@graph``, HTML pages with
``<script type="application/ld+json">`` blocks, and the Google Fact Check Tools
``claims:search`` response. Each entry becomes a ``FactCheck``; an entry that cannot be used
becomes a ``Problem`` and the others still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from .. import untrusted
from ..errors import InputError
from ..text.language import detect_language
from ..text.normalize import normalize
from .ratings import rate
from .record import FactCheck

_LANGUAGE_NAMES = {
    "vietnamese": "vi",
    "tieng viet": "vi",
    "tiếng việt": "vi",
    "english": "en",
    "tiếng anh": "en",
}
_HTML_COMMENT = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$"
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml refuses one that names an encoding
NO_MARKUP = "no ClaimReview markup found in the page"  # a page that simply has none


@dataclass(frozen=True)
class Problem:
    """An entry that was skipped: where it is and why, for a one-line message."""

    path: str
    line: int | str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message} (skipped)"

    @classmethod
    def of_bug(cls, path: str, line: int | str | None, error: Exception) -> "Problem":
        """An entry that this code failed on: not the file's fault, and not to be hidden."""
        return cls(
            path,
            line,
            f"cannot be read, a bug in kiemchung ({type(error).__name__}: "
            f"{error}); please report it",
        )


class _Bad(ValueError):
    """An entry that is not a usable ClaimReview; the message says why."""


# -- finding ClaimReview objects in any JSON(-LD) value ---------------------------------------


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type", [])
    names = value if isinstance(value, list) else [value]
    # "ClaimReview", "schema:ClaimReview" and "https://schema.org/ClaimReview" are the same type.
    return [re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)]


def _is_claimreview(obj: dict[str, Any]) -> bool:
    types = _types(obj)
    return "ClaimReview" in types or (not types and "claimReviewed" in obj)


def _is_google_claim(obj: dict[str, Any]) -> bool:
    return "@type" not in obj and isinstance(obj.get("claimReview"), list)


def _google_to_claimreview(claim: dict[str, Any], review: Any) -> dict[str, Any]:
    """One ``claimReview`` of a Google Fact Check Tools claim, in schema.org ClaimReview shape."""
    if not isinstance(review, dict):
        raise _Bad("claimReview entry is not an object")
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if review.get("url") is not None:
        data["url"] = review["url"]
    if review.get("title"):
        data["name"] = review["title"]
    if claim.get("text") is not None:
        data["claimReviewed"] = claim["text"]
    if review.get("reviewDate"):
        data["datePublished"] = review["reviewDate"]
    if review.get("languageCode"):
        data["inLanguage"] = review["languageCode"]
    publisher = review.get("publisher")
    if isinstance(publisher, dict) and (publisher.get("name") or publisher.get("site")):
        author: dict[str, Any] = {
            "@type": "Organization",
            "name": publisher.get("name") or publisher.get("site"),
        }
        site = publisher.get("site")
        if isinstance(site, str) and site:
            author["url"] = site if site.startswith(("http://", "https://")) else f"https://{site}"
        data["author"] = author
    if review.get("textualRating") is not None:
        data["reviewRating"] = {"@type": "Rating", "alternateName": review["textualRating"]}
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.get("claimant"):
        item["author"] = {"name": claim["claimant"]}
    if claim.get("claimDate"):
        item["datePublished"] = claim["claimDate"]
    if len(item) > 1:
        data["itemReviewed"] = item
    return data


def _find(value: Any) -> Iterator[dict[str, Any] | _Bad]:
    """ClaimReview objects anywhere in a JSON value (inside ``@graph``, lists, other objects)."""
    if isinstance(value, list):
        for item in value:
            yield from _find(item)
    elif isinstance(value, dict):
        if _is_claimreview(value):
            yield value
        elif _is_google_claim(value):
            for review in value["claimReview"]:
                try:
                    yield _google_to_claimreview(value, review)
                except _Bad as error:
                    yield error
        else:
            for key, item in value.items():
                if key != "@context":
                    yield from _find(item)


# -- one ClaimReview object → FactCheck --------------------------------------------------------


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _language(value: Any, claim: str) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = _text(value)
    if text:
        lowered = text.lower()
        if lowered in _LANGUAGE_NAMES:
            return _LANGUAGE_NAMES[lowered]
        primary = re.split(r"[-_]", lowered)[0]
        if re.fullmatch(r"[a-z]{2,3}", primary):
            return primary
    return detect_language(claim)


def _organisation(data: dict[str, Any]) -> str | None:
    """The publishing organisation's name: author, else publisher, never an individual's name."""
    candidates: list[Any] = []
    for key in ("author", "publisher"):
        value = data.get(key)
        candidates += value if isinstance(value, list) else [value]
    named = [c for c in candidates if isinstance(c, dict) and _text(c.get("name"))]
    tests: tuple[Callable[[dict[str, Any]], bool], ...] = (
        lambda c: "Organization" in _types(c) or "NewsMediaOrganization" in _types(c),
        lambda c: "Person" not in _types(c),
    )
    for wanted in tests:
        for candidate in named:
            if wanted(candidate):
                return _text(candidate.get("name"))
    return None


def _rating(data: dict[str, Any]) -> tuple[str | None, Any, Any, Any]:
    rating = data.get("reviewRating")
    if isinstance(rating, list):
        rating = next((r for r in rating if isinstance(r, dict)), None)
    if not isinstance(rating, dict):
        return None, None, None, None
    text = _text(rating.get("alternateName")) or _text(rating.get("name"))
    return text, rating.get("ratingValue"), rating.get("bestRating"), rating.get("worstRating")


def to_factcheck(data: dict[str, Any]) -> FactCheck:
    """A ``FactCheck`` from one ClaimReview object; ``ValueError`` says why one cannot be made."""
    url = data.get("url")
    if not isinstance(url, str) or not url.strip():
        raise _Bad("missing 'url'")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as error:  # "https://[::1/x": Invalid IPv6 URL
        raise _Bad(f"'url' is not a valid address ({error}): {url[:80]!r}") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise _Bad(f"'url' must be an http(s) address, not {url[:80]!r}")
    claim_value = data.get("claimReviewed")
    if claim_value is not None and not isinstance(claim_value, str):
        raise _Bad("'claimReviewed' must be a text")
    claim = normalize(claim_value or "")
    if not claim:
        raise _Bad("missing 'claimReviewed'")
    rating_text, number, best, worst = _rating(data)
    label, value = rate(rating_text, number, best, worst)
    date = _text(data.get("datePublished")) or _text(data.get("dateCreated"))
    return FactCheck(
        url=url,
        claim_reviewed=claim,
        rating_text=rating_text,
        rating_value=value,
        rating_label=label,
        language=_language(data.get("inLanguage"), claim),
        date_published=date,
        publisher=_organisation(data),
        data=data,
    )


# -- files ---------------------------------------------------------------------------------------


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _nodes(item)


def _resolve(data: dict[str, Any], ids: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Author and publisher given as ``{"@id": ...}`` references replaced by the nodes they name."""
    resolved = dict(data)
    for key in ("author", "publisher"):
        value = data.get(key)
        if (
            isinstance(value, dict)
            and set(value) == {"@id"}
            and isinstance(value["@id"], str)
            and value["@id"] in ids
        ):
            resolved[key] = ids[value["@id"]]
    return resolved


# What the readers below yield: each entry with where it was read (a line, "item 3", None).
Read = tuple[int | str | None, FactCheck | Problem]


def _entries(value: Any, path: str, line: int | str | None, top_level: bool) -> Iterator[Read]:
    deep = untrusted.too_deep(value)
    if deep is not None:
        yield line, Problem(path, line, deep)
        return
    try:
        yield from _entries_in(value, path, line, top_level)
    except Exception as error:  # one value this code cannot read must not stop the file
        yield line, Problem.of_bug(path, line, error)


def _entries_in(value: Any, path: str, line: int | str | None, top_level: bool) -> Iterator[Read]:
    ids = {
        node["@id"]: node
        for node in _nodes(value)
        if isinstance(node.get("@id"), str) and len(node) > 1
    }
    found = 0
    for item in _find(value):
        found += 1
        if isinstance(item, _Bad):
            yield line, Problem(path, line, str(item))
            continue
        why = untrusted.problem(item)
        if why is not None:
            yield line, Problem(path, line, f"holds {why}")
            continue
        try:
            yield line, to_factcheck(_resolve(item, ids) if ids else item)
        except _Bad as error:
            yield line, Problem(path, line, str(error))
        except Exception as error:  # nor one entry the others beside it
            yield line, Problem.of_bug(path, line, error)
    if found == 0 and top_level:
        if isinstance(value, dict):
            kind = ", ".join(_types(value)) or "no @type"
            yield line, Problem(path, line, f"not a ClaimReview ({kind})")
        else:
            yield line, Problem(path, line, f"expected a JSON object, not {type(value).__name__}")


def _parse_jsonl(text: str, path: str) -> Iterator[Read]:
    for number, line in untrusted.lines(text):
        if not line.strip():
            continue
        try:
            value = untrusted.loads(line)
        except untrusted.Unreadable as error:
            yield number, Problem(path, number, error.message)
            continue
        yield from _entries(value, path, number, top_level=True)


def _parse_json(value: Any, path: str) -> Iterator[Read]:
    if isinstance(value, list):
        for index, item in enumerate(value, 1):
            yield from _entries(item, path, f"item {index}", top_level=True)
    elif isinstance(value, dict) and isinstance(value.get("claims"), list) and "@type" not in value:
        for index, claim in enumerate(value["claims"], 1):
            yield from _entries(claim, path, f"claim {index}", top_level=True)
    else:
        yield from _entries(value, path, None, top_level=True)


def _parse_html(raw: bytes, path: str) -> Iterator[Read]:
    import lxml.html
    from lxml.etree import ParserError

    try:
        # a page that says nothing of its encoding is read as UTF-8 when it is (lxml would
        # read Latin-1)
        page = lxml.html.document_fromstring(_as_text(raw.replace(b"\x00", b"")))
    except (ParserError, ValueError):
        yield None, Problem(path, None, "not a readable HTML page")
        return
    produced = 0
    for script in page.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        source = _HTML_COMMENT.sub("", (script.text or "").strip())
        if not source.strip():
            continue
        try:
            value = untrusted.loads(source)
        except untrusted.Unreadable as error:
            produced += 1
            yield (
                script.sourceline,
                Problem(path, script.sourceline, f"JSON-LD block is {error.message}"),
            )
            continue
        for entry in _entries(value, path, script.sourceline, top_level=False):
            produced += 1
            yield entry
    if produced == 0:
        yield None, Problem(path, None, NO_MARKUP)


def _as_text(raw: bytes) -> bytes | str:
    """The page as text if it is UTF-8 (without an XML declaration), else its bytes."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw
    return _XML_DECLARATION.sub("", text)


def _looks_like_jsonl(text: str) -> bool:
    """Several lines, at least one of them a whole JSON object: one entry per line, some bad."""
    lines = [line for _, line in untrusted.lines(text) if line.strip()]
    if sum(line.lstrip().startswith("{") and line.rstrip().endswith("}") for line in lines) > 1:
        return True
    return len(lines) > 1 and any(_is_object(line) for line in lines)


def _is_object(line: str) -> bool:
    try:
        return isinstance(untrusted.loads(line), dict)
    except untrusted.Unreadable:
        return False


def parse_bytes(raw: bytes, path: str = "<input>") -> Iterator[FactCheck | Problem]:
    """Every fact-check (or problem) in the content of one file, whatever its shape."""
    return (entry for _, entry in _parse(raw, path))


def _parse(raw: bytes, path: str) -> Iterator[Read]:
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        yield None, Problem(path, None, "empty file, no fact-checks in it")
        return
    if head.startswith(b"<"):
        yield from _parse_html(raw, path)
        return
    # An invalid byte spoils only the entry holding it (untrusted.decode, untrusted.problem).
    try:
        text = untrusted.decode(raw)
    except untrusted.Unreadable as error:
        yield None, Problem(path, None, error.message)
        return
    try:
        value = untrusted.loads(text)
    except untrusted.Unreadable as error:
        if _looks_like_jsonl(text):
            yield from _parse_jsonl(text, path)
        else:
            yield error.lineno, Problem(path, error.lineno, error.message)
        return
    yield from _parse_json(value, path)


def parse_file(path: Path | str) -> Iterator[FactCheck | Problem]:
    """Every fact-check (or problem) in a file; an unreadable file raises ``InputError``."""
    return (entry for _, entry in read_file(path))


def read_file(path: Path | str) -> Iterator[Read]:
    """``parse_file`` with where each entry was read: (line or item or None, entry)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    yield from _parse(raw, str(path))
