"""The store seam: outside ``store/`` no module builds SQL or asks which database it runs on.

The areas talk to the typed query functions of ``kiemchung.store.queries`` inside a unit of
work opened by the store (``store.reading()``, ``store.writing()``, ``store.lookup()``, never
``store.db``'s own). There are no exceptions: every module outside ``store/`` is checked, so no
list of modules allowed to build their own statements is kept.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kiemchung"
STORE = PACKAGE / "store"

# Names that construct statements (tables and columns may still be declared outside store/).
SQL_BUILDERS = frozenset(
    {
        "select",
        "insert",
        "update",
        "delete",
        "text",
        "func",
        "union",
        "or_",
        "and_",
        "literal_column",
        "case",
        "exists",
        "Select",
    }
)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if STORE not in p.parents)


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _sql_built(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [f"imports {a.name}" for a in node.names if a.name in SQL_BUILDERS]
        elif isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name == "sqlalchemy"]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "execute"
            and node.args  # a statement; a Redis pipeline's execute() takes none
        ):
            found.append(f"executes a statement on line {node.lineno}")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in ("read", "transaction", "lookup")
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "db"
        ):  # units of work are opened with store.reading() / .writing() / .lookup()
            found.append(f"opens the database itself (.db.{node.attr}) on line {node.lineno}")
    return found


def _dialect_tested(tree: ast.AST) -> list[str]:
    return [
        f"reads .{node.attr} on line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("is_postgresql", "dialect")
    ]


def _parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_a_module_outside_the_store_builds_no_sql(path: Path) -> None:
    assert _sql_built(_parsed(path)) == []


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_module_outside_the_store_asks_which_database_it_runs_on(path: Path) -> None:
    assert _dialect_tested(_parsed(path)) == []


def test_the_seam_check_sees_a_statement_built_and_run() -> None:
    source = (
        "from sqlalchemy import select\n"
        "def f(store):\n"
        "    with store.reading() as c:\n"
        "        return c.execute(select(1)).all()\n"
    )
    assert _sql_built(ast.parse(source)) == ["imports select", "executes a statement on line 4"]


def test_the_seam_check_sees_a_unit_of_work_opened_past_the_store() -> None:
    source = "def f(store):\n    with store.db.transaction() as c:\n        pass\n"
    assert _sql_built(ast.parse(source)) == [
        "opens the database itself (.db.transaction) on line 2"
    ]


def test_the_seam_check_sees_a_dialect_test() -> None:
    source = "def f(store):\n    return store.db.is_postgresql or store.db.dialect == 'sqlite'\n"
    assert len(_dialect_tested(ast.parse(source))) == 2
