"""Which meetings a feed holds, and how to tell cheaply whether a feed changed.

A feed's scope is a WHERE clause on meetings under the same visibility rule as the HTML pages:
the public feed (by type or party), one meeting's feed, and the personal feeds of a token. The
fingerprint of a scope gives the ETag and Last-Modified of 304 answers without building the feed.
"""

import functools
import hashlib
import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import tzdata
from flask_babel import get_babel
from flask_babel import gettext as _
from sqlalchemy import BigInteger, ColumnElement, and_, cast, func, literal_column, or_, select, true, union_all
from sqlalchemy.orm import joinedload, selectinload

from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    AgendaItem,
    Delegation,
    FeedToken,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    Person,
    Registration,
    Room,
    UserRole,
    Venue,
)
from meetings.visibility import ACTIVE_REGISTRATION, visible_meetings_clause

# Cancelled meetings stay in feeds (STATUS:CANCELLED) this long after their end, so every
# subscriber's client sees the cancellation before the event leaves the feed.
CANCELLED_GRACE = timedelta(days=7)
# Bumped when the way entries are written changes, so cached feeds are refetched. What else
# every feed's bytes depend on and a deployment may change is added by format_version().
FORMAT_VERSION = "2"


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


def feed_meetings(scope: FeedScope, now: datetime) -> list[Meeting]:
    """The meetings a feed holds now, in order, with what their entries show loaded."""
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
