"""The command line: a thin layer over the library. Each module in ``COMMANDS`` registers its
commands on ``app`` when imported.

Errors a user can cause (``KiemchungError``, a bad option) print one line and exit non-zero.
"""

from __future__ import annotations

import sys

import typer

try:  # Typer ≥ 0.29 carries its own copy of Click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click import ClickException  # type: ignore[assignment]

from ..errors import KiemchungError

app = typer.Typer(
    name="kiemchung",
    help="Kiểm chứng: find check-worthy claims in Vietnamese text and match them to fact-checks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(asked: bool) -> None:
    if asked:
        from .. import __version__

        print(f"kiemchung {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Kiểm chứng: find check-worthy claims in Vietnamese text and match them to fact-checks."""


# The command modules; importing one registers its commands on ``app``.
COMMANDS = (
    "channels",
    "claims",
    "db",
    "demo",
    "documents",
    "evaluate",
    "factchecks",
    "ingest",
    "match",
    "monitor",
    "rematch",
    "serve",
    "sources",
    "trends",
    "users",
    "worker",
)


def _register() -> None:
    import importlib

    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}")


def main(argv: list[str] | None = None) -> int:
    from .common import close_stores

    _register()
    try:
        result = app(args=argv, standalone_mode=False)
    except KiemchungError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    except typer.Abort:
        print("error: aborted", file=sys.stderr)
        return 130
    except ClickException as error:
        print(f"error: {error.format_message()}", file=sys.stderr)
        return error.exit_code or 2
    except KeyboardInterrupt:
        print("error: interrupted; finished batches are kept, rerun to continue", file=sys.stderr)
        return 130
    finally:
        close_stores()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
