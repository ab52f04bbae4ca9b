"""The newsroom's users: roles, argon2 password hashes, API tokens, and taking people off the desk.

Deactivating a user stops their login and keeps the account (``activate`` brings it back);
removing one is for good: the email and password go, the name stays on what they did. Both, a
password reset and a role change end every session and API token of the user at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection

from ..clock import timestamp
from ..errors import Conflict, InputError, NotFound
from ..store import Store
from ..store.queries import users as queries
from . import audit as audit_log
from .common import ROLES

_hasher = PasswordHasher()
MIN_PASSWORD = 10
TOKEN_PREFIX = "kc_"


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str
    session_version: int


@dataclass(frozen=True)
class Token:
    id: int
    email: str  # whose token it is
    name: str
    created_at: str
    revoked_at: str | None


def as_user(row: queries.UserRow) -> User:
    """A ``User`` from a row of the users table."""
    return User(row.id, row.email, row.name, row.role, row.session_version)


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or any(ch.isspace() for ch in email):
        raise InputError(f"{email!r} is not an email address", code="email", field="email")
    return email


def _check(password: str, role: str) -> None:
    if role not in ROLES:
        raise InputError(
            f"unknown role {role!r} (use one of: {', '.join(ROLES)})", code="role", field="role"
        )
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"the password needs at least {MIN_PASSWORD} characters",
            code="password",
            field="password",
            least=MIN_PASSWORD,
        )


def add(
    store: Store, email: str, password: str, role: str, name: str | None = None, actor: str = "cli"
) -> User:
    email = _clean_email(email)
    _check(password, role)
    with store.writing() as connection:
        if queries.email_taken(connection, email):
            raise InputError(f"a user {email} already exists", code="user_exists", field="email")
        user_id = queries.add_user(
            connection,
            email=email,
            name=(name or email.split("@")[0]).strip()[:100],
            role=role,
            password_hash=_hasher.hash(password),
            at=timestamp(),
        )
        audit_log.record(connection, actor, "user.add", email, role=role)
    return get(store, user_id)


def get(store: Store, user_id: int) -> User:
    with store.reading() as connection:
        row = queries.active_user(connection, user_id)
    if row is None:
        raise NotFound(f"no user {user_id}", code="no_user")
    return as_user(row)


def by_email(store: Store, email: str) -> User:
    with store.reading() as connection:
        row = queries.active_user_by_email(connection, email.strip().lower())
    if row is None:
        raise NotFound(f"no user {email}", code="no_user")
    return as_user(row)


def all_users(store: Store) -> list[User]:
    with store.reading() as connection:
        return [as_user(row) for row in queries.active_users(connection)]


def deactivated_users(store: Store) -> list[User]:
    """Users who cannot log in for now (``activate`` brings them back); removed ones are gone."""
    with store.reading() as connection:
        return [as_user(row) for row in queries.deactivated_users(connection)]


def authenticate(store: Store, email: str, password: str) -> User | None:
    """The user when the password is right, else None (same answer for unknown emails)."""
    with store.reading() as connection:
        row = queries.active_user_by_email(connection, email.strip().lower())
    if row is None:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return as_user(row)


def _end_access(connection: Connection, user_id: int) -> dict[str, int]:
    """End every session and revoke every API token of a user (in the caller's transaction)."""
    ended, revoked = queries.end_access(connection, user_id, timestamp())
    return {"sessions": ended, "tokens": revoked}


def _keep_an_admin(connection: Connection, user: User) -> None:
    """Refuse to leave the desk without an active admin (nobody could manage it then)."""
    if user.role != "admin":
        return
    if not queries.other_active_admins(connection, user.id):
        raise Conflict(
            f"{user.email} is the last admin: make another user admin first", code="last_admin"
        )


def reset_password(store: Store, email: str, password: str, actor: str = "cli") -> None:
    """New password; every open session and API token of the user ends."""
    user = by_email(store, email)
    _check(password, user.role)
    with store.writing() as connection:
        queries.set_password_hash(connection, user.id, _hasher.hash(password))
        ended = _end_access(connection, user.id)
        audit_log.record(connection, actor, "user.reset_password", user.email, **ended)


def set_role(store: Store, email: str, role: str, actor: str) -> None:
    """A new role; every open session and API token of the user ends (they log in again)."""
    if role not in ROLES:
        raise InputError(
            f"unknown role {role!r} (use one of: {', '.join(ROLES)})", code="role", field="role"
        )
    user = by_email(store, email)
    if role == user.role:
        return
    with store.writing() as connection:
        _keep_an_admin(connection, user)
        queries.set_role(connection, user.id, role)
        ended = _end_access(connection, user.id)
        audit_log.record(
            connection, actor, "user.role", user.email, before=user.role, after=role, **ended
        )


def deactivate(store: Store, email: str, actor: str = "cli") -> None:
    """Stop a user's login for now: sessions and tokens end, the account stays
    (``activate`` brings it back, with a new token needed for scripts)."""
    user = by_email(store, email)
    with store.writing() as connection:
        _keep_an_admin(connection, user)
        queries.set_active(connection, user.id, False)
        ended = _end_access(connection, user.id)
        audit_log.record(connection, actor, "user.deactivate", user.email, **ended)


def activate(store: Store, email: str, actor: str = "cli") -> User:
    """Let a deactivated user log in again (a removed one cannot come back)."""
    email = email.strip().lower()
    with store.writing() as connection:
        row = queries.kept_user_by_email(connection, email)
        if row is None:
            raise NotFound(f"no user {email}", code="no_user")
        if row.active == 1:
            return as_user(row)
        queries.set_active(connection, row.id, True)
        audit_log.record(connection, actor, "user.activate", email)
    return by_email(store, email)


def remove(store: Store, email: str, actor: str = "cli") -> None:
    """Take a user off the desk for good: sessions and tokens end, the login (email and
    password) is erased so the address can be added again as a new user; the name stays on
    the notes, drafts and fact-checks they wrote. Their claims are unassigned."""
    email = email.strip().lower()
    with store.writing() as connection:
        row = queries.kept_user_by_email(connection, email)
        if row is None:
            raise NotFound(f"no user {email}", code="no_user")
        user = as_user(row)
        if row.active == 1:
            _keep_an_admin(connection, user)
        ended = _end_access(connection, user.id)
        queries.erase_login(connection, user.id, timestamp())
        queries.unassign_claims(connection, user.id)
        audit_log.record(connection, actor, "user.remove", email, **ended)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(store: Store, email: str, name: str = "script", actor: str = "cli") -> str:
    """A new API token for scripted writes; only its hash is stored, so show it once."""
    user = by_email(store, email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.writing() as connection:
        queries.add_token(
            connection,
            user_id=user.id,
            token_hash=_token_hash(token),
            name=name[:100],
            at=timestamp(),
        )
        audit_log.record(connection, actor, "token.create", user.email, name=name[:100])
    return token


def user_for_token(store: Store, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    with store.reading() as connection:
        row = queries.user_of_token(connection, _token_hash(token))
    return as_user(row) if row is not None else None


def tokens(store: Store, email: str | None = None) -> list[Token]:
    """API tokens, newest first: one user's, or everyone's (revoked ones too, marked)."""
    owner = email.strip().lower() if email is not None else None
    with store.reading() as connection:
        return [Token(*row) for row in queries.tokens(connection, owner)]


def revoke_token(store: Store, token_id: int, actor: str = "cli", owner: str | None = None) -> None:
    """Revoke one API token at once; with ``owner``, only if it is that user's."""
    with store.writing() as connection:
        row = queries.token_owner(connection, token_id)
        if row is None or (owner is not None and row.email != owner):
            raise NotFound(f"no API token {token_id}", code="no_token")
        if row.revoked_at is not None:
            return
        queries.revoke_token(connection, token_id, timestamp())
        audit_log.record(
            connection, actor, "token.revoke", row.email, token=token_id, name=row.name
        )


def revoke_tokens(store: Store, email: str, actor: str = "cli") -> int:
    """Revoke every API token of a user; how many were still active."""
    user = by_email(store, email)
    with store.writing() as connection:
        revoked = queries.revoke_tokens_of(connection, user.id, timestamp())
        audit_log.record(connection, actor, "token.revoke_all", user.email, tokens=revoked)
    return revoked
