"""The desk's people: users, their logged-in sessions and their API tokens."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import ColumnElement, Connection, delete, func, select, update

from ...desk import schema as desk
from ..database import inserted_id


class UserRow(NamedTuple):
    """A row of ``desk_users`` as the desk reads it (``password_hash`` for logging in)."""

    id: int
    email: str
    name: str
    role: str
    session_version: int
    active: int
    password_hash: str


class TokenRow(NamedTuple):
    """An API token, named by its owner's email."""

    id: int
    email: str
    name: str
    created_at: str
    revoked_at: str | None


class TokenOwner(NamedTuple):
    revoked_at: str | None
    name: str
    email: str


def _user_columns() -> tuple[ColumnElement[object], ...]:
    users = desk.users
    return (
        users.c.id,
        users.c.email,
        users.c.name,
        users.c.role,
        users.c.session_version,
        users.c.active,
        users.c.password_hash,
    )


def _user(connection: Connection, *where: ColumnElement[bool]) -> UserRow | None:
    row = connection.execute(select(*_user_columns()).where(*where)).first()
    return None if row is None else UserRow._make(row)


def _users(connection: Connection, *where: ColumnElement[bool]) -> list[UserRow]:
    rows = connection.execute(select(*_user_columns()).where(*where).order_by(desk.users.c.email))
    return [UserRow._make(row) for row in rows]


# -- users -----------------------------------------------------------------------------------


def email_taken(connection: Connection, email: str) -> bool:
    """Whether a user row (active or not) holds ``email``."""
    found = connection.execute(select(desk.users.c.id).where(desk.users.c.email == email)).first()
    return found is not None


def add_user(
    connection: Connection, *, email: str, name: str, role: str, password_hash: str, at: str
) -> int:
    """A new active user; returns its id."""
    result = connection.execute(
        desk.users.insert().values(
            email=email,
            name=name,
            role=role,
            password_hash=password_hash,
            session_version=1,
            active=1,
            created_at=at,
        )
    )
    return inserted_id(result)


def active_user(connection: Connection, user_id: int) -> UserRow | None:
    return _user(connection, desk.users.c.id == user_id, desk.users.c.active == 1)


def active_user_by_email(connection: Connection, email: str) -> UserRow | None:
    return _user(connection, desk.users.c.email == email, desk.users.c.active == 1)


def kept_user_by_email(connection: Connection, email: str) -> UserRow | None:
    """The user with ``email``, active or deactivated, unless removed for good."""
    return _user(connection, desk.users.c.email == email, desk.users.c.removed_at.is_(None))


def active_users(connection: Connection) -> list[UserRow]:
    """Users who can log in, by email."""
    return _users(connection, desk.users.c.active == 1)


def deactivated_users(connection: Connection) -> list[UserRow]:
    """Users who cannot log in for now (not removed), by email."""
    return _users(connection, desk.users.c.active == 0, desk.users.c.removed_at.is_(None))


def other_active_admins(connection: Connection, user_id: int) -> int:
    """How many active admins there are besides user ``user_id``."""
    users = desk.users
    return int(
        connection.execute(
            select(func.count())
            .select_from(users)
            .where(users.c.role == "admin", users.c.active == 1, users.c.id != user_id)
        ).scalar_one()
    )


def is_active(connection: Connection, user_id: int) -> bool:
    users = desk.users
    found = connection.execute(
        select(users.c.id).where(users.c.id == user_id, users.c.active == 1)
    ).first()
    return found is not None


def set_password_hash(connection: Connection, user_id: int, password_hash: str) -> None:
    connection.execute(
        update(desk.users).where(desk.users.c.id == user_id).values(password_hash=password_hash)
    )


def set_role(connection: Connection, user_id: int, role: str) -> None:
    connection.execute(update(desk.users).where(desk.users.c.id == user_id).values(role=role))


def set_active(connection: Connection, user_id: int, active: bool) -> None:
    connection.execute(
        update(desk.users).where(desk.users.c.id == user_id).values(active=int(active))
    )


def erase_login(connection: Connection, user_id: int, at: str) -> None:
    """Remove user ``user_id`` for good: inactive, the email and password hash gone."""
    connection.execute(
        update(desk.users)
        .where(desk.users.c.id == user_id)
        .values(active=0, email=f"removed-{user_id}", password_hash="!", removed_at=at)
    )


def unassign_claims(connection: Connection, user_id: int) -> None:
    """The claims assigned to user ``user_id`` have no assignee any more."""
    items = desk.items
    connection.execute(update(items).where(items.c.assignee_id == user_id).values(assignee_id=None))


def end_access(connection: Connection, user_id: int, at: str) -> tuple[int, int]:
    """End every session and revoke (at ``at``) every API token of user ``user_id``, and bump
    its session version; returns how many sessions ended and tokens were revoked."""
    ended = connection.execute(
        delete(desk.sessions).where(desk.sessions.c.user_id == user_id)
    ).rowcount
    revoked = revoke_tokens_of(connection, user_id, at)
    users = desk.users
    connection.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(session_version=users.c.session_version + 1)
    )
    return int(ended), revoked


# -- sessions --------------------------------------------------------------------------------


def add_session(
    connection: Connection,
    *,
    token_hash: str,
    user_id: int,
    csrf: str,
    created_at: str,
    expires_at: str,
) -> None:
    connection.execute(
        desk.sessions.insert().values(
            token_hash=token_hash,
            user_id=user_id,
            csrf=csrf,
            created_at=created_at,
            expires_at=expires_at,
        )
    )


def drop_sessions_expired(connection: Connection, at: str) -> None:
    """Sessions expired at ``at`` are deleted."""
    connection.execute(delete(desk.sessions).where(desk.sessions.c.expires_at <= at))


def live_session(connection: Connection, token_hash: str, at: str) -> tuple[UserRow, str] | None:
    """The active user of the session ``token_hash`` unexpired at ``at``, and its anti-forgery
    token."""
    sessions = desk.sessions
    row = connection.execute(
        select(*_user_columns(), sessions.c.csrf)
        .join(sessions, sessions.c.user_id == desk.users.c.id)
        .where(
            sessions.c.token_hash == token_hash,
            sessions.c.expires_at > at,
            desk.users.c.active == 1,
        )
    ).first()
    return None if row is None else (UserRow._make(row[:-1]), row.csrf)


def end_session(connection: Connection, token_hash: str) -> None:
    connection.execute(delete(desk.sessions).where(desk.sessions.c.token_hash == token_hash))


# -- API tokens ------------------------------------------------------------------------------


def add_token(connection: Connection, *, user_id: int, token_hash: str, name: str, at: str) -> None:
    connection.execute(
        desk.api_tokens.insert().values(
            user_id=user_id, token_hash=token_hash, name=name, created_at=at
        )
    )


def user_of_token(connection: Connection, token_hash: str) -> UserRow | None:
    """The active user of the unrevoked API token ``token_hash``."""
    tokens = desk.api_tokens
    row = connection.execute(
        select(*_user_columns())
        .join(tokens, tokens.c.user_id == desk.users.c.id)
        .where(
            tokens.c.token_hash == token_hash,
            tokens.c.revoked_at.is_(None),
            desk.users.c.active == 1,
        )
    ).first()
    return None if row is None else UserRow._make(row)


def tokens(connection: Connection, email: str | None = None) -> list[TokenRow]:
    """API tokens of users not removed (of the user ``email`` only, when given), newest first."""
    api_tokens, users = desk.api_tokens, desk.users
    query = (
        select(
            api_tokens.c.id,
            users.c.email,
            api_tokens.c.name,
            api_tokens.c.created_at,
            api_tokens.c.revoked_at,
        )
        .join(users, users.c.id == api_tokens.c.user_id)
        .where(users.c.removed_at.is_(None))
        .order_by(api_tokens.c.id.desc())
    )
    if email is not None:
        query = query.where(users.c.email == email)
    return [TokenRow._make(row) for row in connection.execute(query)]


def token_owner(connection: Connection, token_id: int) -> TokenOwner | None:
    """API token ``token_id``: when it was revoked, its name and its owner's email."""
    api_tokens, users = desk.api_tokens, desk.users
    row = connection.execute(
        select(api_tokens.c.revoked_at, api_tokens.c.name, users.c.email)
        .join(users, users.c.id == api_tokens.c.user_id)
        .where(api_tokens.c.id == token_id)
    ).first()
    return None if row is None else TokenOwner._make(row)


def revoke_token(connection: Connection, token_id: int, at: str) -> None:
    api_tokens = desk.api_tokens
    connection.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=at))


def revoke_tokens_of(connection: Connection, user_id: int, at: str) -> int:
    """Revoke every active API token of user ``user_id``; how many there were."""
    api_tokens = desk.api_tokens
    return int(
        connection.execute(
            update(api_tokens)
            .where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        ).rowcount
    )
