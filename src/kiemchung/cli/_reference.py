"""The CLI reference in docs/cli.md, generated from the commands themselves.

    .venv/bin/python -m kiemchung.cli._reference > docs/cli.md

``tests/test_docs.py`` fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import os

import typer

from . import _register, app


def _commands(group, path: list[str]):  # type: ignore[no-untyped-def]
    for name in sorted(group.commands):
        command = group.commands[name]
        if getattr(command, "hidden", False):
            continue
        yield path + [name], command
        if hasattr(command, "commands"):
            yield from _commands(command, path + [name])


def render() -> str:
    """Markdown with the help of every command, at a fixed width so the file is stable."""
    os.environ["COLUMNS"] = "100"
    _register()
    root = typer.main.get_command(app)
    parts = [
        "# Command-line reference",
        "",
        "Generated from the commands (`python -m kiemchung.cli._reference`); "
        "`kiemchung COMMAND --help` shows the same.",
        "",
    ]
    for path, command in _commands(root, ["kiemchung"]):
        context = typer.Context(command, info_name=" ".join(path))
        parts += [f"## {' '.join(path)}", "", "```", command.get_help(context).strip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(render())
