"""The store: one data directory with the SQLite database and the vector index file.

``Store`` is the narrow interface the rest of Kiểm chứng uses: ``reading()`` and ``writing()``
open a unit of work, and the typed functions of ``queries/`` (one module per area) run in it.
What is SQLite-specific sits in ``database.py`` (connection, pragmas, migrations) and
``lexical.py`` (FTS5).
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
from sqlalchemy import Connection, select

from ..images import tables as _image_tables  # noqa: F401  (registers the image tables)
from ..settings import Settings
from ..work import ledger as _work_ledger  # noqa: F401  (registers the work queue tables)
from . import factchecks as factcheck_rows
from . import files, lexical
from .database import Database, insert_or_replace, sqlite_url
from .pgvectors import PgVectorIndex
from .schema import meta
from .vectors import VectorIndex

DATABASE_NAME = "kiemchung.sqlite3"
VECTORS_NAME = "factchecks.usearch"


class Store:
    """One data directory; ``settings`` (default: read from the environment) travel with it to
    everything that works on the store (the monitor, the pipeline's stages, the web app)."""

    def __init__(self, home: Path | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.home = home or self.settings.home()
        files.private_home(self.home, self.home / DATABASE_NAME)
        url = str(self.settings.get("KIEMCHUNG_DATABASE_URL"))
        self.db = Database(url or sqlite_url(self.home / DATABASE_NAME))
        self._vectors: VectorIndex | PgVectorIndex | None = None
        self._workers: ThreadPoolExecutor | None = None

    # -- units of work: the query functions of ``store.queries`` run inside them -------------
    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection to read with; several queries inside see one database."""
        with self.db.read() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        with self.db.transaction() as connection:
            yield connection

    @contextmanager
    def lookup(self) -> Iterator[Connection]:
        """A connection for reads of one statement each, sharing no snapshot (on PostgreSQL in
        autocommit: no BEGIN and ROLLBACK travel to the server)."""
        with self.db.lookup() as connection:
            yield connection

    # -- the meta table: versions that caches compare to know they are stale ----------------
    def meta_value(self, key: str) -> str | None:
        with self.db.lookup() as connection:
            return connection.execute(
                select(meta.c.value).where(meta.c.key == key)
            ).scalar_one_or_none()

    @staticmethod
    def set_meta(connection, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
        """Inside a write transaction; two at once (web workers starting together) both land."""
        insert_or_replace(connection, meta, {"key": key, "value": value}, key="key")

    def _version(self, key: str) -> str:
        return self.meta_value(key) or "empty"

    def _bump(self, connection, key: str) -> str:  # type: ignore[no-untyped-def]
        version = uuid.uuid4().hex
        self.set_meta(connection, key, version)
        return version

    # -- the vector index, derived from the embeddings in the database ------------------------

    def vectors_version(self) -> str:
        return self._version("vectors_version")

    @property
    def vectors(self) -> VectorIndex | PgVectorIndex:
        """Nearest fact-checks by embedding: a usearch file beside SQLite, or pgvector's HNSW
        index inside PostgreSQL (always current: every writer and reader sees one library)."""
        if self._vectors is None and self.db.is_postgresql:
            ef_search = self.settings.integer("KIEMCHUNG_PG_EF_SEARCH")
            self._vectors = PgVectorIndex(self.db, ef_search)
        if self._vectors is None:
            index = VectorIndex(self.home / VECTORS_NAME)
            version = self.vectors_version()
            if not index.load(version):
                with self.db.read() as connection:
                    keys, vectors = factcheck_rows.embeddings(connection)
                index.rebuild(keys, vectors)
                index.save(version)
            self._vectors = index
        return self._vectors

    def library_version(self) -> str:
        """Changes with every write to the fact-check library, a rating as much as a claim."""
        return self._version("library_version")

    def bump_library_version(self, connection) -> str:  # type: ignore[no-untyped-def]
        """Mark answers derived from the library stale, inside a write transaction."""
        return self._bump(connection, "library_version")

    def reset_vectors(self) -> None:
        """Forget the loaded vector index: the next use loads or rebuilds it at the database's
        version."""
        self._vectors = None

    def bump_vectors_version(self, connection) -> str:  # type: ignore[no-untyped-def]
        """Mark the vector index stale inside a write transaction; returns the new version."""
        return self._bump(connection, "vectors_version")

    def vectors_committed(self, keys: np.ndarray, vectors: np.ndarray, version: str) -> None:
        """After a commit: apply the new vectors to the loaded index and save it."""
        index = self.vectors if self._vectors is not None else None
        if not isinstance(index, VectorIndex):
            return  # not loaded (the next open rebuilds), or pgvector: written with the rows
        index.upsert(keys, vectors)
        index.save(version)

    # -- lexical ---------------------------------------------------------------------------
    def search_lexical(
        self,
        search_text: str,
        limit: int,
        stopwords: frozenset[str] = frozenset(),
        frequency: lexical.Frequency | None = None,
    ) -> list[tuple[int, float]]:
        """BM25 search; ``frequency`` (term → entries holding it, and the library size) saves
        looking the query's terms up in the index when the caller already counts them."""
        return self.search_lexical_many([search_text], limit, stopwords, frequency)[0]

    def search_lexical_many(
        self,
        search_texts: list[str],
        limit: int,
        stopwords: frozenset[str] = frozenset(),
        frequency: lexical.Frequency | None = None,
    ) -> list[list[tuple[int, float]]]:
        """``search_lexical`` for each text (on PostgreSQL one statement for them all)."""
        with self.db.lookup() as connection:
            return lexical.search_many(connection, search_texts, limit, stopwords, frequency)

    def search_lexical_soon(
        self,
        search_texts: list[str],
        limit: int,
        stopwords: frozenset[str] = frozenset(),
        frequency: lexical.Frequency | None = None,
    ) -> Future[list[list[tuple[int, float]]]]:
        """``search_lexical_many``, answered when the caller asks for the result. On PostgreSQL
        the search starts now in a thread and the server works while the caller goes on (the
        matcher embeds the same texts meanwhile); on SQLite it is done at once, being work for
        this process's own cores."""
        if self.db.is_postgresql:
            if self._workers is None:
                self._workers = ThreadPoolExecutor(4, thread_name_prefix="kiemchung-store")
            return self._workers.submit(
                self.search_lexical_many, search_texts, limit, stopwords, frequency
            )
        done: Future[list[list[tuple[int, float]]]] = Future()
        try:
            done.set_result(self.search_lexical_many(search_texts, limit, stopwords, frequency))
        except Exception as error:
            done.set_exception(error)
        return done

    def close(self) -> None:
        if self._workers is not None:
            self._workers.shutdown()
            self._workers = None
        self.db.close()
