"""The data directory is private: the folder 0700, every file in it 0600.

The database holds password and token hashes and readers' contact addresses, so nobody but the
account running Kiểm chứng may read it. SQLite gives its ``-wal`` and ``-shm`` files the mode of
the database file, so creating that file 0600 before SQLite opens it covers them too. A data
directory made by an older version, or copied with looser modes, is tightened when the store
opens, with a one-line notice on stderr.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def _tighten(path: Path, mode: int) -> bool:
    """Take group and other permissions away from ``path``; True when there were any."""
    current = stat.S_IMODE(path.lstat().st_mode)
    if not current & 0o077:
        return False
    path.chmod(current & ~0o077 & 0o7777 | (mode & 0o700))
    return True


def private_home(home: Path, database: Path) -> None:
    """Create ``home`` 0700 (and ``database`` 0600, empty, when missing); tighten what is
    already there, folders and files alike, saying so once."""
    home.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    loosened = _tighten(home, FOLDER_MODE)
    for folder, folders, names in os.walk(home):
        for name, mode in [(n, FOLDER_MODE) for n in folders] + [(n, FILE_MODE) for n in names]:
            path = Path(folder) / name
            if not path.is_symlink():  # chmod would change what the link points to
                loosened |= _tighten(path, mode)
    if loosened:
        print(
            f"notice: the data directory {home} was readable by other users; "
            "now only its owner can read it (folders 0700, files 0600)",
            file=sys.stderr,
        )


def private_file(path: Path) -> None:
    """After writing ``path`` in the data directory: only its owner may read it."""
    path.chmod(FILE_MODE)


LEFT_FOR = 3600.0  # seconds a file no row names is left alone: its row may be on its way


def remove_stale(
    folder: Path, keep: frozenset[str] = frozenset(), suffix: str = "", left_for: float = LEFT_FOR
) -> int:
    """Delete the files under ``folder`` whose names end with ``suffix`` and are not in
    ``keep``, last written more than ``left_for`` seconds ago: what a killed write, or a kill
    between writing a file and recording it, left behind. Returns how many."""
    if not folder.is_dir():
        return 0
    cutoff = time.time() - left_for
    removed = 0
    for path in folder.rglob("*"):
        stale = path.name.endswith(suffix) and path.name not in keep and _plain_file(path)
        if stale and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()
