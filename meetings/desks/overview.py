"""What the organizer's desk shows: the Secretariat's upcoming meetings with their replies and
registrations waiting for accreditation, the deadlines of the next two weeks, what focal points
changed lately, and the logistics that need attention.

Read in a fixed number of queries however many meetings, delegations, registrations and audit
entries there are: counts are grouped in the database for all the meetings shown at once, and
only the few soonest meetings (LOGISTICS_MEETINGS) get the logistics dashboard's checks, which
are made per meeting.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import contains_eager, joinedload

from meetings.audit_labels import action_label
from meetings.extensions import db
from meetings.i18n import localized
from meetings.logistics.dashboard import sections
from meetings.logistics.summary import Attention
from meetings.logistics.tasks.services import UNFINISHED
from meetings.models import (
    AccreditationStatus,
    AuditEntry,
    Delegation,
    DelegationReply,
    HotelBlock,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    Person,
    Registration,
    Task,
    Travel,
    User,
    UserRole,
    VisaLetter,
)
from meetings.names import display_name, typed
from meetings.query import code_arg, int_arg, raw_arg
from meetings.timeutil import local_today
from meetings.visibility import visible_meetings_clause

# How far ahead the list of meetings looks (days); the first is the default.
HORIZONS = (90, 30, 180, 365)
DEADLINE_DAYS = 14  # deadlines from today to this many days ahead (each in its meeting's zone)
RECENT_DAYS = 7  # changes by focal points in the last this many days
MEETINGS_SHOWN = 10
DEADLINES_SHOWN = 50
CHANGES_SHOWN = 30
LOGISTICS_MEETINGS = 3
# Meetings with nothing left to prepare: a cancelled or held meeting has no replies to chase.
FINISHED = (MeetingStatus.CANCELLED, MeetingStatus.HELD)


@dataclass(frozen=True)
class DeskQuery:
    """The desk's filters, read from the query string: a meeting type's code ("" for all), the
    horizon of the list of meetings (days), and whether to show only the user's own tasks."""

    type: str = ""
    days: int = HORIZONS[0]
    mine: bool = False

    def args(self) -> dict[str, str | int]:
        """The filters as arguments of a link back to the desk (defaults left out)."""
        values = {"type": self.type, "days": self.days if self.days != HORIZONS[0] else None,
                  "mine": "1" if self.mine else None}
        return {name: value for name, value in values.items() if value}


def read_query(args: Mapping[str, str]) -> DeskQuery:
    """Filters from what anyone may type: an unknown horizon is the default one, an unknown type
    code matches no meeting (as in the calendar's filter)."""
    days = int_arg(args, "days", 1, 999)
    return DeskQuery(type=code_arg(args, "type", 32), days=days if days in HORIZONS else HORIZONS[0],
                     mine=raw_arg(args, "mine") in ("1", "y", "on"))


@dataclass
class MeetingRow:
    meeting: Meeting
    replies: Counter = field(default_factory=Counter)  # DelegationReply -> delegations
    statuses: Counter = field(default_factory=Counter)  # AccreditationStatus -> registrations

    @property
    def invited(self) -> int:
        return sum(self.replies.values())

    @property
    def accepted(self) -> int:
        return self.replies[DelegationReply.ACCEPTED]

    @property
    def declined(self) -> int:
        return self.replies[DelegationReply.DECLINED]

    @property
    def pending(self) -> int:
        return self.replies[DelegationReply.PENDING]

    @property
    def waiting(self) -> int:
        """Registrations waiting for accreditation."""
        return self.statuses[AccreditationStatus.REGISTERED]

    @property
    def accredited(self) -> int:
        return self.statuses[AccreditationStatus.ACCREDITED] + self.statuses[AccreditationStatus.ATTENDED]


@dataclass(frozen=True)
class Deadline:
    day: date  # a day of the meeting's own calendar
    days_left: int  # from today in the meeting's zone; negative: overdue
    code: str  # "registration", "task" or "release"
    kind: str
    what: str
    meeting: Meeting
    url: str


@dataclass(frozen=True)
class Change:
    entry: AuditEntry
    party: Party | None
    who: str
    what: str
    subject: str  # the person concerned, where the entry is about one
    url: str


@dataclass(frozen=True)
class MeetingAttention:
    meeting: Meeting
    items: list[Attention]


@dataclass
class Desk:
    meetings: list[MeetingRow]
    more_meetings: bool
    deadlines: list[Deadline]
    more_deadlines: bool
    changes: list[Change]
    logistics: list[MeetingAttention]


def meeting_types() -> list[MeetingType]:
    return list(db.session.scalars(select(MeetingType).order_by(MeetingType.sort_order, MeetingType.name_en)))


def _in_preparation(user, query: DeskQuery, now: datetime) -> ColumnElement[bool]:
    """Meetings the user may see, not over, cancelled or held, of the chosen type."""
    clause = and_(visible_meetings_clause(user), Meeting.status.not_in(FINISHED), Meeting.ends_at >= now)
    if query.type:
        clause = and_(clause, Meeting.type_id.in_(select(MeetingType.id).where(MeetingType.code == query.type)))
    return clause


def secretariat_desk(user, query: DeskQuery, now: datetime) -> Desk:
    rows, more = _upcoming(user, query, now)
    deadlines = _deadlines(user, query, now)
    logistics = [MeetingAttention(row.meeting, items) for row in rows[:LOGISTICS_MEETINGS]
                 if row.meeting.status is not MeetingStatus.DRAFT
                 and (items := [a for s in sections(row.meeting, now) for a in s.attention])]
    return Desk(rows, more, deadlines[:DEADLINES_SHOWN], len(deadlines) > DEADLINES_SHOWN,
                _changes(user, query, now), logistics)


# --- upcoming meetings, with their replies and registrations --------------------------------------

def _upcoming(user, query: DeskQuery, now: datetime) -> tuple[list[MeetingRow], bool]:
    """The soonest meetings of the horizon, and whether there are more: three queries."""
    meetings = list(db.session.scalars(
        select(Meeting).where(_in_preparation(user, query, now), Meeting.starts_at < now + timedelta(days=query.days))
        .options(joinedload(Meeting.type), joinedload(Meeting.venue))
        .order_by(Meeting.starts_at, Meeting.id).limit(MEETINGS_SHOWN + 1)))
    rows = {m.id: MeetingRow(m) for m in meetings[:MEETINGS_SHOWN]}
    if rows:
        for meeting_id, reply, count in db.session.execute(
                select(Delegation.meeting_id, Delegation.reply, func.count())
                .where(Delegation.meeting_id.in_(rows)).group_by(Delegation.meeting_id, Delegation.reply)):
            rows[meeting_id].replies[reply] = count
        for meeting_id, status, count in db.session.execute(
                select(Registration.meeting_id, Registration.status, func.count())
                .where(Registration.meeting_id.in_(rows)).group_by(Registration.meeting_id, Registration.status)):
            rows[meeting_id].statuses[status] = count
    return list(rows.values()), len(meetings) > MEETINGS_SHOWN


# --- deadlines -------------------------------------------------------------------------------------

def _deadlines(user, query: DeskQuery, now: datetime) -> list[Deadline]:
    """Registration deadlines, task due dates (overdue ones too) and hotel release dates up to
    DEADLINE_DAYS ahead, each counted in its meeting's zone, soonest first: three queries.

    The database is asked for a day more on each side (today is not the same day in Tashkent and
    in Baku), and each date is then measured against today where its meeting is held."""
    scope = _in_preparation(user, query, now)
    first, last = now.date() - timedelta(days=1), now.date() + timedelta(days=DEADLINE_DAYS + 1)
    found: list[Deadline] = []

    def add(day: date, meeting: Meeting, code: str, kind, what: str, url: str, *, overdue_too: bool = False) -> None:
        days_left = (day - local_today(meeting.timezone, now)).days
        if (overdue_too or days_left >= 0) and days_left <= DEADLINE_DAYS:
            found.append(Deadline(day, days_left, code, str(kind), what, meeting, url))

    # A meeting without a deadline of its own takes registrations until its first day, which
    # the list of meetings shows already: only deadlines set by the Secretariat are listed.
    for meeting in db.session.scalars(select(Meeting).where(
            scope, Meeting.registration_deadline.between(first, last))):
        add(meeting.registration_deadline, meeting, "registration", _l("Registration deadline"), "",
            url_for("participants.participants", meeting_id=meeting.id, status=AccreditationStatus.REGISTERED.value))

    tasks = select(Task).join(Task.meeting).where(scope, Task.status.in_(UNFINISHED), Task.due_date <= last)
    if query.mine:
        tasks = tasks.where(Task.owner_id == user.id)
    for task in db.session.scalars(tasks.options(contains_eager(Task.meeting), joinedload(Task.owner))):
        owner = f" ({task.owner.name or task.owner.email})" if task.owner is not None else ""
        add(task.due_date, task.meeting, "task", _l("Task due"), str(localized(task, "title")) + owner,
            url_for("logistics.tasks", meeting_id=task.meeting_id, **({"owner": user.id} if query.mine else {})),
            overdue_too=True)

    for block in db.session.scalars(
            select(HotelBlock).join(HotelBlock.meeting).join(HotelBlock.hotel)
            .where(scope, HotelBlock.release_date.between(first, last))
            .options(contains_eager(HotelBlock.meeting), contains_eager(HotelBlock.hotel))):
        hotel = str(localized(block.hotel, "name"))
        what = Markup("{0}, {1}").format(hotel, typed(block.room_type)) if block.room_type else hotel
        add(block.release_date, block.meeting, "release", _l("Hotel rooms released"), what,
            url_for("logistics.hotels", meeting_id=block.meeting_id))

    return sorted(found, key=lambda d: (d.days_left, d.day, d.meeting.starts_at, d.kind, d.what))


# --- recent changes by focal points ---------------------------------------------------------------

# Where each kind of change is worked on; a focal point's changes are their party's, so the
# lists that take a party filter open on it.
def _change_url(entry: AuditEntry, party_id: int | None, organizer: bool) -> str:
    party = {"party": party_id} if party_id is not None else {}
    meeting_id = entry.meeting_id
    if entry.object_type == "travel":
        return url_for("logistics.travel", meeting_id=meeting_id, **party)
    if entry.object_type == "visa_letter":
        return url_for("logistics.visas", meeting_id=meeting_id, **party)
    if entry.object_type == "delegation" and organizer:
        return url_for("participants.delegations", meeting_id=meeting_id)
    if entry.object_type in ("registration", "person", "delegation"):
        return url_for("participants.participants", meeting_id=meeting_id, **party)
    return url_for("calendar.meeting", meeting_id=meeting_id)


# The person each kind of entry concerns, read for all the entries shown at once (a query per kind).
_PEOPLE = {
    "person": lambda ids: select(Person.id, Person).where(Person.id.in_(ids)),
    "registration": lambda ids: select(Registration.id, Person).join(Registration.person)
    .where(Registration.id.in_(ids)),
    "travel": lambda ids: select(Travel.id, Person).join(Travel.registration).join(Registration.person)
    .where(Travel.id.in_(ids)),
    "visa_letter": lambda ids: select(VisaLetter.id, Person).join(VisaLetter.registration)
    .join(Registration.person).where(VisaLetter.id.in_(ids)),
}


def _people(entries: list[AuditEntry]) -> dict[tuple[str, int], Person]:
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.object_type in _PEOPLE and entry.object_id is not None:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    return {(kind, object_id): person for kind, ids in wanted.items()
            for object_id, person in db.session.execute(_PEOPLE[kind](ids))}


def _changes(user, query: DeskQuery, now: datetime) -> list[Change]:
    """What focal points changed at the meetings in preparation in the last RECENT_DAYS days,
    newest first: one query for the entries (their users, parties and meetings joined in), and
    one per kind of object to name the people concerned."""
    entries = list(db.session.scalars(
        select(AuditEntry).join(AuditEntry.user).join(AuditEntry.meeting)
        .where(User.role == UserRole.FOCAL_POINT, AuditEntry.at >= now - timedelta(days=RECENT_DAYS),
               _in_preparation(user, query, now))
        .options(contains_eager(AuditEntry.user).joinedload(User.party), contains_eager(AuditEntry.meeting))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(CHANGES_SHOWN)))
    people = _people(entries)
    changes = []
    for entry in entries:
        person = people.get((entry.object_type, entry.object_id))
        changes.append(Change(entry, entry.user.party, entry.user.name or entry.user.email, action_label(entry.action),
                              str(display_name(person)) if person is not None else "",
                              _change_url(entry, entry.user.party_id, user.is_organizer)))
    return changes
