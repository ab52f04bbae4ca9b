"""The command line: a thin layer over the library. Each command module registers on ``app``.

Errors a user can cause (``KiemchungError``, a bad option) print one line and exit non-zero.
"""

from __future__ import annotations

import sys

import typer

try:  # Typer ≥ 0.29 carries its own copy of Click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click import ClickException

from ..errors import KiemchungError

app = typer.Typer(
    name="kiemchung",
    help="Kiểm chứng: find check-worthy claims in Vietnamese text and match them to fact-checks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _register() -> None:
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_") and module.name != "common":
            importlib.import_module(f"{__name__}.{module.name}")


def main(argv: list[str] | None = None) -> int:
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
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
