"""Personal API tokens: a user's key for the JSON API, for scripts and calendar syncs.

A token acts as its user under /api/ only (meetings/accounts/bearer.py), never on pages or feeds.
Only the hash of its secret is stored; the secret is shown once, at creation. A token stops
working when revoked, past its expiry, or once its user is deactivated or no longer has the role,
party and person it was created under: what it may read was decided for that identity.
Creating and revoking are audited (object type "api_token"; never the secret or its hash).
"""

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm.attributes import set_committed_value

from meetings import audit
from meetings.accounts.sessions import hash_secret
from meetings.domain import NotFoundError, RuleError
from meetings.extensions import db
from meetings.models import ApiToken, User, UserRole, utcnow
from meetings.text import check_text
from meetings.transaction import operation, transaction

# Recognisable in a leaked file or a secret scanner's rules.
PREFIX = "cica_"
_SECRET = re.compile(re.escape(PREFIX) + r"[A-Za-z0-9_-]{43}")
MAX_NAME_LENGTH = 100
# Enough for a few scripts and syncs; a forgotten loop creating tokens stops here.
MAX_ACTIVE_TOKENS = 10
# The latest expiry one may choose; also keeps the date arithmetic inside datetime's range.
MAX_LIFETIME = timedelta(days=5 * 366)
# Last use is written at most this often, not on every call.
USE_RECORDED_EVERY = timedelta(minutes=1)


class ApiTokenError(RuleError):
    """A token that cannot be created as asked, with a message for the user."""


@dataclass(frozen=True)
class ApiTokenInput:
    name: str
    expires_on: date | None = None  # the last day it works (UTC); None: until revoked


def is_active(token: ApiToken, now: datetime) -> bool:
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens not revoked (expired ones too, so the list says why one stopped), newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


def _checked(data: ApiTokenInput, now: datetime) -> tuple[str, datetime | None]:
    name = check_text(data.name, "name").strip()  # refused, not silently changed
    if not name:
        raise ApiTokenError(_l("Give the token a name, e.g. what will use it."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ApiTokenError(_l("At most %(count)s characters.", count=MAX_NAME_LENGTH), field="name")
    if data.expires_on is None:
        return name, None
    if data.expires_on < now.date():
        raise ApiTokenError(_l("The expiry date has passed: choose today or a later day."), field="expires_on")
    if data.expires_on > (now + MAX_LIFETIME).date():
        raise ApiTokenError(_l("Choose an expiry within five years."), field="expires_on")
    # It works through the whole of its last day.
    return name, datetime.combine(data.expires_on + timedelta(days=1), time(0), tzinfo=UTC)


@operation
def create_token(user: User, data: ApiTokenInput) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret, which the caller shows once: only its hash is kept."""
    now = utcnow()
    name, expires_at = _checked(data, now)
    if sum(is_active(token, now) for token in tokens_of(user)) >= MAX_ACTIVE_TOKENS:
        raise ApiTokenError(_l("You have %(count)s active tokens, the most allowed: revoke one you no longer use.",
                               count=MAX_ACTIVE_TOKENS))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, secret_hash=hash_secret(secret), role=user.role, party_id=user.party_id,
                     person_id=user.person_id, created_at=now, expires_at=expires_at)
    db.session.add(token)
    db.session.flush()  # its id, for the audit entry
    audit.record(user, "api_token", "created", object_id=token.id, meeting_id=None,
                 summary=f"API token created for user {user.id}: {name}",
                 changes=audit.created({"user_id": user.id, "name": name, "expires_at": expires_at}))
    return token, secret


@operation
def revoke_token(token_id: int, *, by: User) -> ApiToken:
    """Revoke a token of ``by``'s own, or (an admin) anyone's. Any other token, revoked or unknown,
    is NotFoundError: a foreign id tells nothing about the tokens of others."""
    query = select(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
    if by.role is not UserRole.ADMIN:
        query = query.where(ApiToken.user_id == by.id)
    token = db.session.scalar(query)
    if token is None:
        raise NotFoundError()
    token.revoked_at = utcnow()
    audit.record(by, "api_token", "revoked", object_id=token.id, meeting_id=None,
                 summary=f"API token revoked for user {token.user_id}: {token.name}")
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The token a secret stands for (its user loaded with it), or None: unknown, revoked or expired token, or a user who is
    deactivated or no longer the role, party or person the token was created for. One query."""
    if not _SECRET.fullmatch(secret):
        return None
    digest = hash_secret(secret)
    row = db.session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.secret_hash == digest, ApiToken.revoked_at.is_(None), User.active.is_(True),
               ApiToken.role == User.role, ApiToken.party_id.is_not_distinct_from(User.party_id),
               ApiToken.person_id.is_not_distinct_from(User.person_id),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()))
    ).one_or_none()
    # The lookup compares hashes of 256-bit secrets, so its timing tells nothing of a secret; the
    # comparison here is constant-time anyway, so no later change of the lookup can make it leak.
    if row is None or not hmac.compare_digest(row[0].secret_hash, digest):
        return None
    token, user = row
    set_committed_value(token, "user", user)  # read with it: no second query for token.user
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        with transaction():
            token.last_used_at = now
    return token
