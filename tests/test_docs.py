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


def test_the_compose_layout_runs_only_commands_that_exist(capsys):
    import yaml

    from kiemchung.cli import main

    compose = yaml.safe_load((DOCS.parent / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    commands = [service["command"] for service in compose["services"].values()
                if service.get("command", [None])[0] == "kiemchung"]
    assert len(commands) == 5  # migrate, web, worker, tipline worker, scheduler
    for command in commands:
        options = [arg for arg in command[1:] if arg.startswith("--")]
        words = [arg for arg in command[1:] if not arg.startswith("-")][:2]
        assert main([*words[:1 if words[0] != "db" else 2], "--help"]) == 0
        shown = capsys.readouterr().out
        assert all(option in shown for option in options), (command, shown)
