"""Reading the calendar: which meetings a user sees, loaded in a fixed number of queries."""

import calendar as pycalendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from meetings.audit import in_meeting_history
from meetings.audit_labels import action_label
from meetings.domain import DomainError
from meetings.extensions import db
from meetings.history import describe_changes, is_pair
from meetings.i18n import current_language
from meetings.models import (
    AuditEntry,
    Delegation,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    UserRole,
    utcnow,
)
from meetings.query import choice_arg, code_arg, int_arg, raw_arg
from meetings.timeutil import FIRST_YEAR, LAST_YEAR, local_dates, to_local
from meetings.visibility import visible_meetings

RECENT_LIMIT = 10


def _meetings_query(user):
    return visible_meetings(user)


def upcoming_and_recent(user, upcoming_limit: int, now: datetime | None = None
                        ) -> tuple[list[Meeting], bool, list[Meeting]]:
    """The front page's window: the next ``upcoming_limit`` meetings (and whether more follow, read
    from one row more rather than a count), and the RECENT_LIMIT last ones. Two queries, and a page
    of the same size, however long the calendar."""
    now = now or utcnow()
    upcoming = db.session.scalars(
        _meetings_query(user).where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)
        .limit(upcoming_limit + 1)
    ).all()
    recent = db.session.scalars(
        _meetings_query(user)
        .where(Meeting.ends_at < now)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(RECENT_LIMIT)
    ).all()
    return list(upcoming[:upcoming_limit]), len(upcoming) > upcoming_limit, list(recent)


# --- calendar views: month, list, year ----------------------------------------------------------

VIEWS = ("month", "list", "year")


@dataclass(frozen=True)
class CalendarQuery:
    """What a calendar page shows; parsed from the query string (bad values: a 400, never a 500)."""

    view: str
    year: int
    month: int
    type: str = ""
    party: str = ""
    status: MeetingStatus | None = None
    year_given: bool = False

    def args(self, **changes) -> dict[str, str | int]:
        """Query arguments for a link to another page of the calendar with the same filters."""
        values = {"view": self.view, "year": self.year, "month": self.month, "type": self.type,
                  "party": self.party, "status": self.status.value if self.status else ""}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None)}


class QueryError(DomainError):
    """A value of the query string the calendar cannot read (``field``: its name); the views
    answer 400, never a 500 and never a silently different page."""

    status = 400


def _int_or_default(args, name: str, low: int, high: int, default: int) -> int:
    if not raw_arg(args, name):
        return default
    value = int_arg(args, name, low, high)
    if value is None:
        raise QueryError(f"{name} is not a number from {low} to {high}", name)
    return value


def parse_calendar_query(args, today: date) -> CalendarQuery:
    """The calendar's filters from a query string; QueryError for a value it cannot read."""
    view = raw_arg(args, "view") or "month"
    status = choice_arg(args, "status", MeetingStatus)
    if view not in VIEWS:
        raise QueryError(f"view is one of {', '.join(VIEWS)}", "view")
    if raw_arg(args, "status") and status is None:
        raise QueryError("status is not a meeting status", "status")
    return CalendarQuery(
        view=view,
        year=_int_or_default(args, "year", FIRST_YEAR, LAST_YEAR, today.year),
        month=_int_or_default(args, "month", 1, 12, today.month),
        type=code_arg(args, "type", 32),
        party=code_arg(args, "party", 16),
        status=status,
        year_given=bool(raw_arg(args, "year")),
    )


def _filtered(user, query: CalendarQuery):
    stmt = _meetings_query(user)
    if query.type:
        stmt = stmt.where(Meeting.type_id.in_(select(MeetingType.id).where(MeetingType.code == query.type)))
    if query.party:
        stmt = stmt.where(Meeting.host_party_id.in_(select(Party.id).where(Party.code == query.party)))
    if query.status is not None:
        stmt = stmt.where(Meeting.status == query.status)
    return stmt.order_by(Meeting.starts_at, Meeting.id)


def _touching(user, query: CalendarQuery, first: date, last: date):
    """The statement of the meetings whose local dates touch [first, last]. SQL compares instants:
    the window is widened by a day on each side (no zone is more than 14 hours from UTC), which may
    take in meetings of the days just outside; those lie within three days of an edge, so only they
    are read and checked by their local dates, and the ones outside are left out by id."""
    start = datetime.combine(first - timedelta(days=1), time(0), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=2), time(0), tzinfo=UTC)
    widened = _filtered(user, query).where(Meeting.starts_at < end, Meeting.ends_at > start)
    near_an_edge = widened.where(or_(Meeting.ends_at <= start + timedelta(days=3),
                                     Meeting.starts_at >= end - timedelta(days=3)))
    outside = [m.id for m in db.session.execute(near_an_edge.with_only_columns(
        Meeting.id, Meeting.starts_at, Meeting.ends_at, Meeting.timezone)).all()
        if not _touches(m, first, last)]
    return widened.where(Meeting.id.not_in(outside)) if outside else widened


def _touches(meeting, first: date, last: date) -> bool:
    local_first, local_last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    return local_first <= last and local_last >= first


def meetings_in(user, query: CalendarQuery, first: date, last: date) -> list[Meeting]:
    """Meetings whose local dates touch [first, last], in (start, id) order."""
    return list(db.session.scalars(_touching(user, query, first, last)))


def upcoming(user, query: CalendarQuery, now: datetime | None = None):
    """The statement of the upcoming meetings (the list view pages through it: meetings/pagination)."""
    return _filtered(user, query).where(Meeting.ends_at >= (now or utcnow()))


def month_grid(meetings: list[Meeting], year: int, month: int) -> list[list[tuple[date, list[Meeting]]]]:
    """Weeks (Monday first) of (day, meetings on that local day)."""
    by_day: dict[date, list[Meeting]] = {}
    for meeting in meetings:
        first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
        day = first
        while day <= last:
            by_day.setdefault(day, []).append(meeting)
            day += timedelta(days=1)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[(day, by_day.get(day, []) if day.month == month else []) for day in week] for week in weeks]


def by_month(meetings: list[Meeting]) -> list[tuple[date, list[Meeting]]]:
    """Meetings grouped by the month (first day) of their local start."""
    def month_of(m: Meeting) -> date:
        return to_local(m.starts_at, m.timezone).date().replace(day=1)

    return [(month, list(group)) for month, group in groupby(meetings, key=month_of)]


def filter_options() -> tuple[list[MeetingType], list[Party]]:
    """Meeting types, and the parties that host some meeting: two queries, whatever the data."""
    types = db.session.scalars(select(MeetingType).order_by(MeetingType.sort_order, MeetingType.name_en)).all()
    hosts = db.session.scalars(
        select(Party).where(Party.id.in_(select(Meeting.host_party_id))).order_by(Party.name_en)).all()
    return list(types), list(hosts)


# --- a meeting's history ------------------------------------------------------------------------

# What the public reads: changes a calendar shows, with their reasons (not timetable edits or mailings).
PUBLIC_ACTIONS = frozenset({"meeting.edited", "meeting.rescheduled", "meeting.postponed", "meeting.cancelled", "meeting.held",
                            "meeting.status_changed"})


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    action: str
    lines: list[str]
    reason: str
    who: str  # empty for the public: no personal data


def _item_title(changes: dict) -> str:
    """The timetable entry a history entry concerns, in the reader's language where it was recorded
    (entries before the Russian title was recorded have the English one only)."""
    for key in (("item_ru", "item") if current_language() == "ru" else ("item", "item_ru")):
        pair = changes.get(key)
        if is_pair(pair) and (pair[1] or pair[0]):
            return pair[1] or pair[0]
    return ""


def meeting_history(meeting: Meeting, user) -> list[HistoryEntry]:
    """The meeting's changes, newest first. The public sees what a calendar shows (dates, place,
    status, title, with reasons); the Secretariat sees every change and who made it."""
    internal = bool(user and user.is_authenticated and user.is_secretariat)
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.meeting_id == meeting.id, in_meeting_history())
        .options(joinedload(AuditEntry.user)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    history = []
    for entry in entries:
        if not internal and entry.action not in PUBLIC_ACTIONS:
            continue
        lines = describe_changes(entry.changes or {}, meeting.timezone, public=not internal)
        if not internal and not lines and not entry.reason:
            continue
        title = _item_title(entry.changes or {})
        if internal and title:
            lines.insert(0, f"“{title}”")
        who = (entry.user.name or entry.user.email) if internal and entry.user else ""
        history.append(HistoryEntry(entry.at, action_label(entry.action), lines, entry.reason, who))
    return history


def party_invited(user, meeting: Meeting) -> bool:
    """Whether a focal point's party has a delegation at the meeting (their way into its participants)."""
    if not user.is_authenticated or user.role is not UserRole.FOCAL_POINT or user.party_id is None:
        return False
    found = select(Delegation.id).where(Delegation.meeting_id == meeting.id, Delegation.party_id == user.party_id)
    return db.session.scalar(found) is not None


def all_meetings(user, query: CalendarQuery) -> list[Meeting]:
    """Every meeting the user may see that passes the filters, in date order, in one query."""
    return list(db.session.scalars(_filtered(user, query)))


def meetings_page(user, query: CalendarQuery, first: date | None, last: date | None, offset: int, limit: int
                  ) -> tuple[list[Meeting], int]:
    """One page (``offset``, ``limit``) of the meetings the user may see that pass the filters and
    whose local dates touch [first, last] (either end open), in (start, id) order: stable, so no
    meeting is on two pages or on none; and how many there are on all pages.

    Two queries (the count, the page), three with dates (the meetings at the window's edges, whose
    local dates decide: _touching); the rows read are the page's and the edges', not the window's."""
    stmt = _filtered(user, query)
    if first is not None or last is not None:
        # No meeting lies outside the calendar's years: an open end is the calendar's, and within
        # them the widening by days cannot overflow.
        stmt = _touching(user, query, max(first or date.min, date(FIRST_YEAR, 1, 1)),
                         min(last or date.max, date(LAST_YEAR, 12, 31)))
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return list(db.session.scalars(stmt.offset(offset).limit(limit))), total
