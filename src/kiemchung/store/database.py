"""The SQLite database: one engine, WAL, foreign keys, migrations by Alembic on open.

Everything SQLite-specific about the connection lives here; a PostgreSQL backend would replace
this module, ``lexical.py`` and the FTS part of the first migration.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Connection, CursorResult, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError

from ..errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row a one-row INSERT wrote."""
    key = result.inserted_primary_key
    if key is None:  # only for statements that are not a one-row INSERT: a bug, not input
        raise TypeError("inserted_id() needs the result of a one-row INSERT")
    return int(key[0])


class Database:
    """A migrated SQLite database file; ``transaction()`` is the only way to write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine: Engine = create_engine(f"sqlite:///{path}", future=True)
        event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self.migrate()
        except DatabaseError as error:  # locked, unreadable, or not SQLite at all
            raise StoreError(f"Database {path} cannot be opened: {error.orig}.") from None

    def migrate(self) -> None:
        """Bring the schema to the newest migration (no-op when it is already there)."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config(str(MIGRATIONS / "alembic.ini"))
        config.set_main_option("script_location", str(MIGRATIONS))
        # Features add their tables as independent branches off 0001 (desk, monitor), so the
        # target is every head rather than a single one.
        heads = set(ScriptDirectory.from_config(config).get_heads())
        with self.engine.begin() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
            if current == heads:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any error or kill."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()
