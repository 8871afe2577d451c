"""iCalendar feeds: which meetings and sessions a feed holds, as calendar_export entries.

The rules of RFC 5545 bytes live in calendar_export; this module decides what goes in a feed
(the same visibility rule as the HTML pages), how a meeting reads in a calendar client, and how
to tell cheaply whether a feed changed (for ETag and 304 answers without building the feed).
"""

import functools
import hashlib
import importlib.metadata
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import tzdata
from flask_babel import force_locale, get_babel
from flask_babel import gettext as _
from sqlalchemy import BigInteger, ColumnElement, and_, cast, func, literal_column, or_, select, true, union_all
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
    Person,
    Registration,
    Room,
    UserRole,
    Venue,
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
# Bumped when the way entries are written changes, so cached feeds are refetched. What else
# every feed's bytes depend on and a deployment may change is added by format_version().
FORMAT_VERSION = "2"

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
    # Called only when the feed is built, in its language: a 304 needs no name (nor its queries).
    name: Callable[[], str]
    description: str


@dataclass(frozen=True)
class FeedOptions:
    """What a request puts into a feed's bytes besides the rows; the fingerprint covers all of it."""

    lang: str
    domain: str  # of the UIDs
    site_url: str  # scheme, host and root of the absolute page links (request.root_url)
    source_url: str  # the feed's own address (SOURCE)
    include_breaks: bool = False


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
    if type_code:
        clause = and_(clause, Meeting.type_id.in_(select(MeetingType.id).where(MeetingType.code == type_code)))
    if party_code:
        party_id = select(Party.id).where(Party.code == party_code).scalar_subquery()
        delegations = select(Delegation.meeting_id).where(Delegation.party_id == party_id)
        clause = and_(clause, or_(Meeting.host_party_id == party_id, Meeting.id.in_(delegations)))

    def name() -> str:  # built only with the feed: a 304 needs no names
        mtype = db.session.scalar(select(MeetingType).where(MeetingType.code == type_code)) if type_code else None
        party = db.session.scalar(select(Party).where(Party.code == party_code)) if party_code else None
        return public_feed_name(str(localized(mtype, "name")) if mtype else None,
                                str(localized(party, "name")) if party else None)

    return FeedScope(
        key=f"public:{type_code or ''}:{party_code or ''}",
        clause=clause,
        sessions=False,
        name=name,
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
        name=lambda: str(localized(meeting, "title")),
        description=_("A CICA meeting and its programme"),
    )


def token_scope(token: FeedToken) -> FeedScope:
    """A personal feed: the meetings (with sessions) of a user, a person or a party."""
    party = None
    if token.user is not None:
        clause = _user_meetings(token.user)
    elif token.person_id is not None:
        clause = _person_meetings(token.person_id)
    else:
        clause = _party_meetings(token.party_id)
        party = token.party

    def name() -> str:
        if party is None:
            return _("My CICA meetings")
        return f"{_('CICA meetings')}: {localized(party, 'name')}"

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


@functools.cache
def _catalogues_digest(directories: tuple[str, ...]) -> str:
    """A digest of the compiled catalogues (once per process, as Flask-Babel loads them once)."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.mo")):
            digest.update(f"{path.relative_to(directory)}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Read once: asking the package metadata on every feed request costs more than the 304 itself.
ICALENDAR_VERSION = importlib.metadata.version("icalendar")


def format_version() -> str:
    """FORMAT_VERSION and what else every feed's bytes depend on that a deployment may change:
    the translations ("Chair: ...", feed names in Russian), the time zone rules (local times,
    VTIMEZONE) and the iCalendar library that writes the bytes."""
    catalogues = _catalogues_digest(tuple(get_babel().translation_directories))
    return f"{FORMAT_VERSION}+mo.{catalogues}+tz.{tzdata.IANA_VERSION}+ical.{ICALENDAR_VERSION}"


def _aggregate(kind: str, model, where: ColumnElement[bool] | None = None):
    """One row of the fingerprint: how many rows of a kind reach the feed, which, and the newest
    change. A deletion lowers the count; rows swapped for others change the sum of ids, and where
    that sum stays ({1, 4} for {2, 3}) the sum of a multiplicative hash of each id moves."""
    query = select(
        literal_column(f"'{kind}'").label("kind"),
        func.count(model.id),
        func.coalesce(func.sum(model.id), 0),
        func.coalesce(func.sum(cast(model.id, BigInteger) * 2654435761 % 4294967291), 0),
        func.max(model.updated_at),
    )
    return query if where is None else query.where(where)


def fingerprint(scope: FeedScope, options: FeedOptions, now: datetime) -> tuple[str, datetime | None]:
    """(strong ETag, Last-Modified) of a feed from one aggregate query, without building it.

    It covers every row whose values reach the feed's bytes: the feed's meetings, their venues,
    and with sessions their agenda items, the items' rooms and chairs (only those: editing
    someone who chairs nothing here changes nothing), and all meeting types and parties (few
    rows; their names make categories and feed names). Besides rows: the scope, the request's
    options (language, host, links) and format_version(). Last-Modified is the newest stamp.
    """
    ids = select(Meeting.id).where(scope.clause, _in_feed(now))
    parts = [
        _aggregate("meeting", Meeting, Meeting.id.in_(ids)),
        _aggregate("venue", Venue, Venue.id.in_(select(Meeting.venue_id).where(Meeting.id.in_(ids)))),
        _aggregate("meeting_type", MeetingType),
        _aggregate("party", Party),
    ]
    if scope.sessions:
        items = AgendaItem.meeting_id.in_(ids)
        parts += [
            _aggregate("agenda_item", AgendaItem, items),
            _aggregate("room", Room, Room.id.in_(select(AgendaItem.room_id).where(items))),
            _aggregate("person", Person, Person.id.in_(select(AgendaItem.chair_id).where(items))),
        ]
    rows = sorted(tuple(row) for row in db.session.execute(union_all(*parts)))
    stamps = [row[-1] for row in rows if row[-1] is not None]
    last_modified = max(stamps) if stamps else None
    raw = f"{format_version()}|{scope.key}|{options!r}|{rows!r}"
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


def build_feed(scope: FeedScope, options: FeedOptions, *, now: datetime, page_url: Callable[[Meeting], str]) -> bytes:
    """The feed's bytes. page_url must build its links from options.site_url (the fingerprint
    covers that, not the function)."""
    lang, domain, include_breaks = options.lang, options.domain, options.include_breaks
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
            name=_text(scope.name()), description=_text(scope.description), source_url=options.source_url,
            refresh=REFRESH,
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
