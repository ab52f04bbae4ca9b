"""``kiemchung db``: the database's migrations, moving a desk to another database, and tidying
what nothing needs any more."""

from __future__ import annotations

import sys

import typer

from ..errors import InputError
from . import app
from .common import open_store

db_app = typer.Typer(
    help=(
        "The database: migrations, copying to PostgreSQL, tidying. Example: kiemchung db upgrade"
    ),
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade_command() -> int:
    """Bring the database (KIEMCHUNG_DATABASE_URL, or the SQLite file in the data directory) to
    the newest migration. Every command does this when it opens the database; this one does
    only that, for deployments that migrate before starting the web tier and the workers.

    Example: KIEMCHUNG_DATABASE_URL=postgresql+psycopg://kiemchung@db/kiemchung kiemchung db upgrade
    """
    store = open_store()
    where = store.db.path or store.db.engine.url.render_as_string(hide_password=True)
    revisions = sorted(store.db.revisions())
    print(f"{where}: up to date, newest migration {revisions[-1]}", file=sys.stderr)
    return 0


@db_app.command("copy")
def copy_command(
    to: str = typer.Option(
        ..., "--to", help="The target database URL, e.g. postgresql+psycopg://user@host/kiemchung"
    ),
) -> int:
    """Copy this desk's database, every table and row, into another (empty) database — the way
    from the SQLite default to PostgreSQL. Row counts and a SHA-256 of each table are compared
    after the copy; the command fails, leaving the target empty, if anything differs.

    Example: kiemchung db copy --to postgresql+psycopg://kiemchung@db.example/kiemchung
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from ..store.copy import copy_database
    from ..store.database import Database

    try:
        make_url(to)
    except ArgumentError:
        raise InputError(
            f"--to {to!r} is not a database URL (e.g. postgresql+psycopg://user@host/kiemchung)"
        ) from None
    store = open_store()
    target = Database(to)
    try:
        results = copy_database(store.db, target)
    finally:
        target.close()
    for result in results:
        print(f"{result.table}\t{result.rows} rows\tsame", file=sys.stderr)
    total = sum(result.rows for result in results)
    print(f"copied {total} rows in {len(results)} tables; every table checked", file=sys.stderr)
    return 0


@db_app.command("tidy")
def tidy_command() -> int:
    """Delete what nothing needs any more: images readers sent that no queue item or fact-check
    is about, after KIEMCHUNG_IMAGE_RETENTION_DAYS; archive files no kept source names; files a
    killed write left half written. The monitor does it when it starts and hourly.

    Example: kiemchung db tidy
    """
    from ..retention import tidy

    tidied = tidy(open_store())
    print(
        f"{tidied.images} image(s) and {tidied.archive_files} archive file(s) deleted",
        file=sys.stderr,
    )
    return 0
