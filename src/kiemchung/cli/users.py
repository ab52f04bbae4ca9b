"""``kiemchung users``: desk accounts, roles, password resets and API tokens."""

from __future__ import annotations

from typing import Optional

import typer

from . import app
from .common import open_store, stderr

users_app = typer.Typer(
    help="Desk users: add, reset a password, change a role, make an API token.",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")


def _password(given: Optional[str]) -> str:
    if given is not None:
        return given
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def add_command(
    email: str = typer.Argument(..., help="The user's email (their login)."),
    role: str = typer.Option("factchecker", "--role", help="admin, editor or factchecker."),
    name: Optional[str] = typer.Option(
        None, "--name", help="Name shown on the desk and on published fact-checks."
    ),
    password: Optional[str] = typer.Option(None, "--password", help="Asked for when omitted."),
) -> None:
    """Add a desk user. Example: kiemchung users add lan@toasoan.vn --role editor"""
    from ..desk import users

    store = open_store()
    user = users.add(store, email, _password(password), role, name)
    stderr.print(f"Added {user.email} ({user.role})")


@users_app.command("reset-password")
def reset_command(
    email: str = typer.Argument(...),
    password: Optional[str] = typer.Option(None, "--password", help="Asked for when omitted."),
) -> None:
    """Set a new password; the user's open sessions end.

    Example: kiemchung users reset-password lan@toasoan.vn
    """
    from ..desk import users

    store = open_store()
    users.reset_password(store, email, _password(password))
    stderr.print(f"Password of {email} changed")


@users_app.command("role")
def role_command(email: str = typer.Argument(...), role: str = typer.Argument(...)) -> None:
    """Change a user's role (admin, editor, factchecker).

    Example: kiemchung users role lan@toasoan.vn admin
    """
    from ..desk import users

    store = open_store()
    users.set_role(store, email, role, actor="cli")
    stderr.print(f"{email} is now {role}")


@users_app.command("token")
def token_command(
    email: str = typer.Argument(...),
    name: str = typer.Option("script", "--name", help="What the token is for."),
) -> None:
    """Print a new API token for scripted writes (shown once; send as 'Authorization: Bearer').

    Example: kiemchung users token lan@toasoan.vn
    """
    from ..desk import users

    store = open_store()
    print(users.create_token(store, email, name))


@users_app.command("list")
def list_command() -> None:
    """List desk users and their roles.

    Example: kiemchung users list
    """
    from ..desk import users

    store = open_store()
    for user in users.all_users(store):
        print(f"{user.email}\t{user.role}\t{user.name}")
