"""Personal feed tokens: secret, revocable addresses of a user's, a person's or a party's feed.

Only a token's hash is stored; the token itself is shown once, to whoever asked for it.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.extensions import db
from meetings.models import FeedToken, utcnow
from meetings.security import mark_private
from meetings.text import without_invisible_characters
from meetings.transaction import operation, transaction

# A feed's use is recorded at most this often, so polling clients don't write on every request.
USE_RECORDED_EVERY = timedelta(hours=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@operation
def issue_token(*, user_id: int | None = None, person_id: int | None = None, party_id: int | None = None,
                label: str = "") -> str:
    """A new secret feed token; only its hash is stored, so the caller shows it once."""
    token = secrets.token_urlsafe(32)
    db.session.add(FeedToken(token_hash=hash_token(token), user_id=user_id, person_id=person_id,
                             party_id=party_id, label=without_invisible_characters(label).strip()[:100]))
    return token


def find_token(token: str) -> FeedToken | None:
    """The active token, or None for unknown or revoked ones (both answer 404)."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(
        select(FeedToken)
        .where(FeedToken.token_hash == hash_token(token), FeedToken.revoked_at.is_(None))
        .options(joinedload(FeedToken.user), joinedload(FeedToken.party))
    )
    if found is not None:
        mark_private()  # a personal feed: someone's meetings, perhaps restricted ones
    return found


@operation
def revoke_token(token: FeedToken) -> None:
    token.revoked_at = utcnow()


def tokens_of(*, user_id: int | None = None, person_id: int | None = None) -> list[FeedToken]:
    query = select(FeedToken).where(FeedToken.revoked_at.is_(None)).order_by(FeedToken.created_at)
    query = query.where(FeedToken.user_id == user_id) if user_id else query.where(FeedToken.person_id == person_id)
    return list(db.session.scalars(query))


def touch_token(token: FeedToken) -> None:
    """Record use at most once an hour. A transaction only when it writes: its commit would
    expire the token that the feed is about to read."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        with transaction():
            token.last_used_at = now
