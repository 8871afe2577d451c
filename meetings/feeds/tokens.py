"""Personal feed tokens: secret, revocable addresses of a user's, a person's or a party's feed.

Only a token's hash is stored; the token itself is shown once, to whoever asked for it. Every
token, whoever issued it, can be revoked by whom it serves (the user, the person's account, the
party's focal points) and by organizers; issuing and revoking are audited.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from meetings import audit, changes
from meetings.domain import NotAllowedError, NotFoundError
from meetings.extensions import db
from meetings.models import AuditEntry, ChangeCounter, FeedToken, Meeting, Registration, User, UserRole, utcnow
from meetings.security import mark_private
from meetings.text import without_invisible_characters
from meetings.transaction import operation, transaction
from meetings.visibility import ACTIVE_REGISTRATION

# A feed's use is recorded at most this often, so polling clients don't write on every request.
USE_RECORDED_EVERY = timedelta(hours=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@operation
def issue_token(*, user_id: int | None = None, person_id: int | None = None, party_id: int | None = None,
                label: str = "", issued_by: User | None = None, meeting_id: int | None = None) -> str:
    """A new secret feed token; only its hash is stored, so the caller shows it once. ``issued_by``:
    who asked (audited; None for the system), ``meeting_id``: the meeting it was issued from."""
    token = secrets.token_urlsafe(32)
    row = FeedToken(token_hash=hash_token(token), user_id=user_id, person_id=person_id,
                    party_id=party_id, label=without_invisible_characters(label).strip()[:100])
    db.session.add(row)
    db.session.flush()  # its id, for the audit entry
    audit.record(issued_by, "feed_token", "issued", object_id=row.id, meeting_id=meeting_id,
                 summary=f"Calendar address issued ({_owner(row)})",
                 changes=audit.created({"user_id": user_id, "person_id": person_id, "party_id": party_id,
                                        "label": row.label}))
    return token


def _owner(token: FeedToken) -> str:
    """Whose feed a token opens, for the audit trail."""
    if token.user_id is not None:
        return f"user {token.user_id}"
    if token.person_id is not None:
        return f"person {token.person_id}"
    return f"party {token.party_id}"


def find_token(token: str) -> FeedToken | None:
    """The active token, or None for unknown or revoked ones (both answer 404)."""
    return find_token_and_stamp(token)[0]


def find_token_and_stamp(token: str) -> tuple[FeedToken | None, changes.Stamp]:
    """The active token (None for unknown or revoked ones) and the change counter, in one query."""
    if not token or len(token) > 100:
        return None, changes.Stamp(0, None)
    row = db.session.execute(
        select(FeedToken, *changes.stamp_columns())
        .outerjoin(ChangeCounter, ChangeCounter.id == 1)
        .where(FeedToken.token_hash == hash_token(token), FeedToken.revoked_at.is_(None))
        .options(joinedload(FeedToken.user), joinedload(FeedToken.party))
    ).first()
    if row is None:
        return None, changes.Stamp(0, None)
    mark_private()  # a personal feed: someone's meetings, perhaps restricted ones
    return row[0], changes.to_stamp(row[1], row[2])


def _owned_by(user: User):
    """The tokens that serve ``user``: their own, their person's, and (a focal point) their party's."""
    clause = FeedToken.user_id == user.id
    if user.person_id is not None:
        clause = or_(clause, FeedToken.person_id == user.person_id)
    if user.role is UserRole.FOCAL_POINT and user.party_id is not None:
        clause = or_(clause, FeedToken.party_id == user.party_id)
    return clause


def _of_participants(meeting: Meeting):
    """The tokens of the people taking part in ``meeting`` (an active registration)."""
    people = select(Registration.person_id).where(Registration.meeting_id == meeting.id,
                                                  Registration.status.in_(ACTIVE_REGISTRATION))
    return FeedToken.person_id.in_(people)


def _active(clause) -> list[FeedToken]:
    return list(db.session.scalars(
        select(FeedToken).where(FeedToken.revoked_at.is_(None), clause).order_by(FeedToken.created_at, FeedToken.id)
    ))


def tokens_of(user: User) -> list[FeedToken]:
    """The active tokens a user sees on their account, and may revoke: whoever issued them."""
    return _active(_owned_by(user))


def tokens_of_participants(meeting: Meeting) -> dict[int, list[FeedToken]]:
    """Person id -> the active tokens of that participant of ``meeting``, for its organizers."""
    found: dict[int, list[FeedToken]] = {}
    for token in _active(_of_participants(meeting)):
        found.setdefault(token.person_id, []).append(token)
    return found


def issuers(tokens: list[FeedToken]) -> dict[int, User]:
    """Token id -> who issued it, from the audit trail (tokens issued before it was kept: none)."""
    if not tokens:
        return {}
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == audit.action_name("feed_token", "issued"),
               AuditEntry.object_id.in_([t.id for t in tokens]), AuditEntry.user_id.is_not(None))
        .options(joinedload(AuditEntry.user))
    )
    return {entry.object_id: entry.user for entry in entries}


@operation
def revoke_token(token_id: int, *, by: User, meeting: Meeting | None = None) -> FeedToken:
    """Revoke an active token that ``by`` may revoke: one that serves them, or (an organizer,
    with ``meeting``) one of that meeting's participants. Any other token, revoked or unknown,
    is NotFoundError: a foreign URL tells nothing about the tokens of others."""
    if meeting is not None and not by.is_organizer:
        raise NotAllowedError()
    clause = _of_participants(meeting) if meeting is not None else _owned_by(by)
    token = db.session.scalar(
        select(FeedToken).where(FeedToken.id == token_id, FeedToken.revoked_at.is_(None), clause)
    )
    if token is None:
        raise NotFoundError()
    token.revoked_at = utcnow()
    audit.record(by, "feed_token", "revoked", object_id=token.id, meeting_id=meeting.id if meeting else None,
                 summary=f"Calendar address revoked ({_owner(token)})")
    return token


def touch_token(token: FeedToken) -> None:
    """Record use at most once an hour. A transaction only when it writes: its commit would
    expire the token that the feed is about to read. The write moves no feed's change counter
    (feed_token is in meetings.changes.NEVER_IN_FEEDS)."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        with transaction():
            token.last_used_at = now
