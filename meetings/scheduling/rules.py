"""Checks that more than one scheduling service makes: times, texts, choices, versions, warnings.

A refusal raises a meetings.domain exception with the field it belongs to; the transaction
(meetings/transaction.py) rolls everything back, so nothing is ever half written. Times come in
as naive local wall-clock datetimes in the meeting's IANA zone and are kept as UTC instants;
every comparison (rooms, people, bodies) is between instants, so zones compare correctly.
"""

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from meetings import audit
from meetings.audit_labels import action_label
from meetings.calendar_fields import MEETING_CALENDAR_FIELDS
from meetings.domain import RuleError, StaleVersionError, WarningsPending
from meetings.extensions import db
from meetings.history import describe_changes, jsonable
from meetings.i18n import format_wall_time, localized, zone_city
from meetings.models import AgendaItem, AuditEntry, Meeting, MeetingStatus, MeetingType, utcnow
from meetings.models.base import MAX_ID
from meetings.text import check_text
from meetings.timeutil import FIRST_YEAR, LAST_YEAR, from_local, is_valid_timezone, to_local

# The name other areas and the tests know: one set of exceptions for the whole application.
SchedulingError = RuleError


class TransitionError(RuleError):
    """The status workflow does not allow this change."""


# --- values -------------------------------------------------------------------------------------


def instant(local: datetime | None, tz: str, field: str) -> datetime:
    """A local wall-clock time as an instant; a time skipped by a clock change is refused."""
    if local is None:
        raise RuleError(_("Enter a date and a time."), field)
    if not FIRST_YEAR <= local.year <= LAST_YEAR:
        raise RuleError(_("Enter a year between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR), field)
    moment = from_local(local, tz)
    if to_local(moment, tz).replace(tzinfo=None) != local:
        raise RuleError(
            _("%(time)s does not exist in %(zone)s: the clocks are moved forward then. Choose another time.",
              time=format_wall_time(local), zone=zone_city(tz)), field)
    return moment


def times(local_start: datetime | None, local_end: datetime | None, tz: str) -> dict[str, datetime]:
    starts_at = instant(local_start, tz, "starts_at")
    ends_at = instant(local_end, tz, "ends_at")
    if ends_at <= starts_at:
        raise RuleError(_("The end must be after the start."), "ends_at")
    return {"starts_at": starts_at, "ends_at": ends_at}


def zone(tz: str) -> str:
    if not is_valid_timezone(tz):
        raise RuleError(_("Choose a time zone from the list."), "timezone")
    return tz


def text(value: str, field: str, model, *, required: bool = False) -> str:
    """A one-line text: a control character or line break is refused, never dropped; the spaces
    around it are trimmed; it must fit the column ``field`` of ``model``."""
    value = check_text(value, field).strip()
    if required and not value:
        raise RuleError(_("This field is required."), field)
    length = model.__table__.c[field].type.length
    if length is not None and len(value) > length:
        raise RuleError(_("At most %(n)d characters.", n=length), field)
    return value


def long_text(value: str, field: str, length: int) -> str:
    """A text that may span lines (tab and line breaks allowed; other controls refused), with
    Windows line ends as plain line feeds and the spaces around it trimmed, of at most ``length``
    characters (the forms say the same; an API caller meets it here)."""
    value = check_text(value or "", field, multiline=True).replace("\r\n", "\n").strip()
    if len(value) > length:
        raise RuleError(_("At most %(n)d characters.", n=length), field)
    return value


def web_address(value: str, field: str, model) -> str:
    """An address to open in a browser (an online meeting's link): http or https, or nothing.
    A ``javascript:`` or ``data:`` address would run in the reader's page."""
    value = text(value, field, model)
    parts = urlsplit(value)
    if value and (parts.scheme.lower() not in ("http", "https") or not parts.netloc):
        raise RuleError(_("Enter an address starting with https:// or http://."), field)
    return value


def exists(model, ident: int | None, field: str):
    """The chosen row, or None when nothing was chosen; an id of no row is refused."""
    if ident is None:
        return None
    # An id no column can hold (an API caller's 10**20) names no row either, rather than a
    # database error.
    obj = db.session.get(model, ident) if 1 <= ident <= MAX_ID else None
    if obj is None:
        raise RuleError(_("Choose a value from the list."), field)
    return obj


def id_of(model, ident: int | None, field: str) -> int | None:
    found = exists(model, ident, field)
    return None if found is None else found.id


# --- versions -----------------------------------------------------------------------------------


def check_version(meeting: Meeting, expected_version: int | None) -> None:
    """A form opened at another version is refused with what changed since (None: no form, no check)."""
    if expected_version is not None and meeting.version != expected_version:
        raise stale(db.session, meeting.id, expected_version)


def stale(session: Session, meeting_id: int, expected_version: int) -> StaleVersionError:
    meeting = session.get(Meeting, meeting_id)
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.meeting_id == meeting_id, audit.in_meeting_history())
        .options(joinedload(AuditEntry.user)).order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    changes = []
    for entry in entries:
        if entry.changes.get("version_before", -1) < expected_version:
            continue
        who = (entry.user.name or entry.user.email) if entry.user else _("the system")
        # The summary is stored in English: a change with no lines is said by its action's label.
        lines = describe_changes(entry.changes, meeting.timezone) or [action_label(entry.action)]
        changes.append(_("%(who)s: %(what)s", who=who, what="; ".join(lines)))
    return StaleVersionError(
        _("Someone else changed this meeting since you opened the form. Nothing was saved: "
          "check the changes below, then save again if you still want yours."),
        changes, meeting.version,
    )


def flush(meeting: Meeting, expected_version: int | None) -> None:
    """Write the change now, inside the service: a concurrent save that slipped past
    check_version is caught by the database (UPDATE ... WHERE version = the loaded one) and
    refused like any other stale save."""
    meeting_id, loaded_version = meeting.id, meeting.version
    # The refusal below is said in the reader's language, which may depend on the user's row: choose
    # it now, while the session can still read (an API request has not chosen it yet: was a 500).
    # Only in a request: outside one Flask-Babel would keep the default on the app context, and a
    # request pushed later inside it (a CLI job, a test) would inherit that instead of its own.
    if has_request_context():
        get_locale()
    try:
        db.session.flush()
    except StaleDataError:
        # This session is unusable until the transaction rolls back: what was committed
        # meanwhile is read in a session of its own.
        with Session(db.engine) as reader:
            raise stale(reader, meeting_id, expected_version or loaded_version) from None


# --- changes ------------------------------------------------------------------------------------


def record(meeting: Meeting, verb: str, summary: str, *, user, changes: dict, version_before: int,
           reason: str = "", item: AgendaItem | None = None) -> None:
    """The audit entry of a change of the meeting or of its timetable, in the meeting's history;
    ``version_before`` lets a stale form list only what changed since it was opened."""
    audit.record(
        user, "agenda_item" if item is not None else "meeting", verb,
        object_id=item.id if item is not None else meeting.id, meeting_id=meeting.id,
        summary=summary, reason=reason, changes={**changes, "version_before": version_before},
    )


# Lengths of texts that may span lines, for every way in.
REASON_LENGTH = 2000
MEETING_DESCRIPTION_LENGTH = 20000
ITEM_TEXT_LENGTH = 5000


# SEQUENCE rises in SQL (column + 1), never from the value this request loaded: a rename of the
# venue or chair committed meanwhile (meetings/calendar_fields.py) raises it too, and both count.
def raise_sequence(obj: Meeting | AgendaItem) -> None:
    obj.sequence = type(obj).sequence + 1


def touch(meeting: Meeting) -> None:
    """A timetable change makes the meeting a new version: open forms of it become stale."""
    meeting.updated_at = utcnow()


def apply(meeting: Meeting, values: dict[str, Any], changes: dict[str, list]) -> None:
    """Set the meeting's new values; a change a calendar shows raises the SEQUENCE of the meeting
    and of every entry of its timetable."""
    with db.session.no_autoflush:
        if {"starts_at", "ends_at", "timezone"} & changes.keys():
            # Recorded before the change, so "old" values are the old ones.
            for name in ("starts_at", "ends_at", "timezone"):
                changes.setdefault(name, [jsonable(getattr(meeting, name))] * 2)
        for name, value in values.items():
            setattr(meeting, name, value)
        if set(changes) & set(MEETING_CALENDAR_FIELDS):
            raise_sequence(meeting)
            for item in meeting.agenda_items:
                raise_sequence(item)


# --- warnings -----------------------------------------------------------------------------------


def warn(warnings: list[str], accept_warnings: bool) -> None:
    if warnings and not accept_warnings:
        raise WarningsPending(warnings)


def body_warnings(meeting_id: int | None, type_id: int, starts_at: datetime, ends_at: datetime) -> list[str]:
    """Two meetings of one body (e.g. Ministerial Council and its informal meeting) at once."""
    mtype = db.session.get(MeetingType, type_id)
    if not mtype.body_en:
        return []
    others = db.session.scalars(
        select(Meeting).join(Meeting.type)
        .where(MeetingType.body_en == mtype.body_en, Meeting.status != MeetingStatus.CANCELLED,
               Meeting.starts_at < ends_at, Meeting.ends_at > starts_at,
               Meeting.id != (meeting_id or 0))
        .order_by(Meeting.starts_at)
    ).all()
    return [
        _("“%(title)s” of the same body (%(body)s) overlaps these dates.",
          title=str(localized(other, "title")), body=str(localized(mtype, "body")))
        for other in others
    ]
