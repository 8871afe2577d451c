"""iCalendar feeds: which meetings and sessions a feed holds, as calendar_export entries.

The rules of RFC 5545 bytes live in calendar_export; this module decides what goes in a feed
(the same visibility rule as the HTML pages), how a meeting reads in a calendar client, and how
to tell cheaply whether a feed changed (for ETag and 304 answers without building the feed).
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from calendar_export import Calendar, Entry, build_calendar
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Delegation,
    FeedToken,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    Party,
    Registration,
    UserRole,
    Visibility,
    utcnow,
)
from meetings.text import without_invisible_characters
from meetings.timeutil import local_dates
from meetings.visibility import ACTIVE_REGISTRATION, visible_meetings_clause

# Cancelled meetings stay in feeds (STATUS:CANCELLED) this long after their end, so every
# subscriber's client sees the cancellation before the event leaves the feed.
CANCELLED_GRACE = timedelta(days=7)
REFRESH = timedelta(hours=1)
# Bumped when the way entries are written changes, so cached feeds are refetched.
FORMAT_VERSION = "1"

STATUS = {
    MeetingStatus.DRAFT: "TENTATIVE",
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}
CLASS = {Visibility.PUBLIC: "PUBLIC", Visibility.MEMBERS: "PRIVATE", Visibility.RESTRICTED: "CONFIDENTIAL"}


def _text(value: str) -> str:
    """Characters iCalendar cannot carry are dropped, never a 500."""
    return without_invisible_characters(value or "")


@dataclass(frozen=True)
class FeedScope:
    """What a feed holds: a WHERE clause on meetings, and whether sessions are included."""

    key: str  # identifies the feed in its ETag
    clause: ColumnElement[bool]
    sessions: bool
    name: str
    description: str


def meeting_uid(meeting: Meeting, domain: str) -> str:
    # Derived only from the immutable id: the same in every feed, export and e-mail.
    return f"meeting-{meeting.id}@{domain}"


def item_uid(item: AgendaItem, domain: str) -> str:
    return f"agenda-item-{item.id}@{domain}"


def _in_feed(now: datetime) -> ColumnElement[bool]:
    """Drafts never; cancelled meetings only during their grace period."""
    return and_(
        Meeting.status != MeetingStatus.DRAFT,
        or_(Meeting.status != MeetingStatus.CANCELLED, Meeting.ends_at > now - CANCELLED_GRACE),
    )


def public_scope(*, type_code: str | None = None, party_code: str | None = None) -> FeedScope:
    clause = visible_meetings_clause(None)
    type_name = party_name = None
    if type_code:
        clause = and_(clause, Meeting.type_id.in_(select(MeetingType.id).where(MeetingType.code == type_code)))
        mtype = db.session.scalar(select(MeetingType).where(MeetingType.code == type_code))
        if mtype is not None:
            type_name = str(localized(mtype, "name"))
    if party_code:
        party_id = select(Party.id).where(Party.code == party_code).scalar_subquery()
        delegations = select(Delegation.meeting_id).where(Delegation.party_id == party_id)
        clause = and_(clause, or_(Meeting.host_party_id == party_id, Meeting.id.in_(delegations)))
        party = db.session.scalar(select(Party).where(Party.code == party_code))
        if party is not None:
            party_name = str(localized(party, "name"))
    return FeedScope(
        key=f"public:{type_code or ''}:{party_code or ''}",
        clause=clause,
        sessions=False,
        name=public_feed_name(type_name, party_name),
        description=_("Public meetings of the Conference on Interaction and Confidence Building Measures in Asia"),
    )


def public_feed_name(type_name: str | None = None, party_name: str | None = None) -> str:
    """The public feed's name in calendars, also given to Outlook.com when it subscribes."""
    name = _("CICA meetings")
    for part in (type_name, party_name):
        if part:
            name = f"{name}: {part}"
    return name


def meeting_scope(meeting: Meeting) -> FeedScope:
    return FeedScope(
        key=f"meeting:{meeting.id}",
        clause=Meeting.id == meeting.id,
        sessions=True,
        name=str(localized(meeting, "title")),
        description=_("A CICA meeting and its programme"),
    )


def token_scope(token: FeedToken) -> FeedScope:
    """A personal feed: the meetings (with sessions) of a user, a person or a party."""
    name = _("My CICA meetings")
    if token.user is not None:
        clause = _user_meetings(token.user)
    elif token.person_id is not None:
        clause = _person_meetings(token.person_id)
    else:
        clause = _party_meetings(token.party_id)
        name = f"{_('CICA meetings')}: {localized(token.party, 'name')}"
    return FeedScope(
        key=f"token:{token.id}", clause=clause, sessions=True, name=name,
        description=_("Personal calendar of CICA meetings and sessions"),
    )


def _user_meetings(user) -> ColumnElement[bool]:
    """The meetings a user's personal feed follows: their own, their party's, or (Secretariat) all."""
    if user.role is UserRole.DELEGATE and user.person_id is not None:
        clause = _person_meetings(user.person_id)
    elif user.role is UserRole.FOCAL_POINT and user.party_id is not None:
        clause = _party_meetings(user.party_id)
    else:
        clause = true()  # the Secretariat follows every meeting
    return and_(clause, visible_meetings_clause(user))


def in_personal_feed(user, meeting: Meeting, now: datetime) -> bool:
    """Whether a personal feed of ``user`` holds ``meeting`` now (one query), so the meeting's
    page can say where to follow it, and not to subscribe to it twice."""
    query = select(Meeting.id).where(Meeting.id == meeting.id, _user_meetings(user), _in_feed(now))
    return db.session.scalar(query) is not None


def _person_meetings(person_id: int) -> ColumnElement[bool]:
    registered = select(Registration.meeting_id).where(
        Registration.person_id == person_id, Registration.status.in_(ACTIVE_REGISTRATION)
    )
    return Meeting.id.in_(registered)


def _party_meetings(party_id: int) -> ColumnElement[bool]:
    return or_(Meeting.id.in_(select(Delegation.meeting_id).where(Delegation.party_id == party_id)),
               Meeting.host_party_id == party_id)


def fingerprint(scope: FeedScope, lang: str, now: datetime) -> tuple[str, datetime | None]:
    """(strong ETag, Last-Modified) of a feed from one aggregate query, without building it.

    Any change to a meeting or session in the feed moves a newest update time or a count
    (deletions lower a count); a cancelled meeting leaving the feed lowers the meeting count.
    """
    ids = select(Meeting.id).where(scope.clause, _in_feed(now))
    rows = [
        db.session.execute(
            # The sum of ids changes when the set changes (one added and another gone).
            select(func.count(), func.coalesce(func.sum(model.id), 0), func.max(model.updated_at)).where(where)
        ).one()
        for model, where in ((Meeting, Meeting.id.in_(ids)), (AgendaItem, AgendaItem.meeting_id.in_(ids)))
    ]
    stamps = [row[2] for row in rows if row[2] is not None]
    last_modified = max(stamps) if stamps else None
    raw = f"{FORMAT_VERSION}|{scope.key}|{lang}|{[tuple(row) for row in rows]}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32], last_modified


def _location(meeting: Meeting, lang: str, room_name: str = "") -> str:
    parts = [room_name]
    if meeting.venue is not None:
        parts.append(str(localized(meeting.venue, "name", lang)))
    parts.append(str(localized(meeting, "city", lang)))
    if meeting.format is MeetingFormat.ONLINE:
        parts.append(_("Online"))
    return ", ".join(p for p in parts if p)


def _summary(title: str, meeting: Meeting) -> str:
    if meeting.status is MeetingStatus.CANCELLED:
        return _("CANCELLED: %(title)s", title=title)
    if meeting.status is MeetingStatus.POSTPONED:
        return _("POSTPONED: %(title)s", title=title)
    return title


def meeting_entry(meeting: Meeting, *, lang: str, domain: str, page_url: str) -> Entry:
    """The meeting itself: all-day over its local dates when it spans several days, timed otherwise."""
    title = _text(str(localized(meeting, "title", lang)))
    first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    if first == last:
        start, end, zone = meeting.starts_at, meeting.ends_at, meeting.timezone
    else:
        start, end, zone = first, last + timedelta(days=1), None
    description = [_text(str(localized(meeting, "description", lang)))]
    if meeting.online_url and meeting.format is not MeetingFormat.IN_PERSON:
        description.append(_("Join online: %(url)s", url=meeting.online_url))
    description.append(page_url)
    return Entry(
        uid=meeting_uid(meeting, domain),
        summary=_summary(title, meeting),
        start=start,
        end=end,
        timezone=zone,
        sequence=meeting.sequence,
        status=STATUS[meeting.status],
        created=meeting.created_at,
        last_modified=meeting.updated_at,
        location=_text(_location(meeting, lang)),
        description="\n\n".join(d for d in description if d),
        url=page_url,
        categories=(_text(str(localized(meeting.type, "name", lang))),),
        classification=CLASS[meeting.visibility],
    )


def item_entry(item: AgendaItem, meeting: Meeting, *, lang: str, domain: str, page_url: str) -> Entry:
    title = _text(str(localized(item, "title", lang)))
    meeting_title = _text(str(localized(meeting, "title", lang)))
    description = [meeting_title, _text(str(localized(item, "description", lang)))]
    if item.chair is not None:
        description.append(_("Chair: %(name)s", name=_text(item.chair.display_name)))
    if meeting.online_url and meeting.format is not MeetingFormat.IN_PERSON:
        description.append(_("Join online: %(url)s", url=meeting.online_url))
    description.append(page_url)
    return Entry(
        uid=item_uid(item, domain),
        summary=_summary(title, meeting),
        start=item.starts_at,
        end=item.ends_at,
        timezone=meeting.timezone,
        # A session changes for calendars when it or its meeting does; both only ever grow.
        sequence=item.sequence + meeting.sequence,
        status=STATUS[meeting.status],
        created=item.created_at,
        last_modified=max(item.updated_at, meeting.updated_at),
        location=_text(_location(meeting, lang, item.room.name if item.room else "")),
        description="\n\n".join(d for d in description if d),
        url=page_url,
        categories=(_text(str(localized(meeting.type, "name", lang))),),
        classification=CLASS[meeting.visibility],
    )


def feed_meetings(scope: FeedScope, now: datetime) -> list[Meeting]:
    query = (
        select(Meeting)
        .where(scope.clause, _in_feed(now))
        .options(joinedload(Meeting.type), joinedload(Meeting.venue))
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if scope.sessions:
        query = query.options(
            selectinload(Meeting.agenda_items).options(joinedload(AgendaItem.room), joinedload(AgendaItem.chair))
        )
    return list(db.session.scalars(query).unique())


def build_feed(
    scope: FeedScope,
    *,
    lang: str,
    domain: str,
    now: datetime,
    page_url: Callable[[Meeting], str],
    source_url: str,
    include_breaks: bool = False,
) -> bytes:
    with force_locale(lang):
        entries = []
        stamps = []
        for meeting in feed_meetings(scope, now):
            url = page_url(meeting)
            entries.append(meeting_entry(meeting, lang=lang, domain=domain, page_url=url))
            stamps.append(meeting.updated_at)
            if scope.sessions:
                for item in meeting.agenda_items:
                    if item.kind is AgendaItemKind.BREAK and not include_breaks:
                        continue
                    entries.append(item_entry(item, meeting, lang=lang, domain=domain, page_url=url))
                    stamps.append(item.updated_at)
        calendar = Calendar(
            name=_text(scope.name), description=_text(scope.description), source_url=source_url, refresh=REFRESH,
            entries=tuple(entries),
        )
    # DTSTAMP follows the data, not the clock: an unchanged feed keeps its bytes and ETag.
    return build_calendar(calendar, dtstamp=max(stamps, default=now.replace(microsecond=0)))


# --- personal feed tokens -------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user_id: int | None = None, person_id: int | None = None, party_id: int | None = None,
                label: str = "") -> str:
    """A new secret feed token; only its hash is stored, so the caller shows it once."""
    token = secrets.token_urlsafe(32)
    db.session.add(FeedToken(token_hash=hash_token(token), user_id=user_id, person_id=person_id,
                             party_id=party_id, label=_text(label).strip()[:100]))
    db.session.commit()
    return token


def find_token(token: str) -> FeedToken | None:
    """The active token, or None for unknown or revoked ones (both answer 404)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(FeedToken)
        .where(FeedToken.token_hash == hash_token(token), FeedToken.revoked_at.is_(None))
        .options(joinedload(FeedToken.user), joinedload(FeedToken.party))
    )


def revoke_token(token: FeedToken) -> None:
    token.revoked_at = utcnow()
    db.session.commit()


def tokens_of(*, user_id: int | None = None, person_id: int | None = None) -> list[FeedToken]:
    query = select(FeedToken).where(FeedToken.revoked_at.is_(None)).order_by(FeedToken.created_at)
    query = query.where(FeedToken.user_id == user_id) if user_id else query.where(FeedToken.person_id == person_id)
    return list(db.session.scalars(query))


def touch_token(token: FeedToken) -> None:
    """Record use at most once an hour, so polling clients don't write on every request."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
        token.last_used_at = now
        db.session.commit()
