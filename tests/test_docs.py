"""Docs that cannot drift: the CLI reference and every command's example."""

from pathlib import Path

from kiemchung.cli._reference import render

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_cli_reference_is_current():
    assert (DOCS / "cli.md").read_text(encoding="utf-8").strip() == render().strip(), (
        "docs/cli.md is stale: run .venv/bin/python -m kiemchung.cli._reference > docs/cli.md")


def test_every_command_shows_an_example_in_its_help():
    for section in render().split("\n## ")[1:]:
        name = section.splitlines()[0]
        if "Commands:" not in section:
            assert "Example" in section, f"{name} --help has no example"
