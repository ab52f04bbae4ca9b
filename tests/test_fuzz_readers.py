"""Every reader of outside data, fuzzed (hypothesis, derandomised so a run is repeatable).

For each reader — ClaimReview in every shape (JSON Lines, JSON arrays, HTML pages), posts (JSON
Lines, CSV), ``claims --input``, RSS/Atom feeds, HTML pages, OPML lists and the tipline's
webhook payloads — three things must hold whatever a hostile record holds: no exception escapes
(only the reader's own one-line errors), the good records around the hostile one are read, and
time grows no faster than the input (a generous bound per byte, not a timing goal: those are in
bench/).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemchung.channels.messenger import Messenger
from kiemchung.channels.telegram import Telegram
from kiemchung.channels.zalo import Zalo
from kiemchung.cli.common import read_jsonl
from kiemchung.errors import Forbidden, InputError
from kiemchung.fetch import Fetcher
from kiemchung.ingest import feeds, html, posts
from kiemchung.ingest.items import Item, Problem
from kiemchung.library.claimreview import Problem as Skipped
from kiemchung.library.claimreview import parse_bytes
from kiemchung.library.record import FactCheck
from kiemchung.monitor.sourcelist import read_opml
from kiemchung.settings import Settings

FUZZ = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=15)

# Pieces the robustness audit found readers tripping on, mixed into everything generated.
SHAPES = ["\ud800", "\udcff", "\x00", "\x0b", "\u2028", "\u2029", "\u0085", "\ufeff", "\ufffe",
          "https://[::1/x", "//[::1", "<style>", "<script>", "a<b và c>d", "<iframe>", "<!--",
          "&#0;", "&#xd800;", "]]>", '"', "'", ",", "\r", "\\", "TP.HCM", "A. ", "1.2.3"]
KEYS = ["@type", "@id", "@graph", "@context", "url", "claimReviewed", "reviewRating",
        "ratingValue", "bestRating", "worstRating", "alternateName", "name", "author",
        "publisher", "itemReviewed", "inLanguage", "datePublished", "claimReview", "claims",
        "text", "title", "textualRating", "message", "chat", "entry", "messaging", "sender"]

hostile_text = st.one_of(st.text(max_size=40), st.sampled_from(SHAPES),
                         st.lists(st.sampled_from(SHAPES), max_size=6).map("".join))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text,
                    st.integers(4290, 4400).map(lambda n: int("9" * n) if n <= 4300 else n))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=5),
    max_leaves=25,
)
claimreviews = st.fixed_dictionaries(
    {"@type": st.sampled_from(["ClaimReview", "schema:ClaimReview", ["ClaimReview"], "Claim"]),
     "url": st.sampled_from(["https://b.example/x", "https://[::1/x", "ftp://x", ""]) | hostile_text,
     "claimReviewed": hostile_text},
    optional={key: json_values for key in ("reviewRating", "author", "publisher", "inLanguage",
                                           "datePublished", "itemReviewed")},
)


def dumped(value: Any, ascii_only: bool) -> bytes:
    try:
        text = json.dumps(value, ensure_ascii=ascii_only)
    except ValueError:  # an integer too long to write
        text = "9" * 5000
    return text.encode("utf-8", "surrogatepass")


hostile_json = st.one_of(
    st.builds(dumped, json_values | claimreviews, st.booleans()),
    st.integers(1, 1200).map(lambda n: b"[" * n + b"]" * n),
    st.integers(1, 1200).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
)
# A hostile record on one line: JSON of any shape, raw bytes, or JSON with a bad byte inside.
hostile_line = st.one_of(
    hostile_json,
    st.binary(max_size=120),
    st.tuples(hostile_json, st.binary(min_size=1, max_size=3)).map(
        lambda pair: pair[0][: len(pair[0]) // 2] + pair[1] + pair[0][len(pair[0]) // 2:]),
).map(lambda line: line.replace(b"\n", b" "))


@pytest.fixture(autouse=True, scope="module")
def _loaded() -> None:
    """Models and parsers loaded once, before any time is measured."""
    from kiemchung.claims.detector import ClaimDetector
    from kiemchung.text.language import detect_language

    for text in ("Der schnelle braune Fuchs", "быстрая лиса", "素早い狐", "빠른 여우", "สุนัข"):
        detect_language(text)  # the detector loads each language's model on first need
    list(parse_bytes(json.dumps(GOOD).encode()))
    ClaimDetector(threshold=0.5).claims(POSTS[0])
    html.extract(b"<html><body><p>" + ESCAPED[0] + b"</p></body></html>", url=None, ref="p")
    feed_items(rss(ESCAPED[0]))


def within_time(read: Callable[[], Any], size: int) -> Any:
    """``read()``, which must take no longer than a generous linear bound for ``size`` bytes."""
    started = time.perf_counter()
    result = read()
    assert time.perf_counter() - started < 5.0 + size * 50e-6  # two busy cores: generous
    return result


# -- ClaimReview -------------------------------------------------------------------------------

GOOD = [{"@type": "ClaimReview", "url": f"https://a.example/{n}", "claimReviewed": claim,
         "reviewRating": {"alternateName": "Sai"}}
        for n, claim in enumerate(["Uống nước chanh nóng chữa khỏi ung thư.",
                                   "Tỏi sống diệt virus trong 24 giờ."])]
GOOD_URLS = ["https://a.example/0", "https://a.example/1"]


def factchecks(raw: bytes) -> tuple[list[str], list[str]]:
    entries = within_time(lambda: list(parse_bytes(raw, "f")), len(raw))
    problems = [str(e) for e in entries if isinstance(e, Skipped)]
    assert not [p for p in problems if "bug in kiemchung" in p], problems
    return [e.url for e in entries if isinstance(e, FactCheck)], problems


@FUZZ
@given(hostile_line)
def test_claimreview_jsonl_keeps_the_lines_around_a_hostile_one(line: bytes) -> None:
    good = [json.dumps(g, ensure_ascii=False).encode() for g in GOOD]
    urls, _ = factchecks(good[0] + b"\n" + line + b"\n" + good[1] + b"\n")
    assert [url for url in urls if url in GOOD_URLS] == GOOD_URLS


@FUZZ
@given(json_values | claimreviews)
def test_claimreview_array_keeps_the_items_around_a_hostile_one(value: Any) -> None:
    urls, _ = factchecks(b"[" + b",".join([dumped(GOOD[0], False), dumped(value, False),
                                            dumped(GOOD[1], True)]) + b"]")
    assert [url for url in urls if url in GOOD_URLS] == GOOD_URLS


@FUZZ
@given(hostile_line)
def test_claimreview_html_keeps_the_blocks_around_a_hostile_one(block: bytes) -> None:
    scripts = [b'<script type="application/ld+json">' + part + b"</script>"
               for part in (dumped(GOOD[0], False), block.replace(b"</", b"< /"),
                            dumped(GOOD[1], True))]
    urls, _ = factchecks(b"<!doctype html><html><head>" + b"".join(scripts) + b"</head></html>")
    assert [url for url in urls if url in GOOD_URLS] == GOOD_URLS


@FUZZ
@given(st.binary(max_size=400))
def test_claimreview_any_bytes_are_read_or_refused_in_one_line(raw: bytes) -> None:
    factchecks(raw)


# -- posts and claims --input ------------------------------------------------------------------

POSTS = ["Bài đầu: Bộ Y tế nói có 5 ca mắc mới.", "Bài cuối: giá xăng tăng 2.000 đồng."]


def read_posts(name: str, raw: bytes) -> tuple[list[str], list[Problem]]:
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        items = within_time(lambda: list(posts.read(path, problems.append)), len(raw))
    assert all(isinstance(item, Item) for item in items)
    return [item.text for item in items], problems


@FUZZ
@given(hostile_line)
def test_posts_jsonl_keep_the_lines_around_a_hostile_one(line: bytes) -> None:
    good = [json.dumps({"text": text}, ensure_ascii=False).encode() for text in POSTS]
    texts, _ = read_posts("posts.jsonl", good[0] + b"\n" + line + b"\r\n" + good[1] + b"\n")
    assert [text for text in texts if text in POSTS] == POSTS


@FUZZ
@given(st.one_of(st.binary(max_size=120), hostile_text.map(
    lambda text: text.encode("utf-8", "surrogatepass"))), st.integers(0, 140_000))
def test_posts_csv_keep_the_rows_around_a_hostile_one(row: bytes, long: int) -> None:
    field = b"x" * long if long > 131_000 else b""  # past the csv module's own field limit
    raw = (b"text,url\n" + POSTS[0].encode() + b",\n" + field + row + b"\n"
           + POSTS[1].encode() + b",https://a.example/2\n")
    texts, problems = read_posts("posts.csv", raw)
    assert [text for text in texts if text in POSTS] == POSTS
    assert all(problem.where for problem in problems)  # each says file:line


@FUZZ
@given(hostile_line)
def test_claims_input_keeps_the_lines_around_a_hostile_one(line: bytes) -> None:
    good = [json.dumps({"id": n, "text": text}).encode() for n, text in enumerate(POSTS)]
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_bytes(good[0] + b"\n" + line + b"\n" + good[1] + b"\n")
        rows = within_time(lambda: list(read_jsonl(path, ("text",), problems.append)), 1000)
    assert [row["text"] for _, row in rows if row.get("text") in POSTS] == POSTS
    assert all(problem.startswith(f"{path}:2: ") for problem in problems)


# -- feeds, pages, OPML ------------------------------------------------------------------------


class _NoNetwork(Fetcher):
    def fetch(self, url: str, **options: Any) -> Any:  # entries without links fetch nothing
        raise AssertionError(f"fetched {url}")


def feed_items(raw: bytes) -> list[str]:
    problems: list[Problem] = []
    read = lambda: list(feeds.entries(raw, ref="feed", on_problem=problems.append,  # noqa: E731
                                      known=lambda url: False, fetcher=_NoNetwork(Settings())))
    return [item.text for item in within_time(read, len(raw))]


def rss(*descriptions: bytes, declaration: bytes = b'encoding="utf-8"') -> bytes:
    items = b"".join(b"<item><title>Tin</title><description>" + d + b"</description></item>"
                     for d in descriptions)
    return (b'<?xml version="1.0" ' + declaration + b'?><rss version="2.0"><channel>'
            b"<title>B\xc3\xa1o</title>" + items + b"</channel></rss>")


ESCAPED = [text.encode() for text in POSTS]


@FUZZ
@given(hostile_text, st.binary(max_size=20))
def test_feeds_keep_the_entries_around_a_hostile_one(text: str, declared: bytes) -> None:
    escaped = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .encode("utf-8", "surrogatepass"))
    declaration = b'encoding="' + declared.replace(b'"', b"").replace(b"?>", b"") + b'"'
    texts = feed_items(rss(ESCAPED[0], escaped, ESCAPED[1], declaration=declaration))
    if declared.isascii() and declared.isalnum():  # a codec name that may read Vietnamese wrong
        return
    assert [t for t in texts if t in POSTS] == POSTS


@FUZZ
@given(st.binary(max_size=300), st.integers(0, 400))
def test_feeds_with_any_bytes_spliced_in_are_read_or_refused_in_one_line(
        noise: bytes, at: int) -> None:
    document = rss(ESCAPED[0], ESCAPED[1])
    feed_items(document[:at] + noise + document[at:])


@FEW
@given(st.binary(max_size=300) | hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_html_pages_of_any_bytes_give_an_item_or_none(noise: bytes) -> None:
    page = (b"<html><head><title>Trang</title></head><body><article><p>" + ESCAPED[0] + b" "
            + noise + b"</p><p>" + ESCAPED[1] + b"</p></article></body></html>")
    item = within_time(lambda: html.extract(page, url="https://a.example/p", ref="p"), len(page))
    assert item is None or isinstance(item.text, str)


@FUZZ
@given(st.binary(max_size=200), hostile_text)
def test_opml_lists_are_read_or_refused_in_one_line(noise: bytes, text: str) -> None:
    attribute = (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
                 .encode("utf-8", "surrogatepass"))
    document = (b'<?xml version="1.0"?><opml version="2.0"><body><outline text="' + attribute
                + b'" xmlUrl="https://a.example/rss"/>' + noise + b"</body></opml>")
    try:
        entries = within_time(lambda: read_opml(document), len(document))
    except InputError as error:
        assert "\n" not in error.message
        return
    assert all(isinstance(entry.url, str) for entry in entries)


# -- the tipline's webhook payloads ------------------------------------------------------------

def shaped(required: dict[str, Any], optional: dict[str, Any] | None = None) -> Any:
    """A payload of the documented shape, any part of which may be something else."""
    return json_values | st.fixed_dictionaries(required, optional=optional or {})


attachments = st.lists(shaped({"type": st.sampled_from(["image", "fallback", "template", "link"])
                               | scalars, "payload": shaped({"url": scalars})}), max_size=3)
message = shaped({"text": scalars}, {"mid": scalars, "msg_id": scalars, "is_echo": scalars,
                                     "attachments": attachments | json_values})
PAYLOADS = {
    "telegram": shaped({"update_id": scalars, "message": shaped(
        {"chat": shaped({"type": st.just("private") | scalars, "id": scalars})},
        {"photo": st.lists(shaped({"file_id": scalars, "file_size": scalars}), max_size=3)
         | json_values, "from": shaped({"language_code": scalars}), "text": scalars,
         "caption": scalars, "message_id": scalars})}),
    "messenger": shaped({"object": st.just("page") | scalars, "entry": st.lists(shaped(
        {"messaging": st.lists(shaped({"sender": shaped({"id": scalars}), "message": message}),
                               max_size=3) | json_values}), max_size=3) | json_values}),
    "zalo": shaped({"event_name": st.sampled_from(["user_send_text", "user_send_image",
                                                   "user_send_link"]) | scalars,
                    "sender": shaped({"id": scalars}), "message": message,
                    "timestamp": scalars}),
}
PLATFORMS = {"telegram": Telegram(Settings()), "messenger": Messenger(Settings()),
             "zalo": Zalo(Settings())}


@FUZZ
@given(st.sampled_from(sorted(PLATFORMS)).flatmap(lambda name: st.tuples(
    st.just(name), st.one_of(hostile_json, st.binary(max_size=100),
                             st.builds(dumped, PAYLOADS[name], st.booleans())))))
def test_webhook_payloads_give_messages_or_a_refusal(case: tuple[str, bytes]) -> None:
    name, body = case
    platform = PLATFORMS[name]
    try:
        messages = within_time(lambda: platform.messages(body), len(body))
    except Forbidden as error:
        assert "\n" not in error.message
        return
    assert all(isinstance(message.text, str) for message in messages)


# -- time per byte on long input ---------------------------------------------------------------

TRICKY = "A. a.1,@<>\"' \n!?đĐ-/:hoà TP.HCM www.x"


@pytest.mark.parametrize("reader", ["sentences", "claims", "language", "sanitiser", "library"])
@settings(FUZZ, max_examples=6)
@given(unit=st.text(TRICKY, min_size=1, max_size=6))
def test_long_input_costs_time_linear_in_its_length(reader: str, unit: str) -> None:
    from kiemchung.claims.detector import ClaimDetector
    from kiemchung.desk.common import sanitize_html
    from kiemchung.text.language import detect_language
    from kiemchung.text.sentences import split_sentences

    text = unit * (60_000 // len(unit))
    read: Callable[[], Any] = {
        "sentences": lambda: split_sentences(text),
        "claims": lambda: ClaimDetector(threshold=0.5).claims(text),
        "language": lambda: detect_language(text),
        "sanitiser": lambda: sanitize_html(text),
        "library": lambda: list(parse_bytes(json.dumps(dict(GOOD[0], claimReviewed=text)).encode())),
    }[reader]
    within_time(read, len(text.encode()))
