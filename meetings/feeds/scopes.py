"""Which meetings a feed holds: a scope (a WHERE clause on meetings) in a window of days.

A feed's scope follows the same visibility rule as the HTML pages: the public feed (by type or
party), one meeting's feed, and the personal feeds of a token. Feeds hold upcoming meetings and
those that ended in the last FEED_WINDOW_DAYS days (one meeting's feed has no window); the
window's edges move once a day, so a feed's bytes change from time alone at most once a day.
Whether a feed changed is told by the change counter (meetings/changes.py, meetings/feeds/cache.py).
"""

import functools
import hashlib
import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import tzdata
from flask import current_app
from flask_babel import get_babel
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from meetings.domain import NotFoundError
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    AgendaItem,
    Delegation,
    Document,
    FeedToken,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    Person,
    Registration,
    UserRole,
    utcnow,
)
from meetings.visibility import ACTIVE_REGISTRATION, visible_documents_clause, visible_meetings_clause

# Cancelled meetings stay in feeds (STATUS:CANCELLED) at least this long after their cancellation,
# even outside the window, so every subscriber's client sees the cancellation.
CANCELLED_GRACE = timedelta(days=7)
# Bumped when the way entries are written changes, so cached feeds are refetched. What else
# every feed's bytes depend on and a deployment may change is added by format_version().
FORMAT_VERSION = "4"  # 4: documents' silence deadlines


@dataclass(frozen=True)
class Window:
    """The days a windowed feed reaches back: meetings that ended on or after the start of the
    UTC day ``days`` days before ``today`` (and every later one)."""

    today: date
    days: int

    @property
    def ended_since(self) -> datetime:
        return midnight(self.today - timedelta(days=self.days))

    @property
    def cancelled_since(self) -> datetime:
        return midnight(self.today - CANCELLED_GRACE)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def current_window(now: datetime | None = None) -> Window:
    return Window((now or utcnow()).astimezone(UTC).date(), current_app.config["FEED_WINDOW_DAYS"])


@dataclass(frozen=True)
class FeedScope:
    """What a feed holds: a WHERE clause on meetings, and whether sessions are included."""

    key: str  # identifies the feed in its cache key
    # The WHERE clause, made only when the feed is built: a cached feed needs none.
    clause: Callable[[], ColumnElement[bool]]
    sessions: bool
    # Called only when the feed is built, in its language: a 304 needs no name (nor its queries).
    name: Callable[[], str]
    description: str  # a lazy text: read only when built, in the feed's language
    windowed: bool = True
    # Which documents' silence deadlines it holds (a WHERE clause on Document joined to Meeting),
    # made only when built: the documents its reader may see. The key must tell readers apart
    # wherever this differs between them.
    documents: Callable[[], ColumnElement[bool]] = lambda: visible_documents_clause(None)


@dataclass(frozen=True)
class FeedOptions:
    """What a request puts into a feed's bytes besides the rows; the cache key covers all of it."""

    lang: str
    domain: str  # of the UIDs
    site_url: str  # scheme, host and root of the absolute page links (request.root_url)
    source_url: str  # the feed's own address (SOURCE)
    include_breaks: bool = False


def _in_feed(window: Window | None) -> ColumnElement[bool]:
    """Drafts never. In a window: meetings that end in it or later, and cancelled ones also until
    CANCELLED_GRACE after their cancellation (rounded up to the day) wherever they were."""
    shown = Meeting.status != MeetingStatus.DRAFT
    if window is None:
        return shown
    recently_cancelled = and_(Meeting.status == MeetingStatus.CANCELLED, Meeting.cancelled_at >= window.cancelled_since)
    return and_(shown, or_(Meeting.ends_at >= window.ended_since, recently_cancelled))


def public_scope(*, type_code: str | None = None, party_code: str | None = None) -> FeedScope:
    def clause() -> ColumnElement[bool]:
        where = visible_meetings_clause(None)
        if type_code:
            where = and_(where, Meeting.type_id.in_(select(MeetingType.id).where(MeetingType.code == type_code)))
        if party_code:
            party_id = select(Party.id).where(Party.code == party_code).scalar_subquery()
            delegations = select(Delegation.meeting_id).where(Delegation.party_id == party_id)
            where = and_(where, or_(Meeting.host_party_id == party_id, Meeting.id.in_(delegations)))
        return where

    def name() -> str:  # built only with the feed: a 304 needs no names
        mtype = db.session.scalar(select(MeetingType).where(MeetingType.code == type_code)) if type_code else None
        party = db.session.scalar(select(Party).where(Party.code == party_code)) if party_code else None
        if (type_code and mtype is None) or (party_code and party is None):
            # A 404 for a mistyped address, and nothing cached: made-up codes cannot fill the cache.
            raise NotFoundError()
        return public_feed_name(str(localized(mtype, "name")) if mtype else None,
                                str(localized(party, "name")) if party else None)

    return FeedScope(
        key=f"public:{type_code or ''}:{party_code or ''}",
        clause=clause,
        sessions=False,
        name=name,
        description=_l("Public meetings of the Conference on Interaction and Confidence Building Measures in Asia"),
    )


def public_feed_name(type_name: str | None = None, party_name: str | None = None) -> str:
    """The public feed's name in calendars, also given to Outlook.com when it subscribes."""
    name = _("CICA meetings")
    for part in (type_name, party_name):
        if part:
            name = f"{name}: {part}"
    return name


def audience_key(user) -> str:
    """Who reads one meeting's feed, as far as its documents differ between readers: anyone, the
    Secretariat (every document), or one user (members' and restricted documents are per person)."""
    if user is None or not user.is_authenticated:
        return "-"
    return "secretariat" if user.is_secretariat else f"user:{user.id}"


def meeting_scope(meeting: Meeting, user=None) -> FeedScope:
    """One meeting's feed, as ``user`` (None: anyone) may see it: the meeting is the same for every
    reader who may see it, its documents' deadlines are those of the reader's documents."""
    return FeedScope(
        key=f"meeting:{meeting.id}:{audience_key(user)}",
        documents=lambda: visible_documents_clause(user),
        clause=lambda: Meeting.id == meeting.id,
        sessions=True,
        name=lambda: str(localized(meeting, "title")),
        description=_l("A CICA meeting and its programme"),
        windowed=False,  # one meeting's file: whenever it is asked for
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
    reader = _token_reader(token)

    def name() -> str:
        if party is None:
            return _("My CICA meetings")
        return f"{_('CICA meetings')}: {localized(party, 'name')}"

    return FeedScope(
        # The clause is made now, from the token as loaded (touch_token's commit expires it).
        key=f"token:{token.id}", clause=lambda: clause, sessions=True, name=name,
        description=_l("Personal calendar of CICA meetings and sessions"),
        documents=lambda: visible_documents_clause(reader()),
    )


def _token_reader(token: FeedToken) -> Callable[[], object]:
    """Who reads the token's feed, for the visibility rule: its user, else a stand-in for its
    person or party. Made only when the feed is built (a 304 needs none of these rows)."""
    user, person_id, party_id = token.user, token.person_id, token.party_id

    def reader():
        if user is not None:
            return user
        if person_id is not None:
            return TokenReader(UserRole.DELEGATE, person_id=person_id, person=db.session.get(Person, person_id))
        return TokenReader(UserRole.FOCAL_POINT, party_id=party_id, party=db.session.get(Party, party_id))

    return reader


@dataclass(frozen=True)
class TokenReader:
    """Who reads a personal feed issued without an account: a participant (a delegate of their
    person) or a party (its focal point), as the visibility rule knows users."""

    role: UserRole
    person_id: int | None = None
    person: Person | None = None
    party_id: int | None = None
    party: Party | None = None
    is_authenticated: bool = True
    is_secretariat: bool = False


def _user_meetings(user) -> ColumnElement[bool]:
    """The meetings a user's personal feed follows: their own, their party's, or (Secretariat) all."""
    if user.role is UserRole.DELEGATE and user.person_id is not None:
        clause = _person_meetings(user.person_id)
    elif user.role is UserRole.FOCAL_POINT and user.party_id is not None:
        clause = _party_meetings(user.party_id)
    else:
        clause = true()  # the Secretariat follows every meeting
    return and_(clause, visible_meetings_clause(user))


def in_personal_feed(user, meeting: Meeting, window: Window) -> bool:
    """Whether a personal feed of ``user`` holds ``meeting`` now (one query), so the meeting's
    page can say where to follow it, and not to subscribe to it twice."""
    query = select(Meeting.id).where(Meeting.id == meeting.id, _user_meetings(user), _in_feed(window))
    return db.session.scalar(query) is not None


def _person_meetings(person_id: int) -> ColumnElement[bool]:
    registered = select(Registration.meeting_id).where(
        Registration.person_id == person_id, Registration.status.in_(ACTIVE_REGISTRATION)
    )
    return Meeting.id.in_(registered)


def _party_meetings(party_id: int) -> ColumnElement[bool]:
    return or_(Meeting.id.in_(select(Delegation.meeting_id).where(Delegation.party_id == party_id)),
               Meeting.host_party_id == party_id)


def feed_meetings(scope: FeedScope, window: Window) -> list[Meeting]:
    """The meetings a feed holds in ``window`` (if it has one), in order, with what their entries show loaded."""
    query = (
        select(Meeting)
        .where(scope.clause(), _in_feed(window if scope.windowed else None))
        .options(joinedload(Meeting.type), joinedload(Meeting.venue))
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if scope.sessions:
        query = query.options(
            selectinload(Meeting.agenda_items).options(joinedload(AgendaItem.room), joinedload(AgendaItem.chair))
        )
    return list(db.session.scalars(query).unique())


def feed_silences(scope: FeedScope, window: Window) -> list[Document]:
    """The documents under silence (or whose procedure ended) in a feed: issued, of a meeting in
    the feed's scope that is no draft, visible to the feed's reader, with a deadline in the window
    (a declaration may stay under silence for weeks after its meeting ended), in order of deadline."""
    query = (
        select(Document).join(Document.meeting)
        .where(scope.clause(), Meeting.status != MeetingStatus.DRAFT, Document.silence_until.is_not(None),
               Document.issued_at.is_not(None), scope.documents())
        .options(contains_eager(Document.meeting), joinedload(Document.silence_broken_by))
        .order_by(Document.silence_until, Document.id)
    )
    if scope.windowed:
        query = query.where(Document.silence_until >= window.ended_since)
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
