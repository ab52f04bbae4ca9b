"""Search over every fact-check readers can see: the desk's own and the imported library's.

Through the matcher first, so the search box finds what the tipline finds (``MSG causes cancer``
finds ``Bột ngọt … gây ung thư``); the lexical index is the fallback, accent-insensitive when the
query is typed without tone marks (``vac xin`` finds ``vắc-xin``) and keeping them when it has
them (``sầu riêng`` does not find ``về sau``). A query of a few words is a topic, not a claim:
the matcher rarely judges one relevant, so its abbreviations are written out (``MSG`` →
``bột ngọt``) and the lexical and dense hits are listed too, after the matcher's. Desk-published
entries carry their slug; imported ones link to their publisher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import numpy as np

from ..matching.lexical import search_form
from ..store import Store
from ..store.queries import published
from ..store.queries import search as queries
from ..store.queries.search import HitRow
from ..text.abbreviations import spelled_out
from ..text.normalize import fold, normalize


@dataclass
class Hit:
    url: str
    claim: str
    rating_label: str | None
    rating_text: str | None
    publisher: str | None
    date_published: str | None
    slug: str | None  # set for the desk's own fact-checks


def _hits(store: Store, rows: list[HitRow]) -> list[Hit]:
    with store.reading() as connection:
        slugs = published.slugs_by_url(connection)
    return [
        Hit(
            row.url,
            row.claim_reviewed,
            row.rating_label,
            row.rating_text,
            row.publisher,
            row.date_published,
            slugs.get(row.url),
        )
        for row in rows
    ]


# A fact-check the matcher scores at least this for a query is shown for it. Unrelated
# candidates score below 0.001; a claim said in other words or another language, above 0.01.
RELEVANT = 0.01
# A query of at most this many words is searched as a topic (see the module's docstring).
SHORT = 3
# A dense hit for a short query must sit this many standard deviations above the query's
# similarity to unrelated claims: about where the best of a few hundred of them sits.
NEAR = 3.0
# Reciprocal-rank fusion of the lexical and dense lists (the usual constant).
FUSION = 60


def search(
    store: Store, query: str, limit: int = 30, match: Callable[[str], Any] | None = None
) -> list[Hit]:
    """Fact-checks for ``query``, best first. ``match`` (text → ``MatchResult``) ranks them as
    the tipline would; without it, or when it finds nothing relevant, the lexical index does.
    A short query lists the matcher's relevant hits, then the lexical and dense ones."""
    if match is None:
        return lexical(store, query, limit)
    short = len(_words(query)) <= SHORT
    text = spelled_out(query) if short else query
    result = match(text)
    urls = [
        m.url
        for rank, m in enumerate(result.matches)
        if m.score >= RELEVANT or (rank == 0 and result.matched)
    ]
    if short:
        words = [hit.url for hit in lexical(store, query, limit)]
        urls += fused(words, dense(store, text, limit))
    elif not urls:
        return lexical(store, query, limit)
    return by_urls(store, list(dict.fromkeys(urls)))[:limit]


def fused(*ranked: list[str]) -> list[str]:
    """Lists of URLs, best first, merged by reciprocal-rank fusion."""
    score: dict[str, float] = {}
    for urls in ranked:
        for rank, url in enumerate(urls):
            score[url] = score.get(url, 0.0) + 1.0 / (FUSION + rank)
    return sorted(score, key=lambda url: -score[url])


def dense(store: Store, text: str, limit: int = 30) -> list[str]:
    """The URLs of the fact-checks nearest ``text`` by embedding, best first, only those clearly
    nearer than unrelated claims are (measured as the matcher measures them)."""
    from ..matching.background import LANGUAGES, statistics

    vectors = _embedded(normalize(text))
    found = store.vectors.search(vectors, limit)[0]
    if not found:
        return []
    background = statistics(vectors)
    with store.reading() as connection:
        rows = queries.languages(connection, [key for key, _ in found])
    urls = []
    for key, cosine in found:
        row = rows.get(key)
        if row is None:
            continue
        mean, sd = background[row.language if row.language in LANGUAGES else "vi"]
        if (cosine - float(mean[0])) / float(sd[0]) >= NEAR:
            urls.append(row.url)
    return urls


def by_urls(store: Store, urls: list[str]) -> list[Hit]:
    """The hits for these fact-check URLs, in their order."""
    with store.reading() as connection:
        rows = queries.hits_by_url(connection, urls)
    return _hits(store, [rows[url] for url in urls if url in rows])


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", normalize(text).lower())


def _keeps_tone_marks(query: str, claim: str) -> bool:
    """A query typed with tone marks matches only claims with those words as typed."""
    words = _words(query)
    if all(word == fold(word) for word in words):
        return True
    present = set(_words(claim))
    return all(word in present for word in words if word != fold(word))


def lexical(store: Store, query: str, limit: int = 30) -> list[Hit]:
    """Accent-insensitive word search (BM25 over the search form)."""
    form = search_form(query)
    if not form:
        return []
    ranked = store.search_lexical(form, limit)
    if not ranked:
        return []
    with store.reading() as connection:
        rows = queries.hits_by_id(connection, [key for key, _ in ranked])
    found = [rows[key] for key, _ in ranked if key in rows]
    return _hits(store, [row for row in found if _keeps_tone_marks(query, row.claim_reviewed)])


@lru_cache(maxsize=256)
def _embedded(text: str) -> np.ndarray:
    """The query vector of ``text``, kept for the short queries many readers type alike."""
    from ..matching.dense import embed_queries

    vectors = embed_queries([text])
    vectors.flags.writeable = False
    return vectors


def library_latest(store: Store, limit: int = 10) -> list[Hit]:
    """The newest imported fact-checks (not the desk's own)."""
    with store.reading() as connection:
        rows = queries.latest_imported(connection, limit)
    return _hits(store, rows)
