"""Logged-in sessions, kept in the database so that they can be ended.

A session is a random token (in the browser's cookie; only its sha256 is stored) with the
anti-forgery token bound to it. Logging in starts a new one (both tokens fresh), logging out
ends it, and a password reset, a role change, a deactivation or a removal ends every session
of that user: the old cookie stops working at its next request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from ..clock import iso, now
from ..store import Store
from ..store.queries import users as queries
from .users import User, as_user

AGE = 12 * 3600  # seconds a session lasts, however active


@dataclass(frozen=True)
class Session:
    token: str  # what the cookie carries
    csrf: str  # the anti-forgery token every write of this session must send
    user: User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(store: Store, user: User) -> Session:
    """A new session for ``user`` (expired sessions are cleared on the way)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    moment = now()
    with store.writing() as connection:
        queries.drop_sessions_expired(connection, iso(moment))
        queries.add_session(
            connection,
            token_hash=_hash(token),
            user_id=user.id,
            csrf=csrf,
            created_at=iso(moment),
            expires_at=iso(moment + timedelta(seconds=AGE)),
        )
    return Session(token, csrf, user)


def resolve(store: Store, token: str) -> Session | None:
    """The live session of this cookie token, or None (unknown, ended, expired, user gone)."""
    if not token:
        return None
    with store.reading() as connection:
        found = queries.live_session(connection, _hash(token), iso(now()))
    if found is None:
        return None
    row, csrf = found
    return Session(token, csrf, as_user(row))


def end(store: Store, token: str) -> None:
    """Log out: the session stops working at once."""
    with store.writing() as connection:
        queries.end_session(connection, _hash(token))
