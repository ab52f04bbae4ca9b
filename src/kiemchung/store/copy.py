"""Copy a whole desk from one database to another (SQLite → PostgreSQL, or back), and prove it.

Every table is copied in foreign-key order inside one transaction on the target, so a copy cut
short leaves the target as empty as it was and can simply be run again. The lexical index and the
vector index are not copied: the target's triggers and pgvector build them from the rows. Each
table is then compared: row counts, and a SHA-256 of its rows read back in primary-key order.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import Connection, Table, func, select, text

from ..errors import StoreError
from .database import Database
from .schema import metadata

# Every module that declares tables on ``metadata``: a copy must know all of them.
TABLE_MODULES = (
    "kiemchung.store.schema",
    "kiemchung.desk.schema",
    "kiemchung.monitor.tables",
    "kiemchung.images.tables",
    "kiemchung.channels.tables",
    "kiemchung.work.ledger",
)
BATCH = 1000


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    copied: int
    same: bool  # same number of rows and the same checksum on both sides


def all_tables() -> list[Table]:
    """Every table of Kiểm chứng, parents before the tables that refer to them."""
    for module in TABLE_MODULES:
        importlib.import_module(module)
    return list(metadata.sorted_tables)


def copy_database(source: Database, target: Database) -> list[TableCopy]:
    """Copy every row of ``source`` into the empty, migrated ``target``; raises ``StoreError``
    when the target already holds rows or when a table differs after the copy."""
    tables = all_tables()
    if sorted(source.revisions()) != sorted(target.revisions()):
        raise StoreError("the two databases are at different migrations; open both first")
    with target.read() as connection:
        held = [(t.name, _count(connection, t)) for t in tables if t.name != "meta"]
    busy = [f"{name} ({rows} rows)" for name, rows in held if rows]
    if busy:
        raise StoreError(f"the target database is not empty: {', '.join(busy[:3])}")
    with source.read() as reading, target.transaction() as writing:
        writing.execute(metadata.tables["meta"].delete())  # versions: the source's are true
        for table in tables:
            for batch in _batches(reading, table):
                writing.execute(table.insert(), batch)
        if target.is_postgresql:
            _restart_sequences(writing, tables)
    results = []
    with source.read() as before, target.read() as after:
        for table in tables:
            rows, copied = _count(before, table), _count(after, table)
            same = rows == copied and checksum(before, table) == checksum(after, table)
            results.append(TableCopy(table.name, rows, copied, same))
    different = [result.table for result in results if not result.same]
    if different:
        raise StoreError(f"the copy differs from the original in {', '.join(different)}")
    return results


def checksum(connection: Connection, table: Table) -> str:
    """SHA-256 of a table's rows in primary-key order, each value written the same way whatever
    the database (bytes as hex, floats by repr, NULL as its own mark)."""
    digest = hashlib.sha256()
    for row in connection.execute(select(table).order_by(*_order(table))):
        digest.update("\x1f".join(_value(value) for value in row).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def _value(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _order(table: Table) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _batches(connection: Connection, table: Table) -> Iterable[list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for row in connection.execute(select(table).order_by(*_order(table))):
        rows.append(dict(row._mapping))
        if len(rows) >= BATCH:
            yield rows
            rows = []
    if rows:
        yield rows


def _restart_sequences(connection: Connection, tables: list[Table]) -> None:
    """Ids were copied as they were: each serial column's next value goes past the largest."""
    for table in tables:
        for column in table.primary_key.columns:
            serial = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar_one()
            if serial is None:
                continue
            largest = connection.execute(select(func.max(column))).scalar_one()
            connection.execute(
                text("SELECT setval(:serial, :next, false)"),
                {"serial": serial, "next": int(largest or 0) + 1},
            )
