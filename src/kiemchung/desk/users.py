"""The newsroom's users: roles, argon2 password hashes, session versions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from ..clock import timestamp
from ..errors import InputError, NotFound
from ..store import Store
from ..store.database import inserted_id
from . import audit as audit_log
from .common import ROLES
from .schema import api_tokens, users

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


def _user(row) -> User:  # type: ignore[no-untyped-def]
    return User(row.id, row.email, row.name, row.role, row.session_version)


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or any(ch.isspace() for ch in email):
        raise InputError(f"{email!r} is not an email address")
    return email


def _check(password: str, role: str) -> None:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (use one of: {', '.join(ROLES)})")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password needs at least {MIN_PASSWORD} characters")


def add(
    store: Store, email: str, password: str, role: str, name: str | None = None, actor: str = "cli"
) -> User:
    email = _clean_email(email)
    _check(password, role)
    with store.db.transaction() as connection:
        if connection.execute(select(users.c.id).where(users.c.email == email)).first():
            raise InputError(f"a user {email} already exists")
        result = connection.execute(
            users.insert().values(
                email=email,
                name=(name or email.split("@")[0]).strip()[:100],
                role=role,
                password_hash=_hasher.hash(password),
                session_version=1,
                active=1,
                created_at=timestamp(),
            )
        )
        audit_log.record(connection, actor, "user.add", email, role=role)
    return get(store, inserted_id(result))


def get(store: Store, user_id: int) -> User:
    with store.db.read() as connection:
        row = connection.execute(
            select(users).where(users.c.id == user_id, users.c.active == 1)
        ).first()
    if row is None:
        raise NotFound(f"no user {user_id}")
    return _user(row)


def by_email(store: Store, email: str) -> User:
    with store.db.read() as connection:
        row = connection.execute(
            select(users).where(users.c.email == email.strip().lower(), users.c.active == 1)
        ).first()
    if row is None:
        raise NotFound(f"no user {email}")
    return _user(row)


def all_users(store: Store) -> list[User]:
    with store.db.read() as connection:
        return [
            _user(row)
            for row in connection.execute(
                select(users).where(users.c.active == 1).order_by(users.c.email)
            )
        ]


def authenticate(store: Store, email: str, password: str) -> User | None:
    """The user when the password is right, else None (same answer for unknown emails)."""
    with store.db.read() as connection:
        row = connection.execute(
            select(users).where(users.c.email == email.strip().lower(), users.c.active == 1)
        ).first()
    if row is None:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return _user(row)


def reset_password(store: Store, email: str, password: str, actor: str = "cli") -> None:
    """New password; every open session of the user ends (the session version moves on)."""
    user = by_email(store, email)
    _check(password, user.role)
    with store.db.transaction() as connection:
        connection.execute(
            users.update()
            .where(users.c.id == user.id)
            .values(
                password_hash=_hasher.hash(password), session_version=users.c.session_version + 1
            )
        )
        audit_log.record(connection, actor, "user.reset_password", user.email)


def set_role(store: Store, email: str, role: str, actor: str) -> None:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (use one of: {', '.join(ROLES)})")
    user = by_email(store, email)
    with store.db.transaction() as connection:
        connection.execute(
            users.update()
            .where(users.c.id == user.id)
            .values(role=role, session_version=users.c.session_version + 1)
        )
        audit_log.record(connection, actor, "user.role", user.email, before=user.role, after=role)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(store: Store, email: str, name: str = "script", actor: str = "cli") -> str:
    """A new API token for scripted writes; only its hash is stored, so show it once."""
    user = by_email(store, email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.db.transaction() as connection:
        connection.execute(
            api_tokens.insert().values(
                user_id=user.id,
                token_hash=_token_hash(token),
                name=name[:100],
                created_at=timestamp(),
            )
        )
        audit_log.record(connection, actor, "token.create", user.email, name=name[:100])
    return token


def user_for_token(store: Store, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    with store.db.read() as connection:
        row = connection.execute(
            select(users)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(
                api_tokens.c.token_hash == _token_hash(token),
                api_tokens.c.revoked_at.is_(None),
                users.c.active == 1,
            )
        ).first()
    return _user(row) if row is not None else None
