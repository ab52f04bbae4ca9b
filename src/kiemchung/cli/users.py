"""``kiemchung users``: desk accounts, roles, password resets, API tokens, and taking people off
the desk (deactivate for now, remove for good)."""

from __future__ import annotations

from typing import Optional

import typer

from . import app
from .common import open_store, stderr

users_app = typer.Typer(
    help=(
        "Desk users: add, reset a password, change a role, make and revoke API "
        "tokens, deactivate or remove. Example: kiemchung users add "
        "lan@toasoan.vn --role editor"
    ),
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
    """Set a new password; the user's open sessions and API tokens end.

    Example: kiemchung users reset-password lan@toasoan.vn
    """
    from ..desk import users

    store = open_store()
    users.reset_password(store, email, _password(password))
    stderr.print(f"Password of {email} changed")


@users_app.command("role")
def role_command(email: str = typer.Argument(...), role: str = typer.Argument(...)) -> None:
    """Change a user's role (admin, editor, factchecker); their sessions and API tokens end.

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
    """List desk users and their roles (deactivated ones last, marked).

    Example: kiemchung users list
    """
    from ..desk import users

    store = open_store()
    for user in users.all_users(store):
        print(f"{user.email}\t{user.role}\t{user.name}")
    for user in users.deactivated_users(store):
        print(f"{user.email}\t{user.role}\t{user.name}\tdeactivated")


@users_app.command("deactivate")
def deactivate_command(email: str = typer.Argument(...)) -> None:
    """Stop a user's login for now: their sessions and API tokens end at once, the account
    stays (and 'users activate' brings it back). For someone on leave.

    Example: kiemchung users deactivate lan@toasoan.vn
    """
    from ..desk import users

    store = open_store()
    users.deactivate(store, email)
    stderr.print(f"{email} can no longer log in; their sessions and API tokens ended")


@users_app.command("activate")
def activate_command(email: str = typer.Argument(...)) -> None:
    """Let a deactivated user log in again (API tokens stay revoked: make a new one).

    Example: kiemchung users activate lan@toasoan.vn
    """
    from ..desk import users

    store = open_store()
    users.activate(store, email)
    stderr.print(f"{email} can log in again")


@users_app.command("remove")
def remove_command(email: str = typer.Argument(...)) -> None:
    """Take a user off the desk for good: sessions and API tokens end at once, the login
    (email and password) is erased and cannot come back; the name stays on the notes, drafts
    and fact-checks they wrote, and their claims are unassigned. For someone who left.

    Example: kiemchung users remove lan@toasoan.vn
    """
    from ..desk import users

    store = open_store()
    users.remove(store, email)
    stderr.print(f"{email} was removed from the desk")


tokens_app = typer.Typer(
    help="API tokens: list them, revoke one. Example: kiemchung users tokens list",
    no_args_is_help=True,
)
users_app.add_typer(tokens_app, name="tokens")


@tokens_app.command("list")
def tokens_list_command(
    email: Optional[str] = typer.Argument(None, help="Only this user's tokens."),
) -> None:
    """List API tokens (id, user, name, created, revoked); the tokens themselves are never
    shown again.

    Example: kiemchung users tokens list lan@toasoan.vn
    """
    from ..desk import users

    store = open_store()
    for token in users.tokens(store, email):
        state = f"revoked {token.revoked_at}" if token.revoked_at else "active"
        print(f"{token.id}\t{token.email}\t{token.name}\t{token.created_at}\t{state}")


@tokens_app.command("revoke")
def tokens_revoke_command(
    token_id: Optional[int] = typer.Argument(None, help="The token's id (users tokens list)."),
    every: Optional[str] = typer.Option(
        None, "--all", metavar="EMAIL", help="Revoke every token of this user instead."
    ),
) -> None:
    """Revoke an API token at once (or every token of a user with --all EMAIL).

    Example: kiemchung users tokens revoke 3
    """
    from ..desk import users
    from ..errors import InputError

    if (token_id is None) == (every is None):
        raise InputError("give either a token id or --all EMAIL")
    store = open_store()
    if every is not None:
        revoked = users.revoke_tokens(store, every)
        stderr.print(f"{revoked} API token(s) of {every} revoked")
        return
    assert token_id is not None
    users.revoke_token(store, token_id)
    stderr.print(f"API token {token_id} revoked")
