"""Login sessions kept on the server, so that logging out ends every copy of a session.

Flask-Login keeps ``User.get_id()``, "<user id>:<secret>", in the session cookie and in the
remember cookie. Only the secret's hash is stored; the user loader accepts a cookie only while
its login session is open and its user active. Logout ends the session, "log out everywhere"
and deactivation end all of a user's, a password change all but the one in use.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from meetings.extensions import db, login_manager
from meetings.models import LoginSession, User, utcnow
from meetings.transaction import operation, transaction

# Last seen is written at most this often, not on every request.
SEEN_RECORDED_EVERY = timedelta(minutes=5)
_ID = re.compile(r"(\d{1,18}):([A-Za-z0-9_-]{20,100})")

# (token in the User-Agent, name shown), first match wins: Edge and Opera also say "Chrome".
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("YaBrowser", "Yandex Browser"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def device_label(user_agent: str) -> str:
    """A short name of the browser and system ("Firefox on Windows") for the list of sessions."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or user_agent[:60]


@operation
def start_session(user: User, user_agent: str = "") -> LoginSession:
    """A new login session; the user object then carries its secret for get_id()."""
    secret = secrets.token_urlsafe(32)
    login = LoginSession(user=user, secret_hash=hash_secret(secret), device=device_label(user_agent)[:100])
    db.session.add(login)
    db.session.flush()
    user.login_session_id, user.login_secret = login.id, secret
    return login


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The active user of an open login session, in one query; None for anything else."""
    match = _ID.fullmatch(user_id or "")
    if match is None:
        return None
    row = db.session.execute(
        select(User, LoginSession)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(User.id == int(match[1]), User.active.is_(True), LoginSession.secret_hash == hash_secret(match[2]),
               LoginSession.ended_at.is_(None))
    ).one_or_none()
    if row is None:
        return None
    user, login = row
    user.login_session_id, user.login_secret = login.id, match[2]
    now = utcnow()
    if now - login.last_seen_at > SEEN_RECORDED_EVERY:
        with transaction():
            login.last_seen_at = now
    return user


def open_sessions(user: User) -> list[LoginSession]:
    return list(db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
    ))


@operation
def end_sessions(user: User, *, only: int | None = None, keep: int | None = None) -> int:
    """End the user's open login sessions (``only`` one of them, or all but ``keep``); how many ended."""
    query = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if only is not None:
        query = query.where(LoginSession.id == only)
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return db.session.execute(query.values(ended_at=utcnow()), execution_options={"synchronize_session": False}
                              ).rowcount
