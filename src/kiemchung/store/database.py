"""The database: one engine, migrations by Alembic on open, on SQLite or PostgreSQL.

SQLite (the default: one file in the data directory) runs with WAL and foreign keys on.
PostgreSQL (``KIEMCHUNG_DATABASE_URL``) needs the pgvector extension, which the first migration
creates. What differs between the two lives in this package only: the connection set-up here,
lexical search in ``lexical.py``, vector search in ``vectors.py``, and the dialect branches of the
migrations.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Connection, CursorResult, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DisconnectionError, OperationalError

from ..errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# A pooled PostgreSQL connection used within this many seconds is taken as alive; one idle
# longer is pinged first (a restarted server, a dropped connection). Pinging at every checkout
# cost a round trip for each of the matcher's statements.
PING_AFTER_IDLE = 5.0


def _outside_transaction(dbapi_connection, statement: str) -> None:  # type: ignore[no-untyped-def]
    """Run ``statement`` on an idle psycopg connection without leaving a transaction open."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.execute(statement)
    finally:
        dbapi_connection.autocommit = autocommit


def _postgresql_session(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
    # The matcher's statements are small and many: compiling them (JIT) costs more than it saves.
    _outside_transaction(dbapi_connection, "SET jit = off")
    record.info["used"] = time.monotonic()


def _ping_if_idle(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
    if time.monotonic() - record.info.get("used", 0.0) < PING_AFTER_IDLE:
        return
    try:
        _outside_transaction(dbapi_connection, "SELECT 1")
    except Exception as error:  # the pool drops this connection and takes another
        raise DisconnectionError(str(error)) from error


def _returned(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
    record.info["used"] = time.monotonic()


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row a one-row INSERT wrote."""
    key = result.inserted_primary_key
    if key is None:  # only for statements that are not a one-row INSERT: a bug, not input
        raise TypeError("inserted_id() needs the result of a one-row INSERT")
    return int(key[0])


def _insert(connection: Connection, table: Table) -> Any:
    """An INSERT in the dialect of ``connection``, which can say what to do ``ON CONFLICT``."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def insert_new(connection: Connection, table: Table) -> Any:
    """An INSERT of rows that skips those whose key is already there (``ON CONFLICT DO
    NOTHING``), in the dialect of ``connection``: add ``.values(...)`` and execute it."""
    return _insert(connection, table).on_conflict_do_nothing()


def insert_or_replace(
    connection: Connection, table: Table, values: dict[str, Any], *, key: str
) -> None:
    """Write one row, replacing the values of the row with the same ``key`` column if there is
    one (``ON CONFLICT … DO UPDATE``): one statement, so two writers at once cannot both find
    the key missing and collide."""
    replaced = {name: value for name, value in values.items() if name != key}
    connection.execute(
        _insert(connection, table)
        .values(values)
        .on_conflict_do_update(index_elements=[key], set_=replaced)
    )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"KIEMCHUNG_DATABASE_URL {url!r} is not a database URL.") from None
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # the driver Kiểm chứng ships with
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"{parsed.get_backend_name()} databases are not supported: use SQLite or PostgreSQL."
        )
    engine = create_engine(parsed, future=True)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        event.listen(engine, "connect", _postgresql_session)
        event.listen(engine, "checkout", _ping_if_idle)
        event.listen(engine, "checkin", _returned)
    return engine


class Database:
    """A migrated database; ``transaction()`` is the only way to write."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = _engine(url)
        self.dialect: str = self.engine.dialect.name  # "sqlite" or "postgresql"
        database = self.engine.url.database
        self.path: Path | None = Path(database) if self.dialect == "sqlite" and database else None
        try:
            self.migrate()
        except (DatabaseError, OperationalError) as error:  # locked, unreadable, unreachable
            where = self.path or self.engine.url.render_as_string(hide_password=True)
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise StoreError(f"Database {where} cannot be opened: {reason}.") from None

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    def migrate(self) -> None:
        """Bring the schema to the newest migration (no-op when it is already there)."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        config = alembic_config()
        heads = set(migration_heads())
        with self.engine.begin() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
            if current == heads:
                return
            config.attributes["connection"] = connection
            # Features add their tables as independent branches off 0001 (desk, monitor), so
            # the target is every head rather than a single one.
            command.upgrade(config, "heads")

    def revisions(self) -> list[str]:
        """The migrations this database is at."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return sorted(MigrationContext.configure(connection).get_current_heads())

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any error or kill."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def lookup(self) -> Iterator[Connection]:
        """A connection for reads that are one statement each (no snapshot shared between
        them): on PostgreSQL in autocommit, so no BEGIN and ROLLBACK travel to the server."""
        with self.engine.connect() as connection:
            if self.is_postgresql:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            yield connection

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache  # the migrations shipped do not change while the process runs; reading them takes 12 ms
def migration_heads() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    return tuple(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))
