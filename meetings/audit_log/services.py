"""The audit log for administrators: every entry of the trail, filtered, newest first.

Pages are cut by keyset on (at, id): the next page starts below the last entry shown, so entries
written meanwhile (above it) never shift what the next page holds, and each page costs the same
few queries however long the trail grows.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from meetings.audit_labels import ACTION_LABELS, action_label, object_type_label
from meetings.extensions import db
from meetings.history import describe_changes
from meetings.i18n import current_language
from meetings.models import AuditEntry, Delegation, Meeting, Party, Person, Registration, Room, User, Venue
from meetings.spreadsheets import csv_bytes

PAGE_SIZE = 50
SYSTEM = "system"  # the user filter's value for entries written by no user (demo, commands)
# Kinds of object whose own page an entry links to, while the object still exists.
LINKED_TYPES = {"person": Person, "party": Party, "venue": Venue, "room": Room, "registration": Registration,
                "delegation": Delegation}


@dataclass(frozen=True)
class AuditQuery:
    """The filters; None or "" is no filter. Dates are UTC days, both inclusive."""

    user: int | str | None = None  # a user's id, or SYSTEM
    object_type: str = ""
    action: str = ""
    meeting_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    who: str  # "" for the system
    action: str
    object_type: str
    lines: list[str]
    exists: bool  # the object (or, failing one, the meeting) is still there to link to
    summary: str  # the stored English summary; "" where the page's language says what happened otherwise
    token: str  # the name of the API token a script made the change with; "" for a page or a command


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    older: int | None  # the id to continue below, or None on the last page


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _filtered(query: AuditQuery) -> Select:
    statement = select(AuditEntry).options(joinedload(AuditEntry.api_token))
    if query.user == SYSTEM:
        statement = statement.where(AuditEntry.user_id.is_(None))
    elif query.user is not None:
        statement = statement.where(AuditEntry.user_id == query.user)
    if query.object_type:
        statement = statement.where(AuditEntry.object_type == query.object_type)
    if query.action:
        statement = statement.where(AuditEntry.action == query.action)
    if query.meeting_id is not None:
        statement = statement.where(AuditEntry.meeting_id == query.meeting_id)
    if query.date_from is not None:
        statement = statement.where(AuditEntry.at >= _start_of(query.date_from))
    if query.date_to is not None:
        statement = statement.where(AuditEntry.at < _start_of(query.date_to + timedelta(days=1)))
    if query.text:
        # SQLite lowers ASCII only: the text as typed matches Cyrillic in its own case too.
        lowered = query.text.lower()
        statement = statement.where(or_(*(
            condition for column in (AuditEntry.summary, AuditEntry.reason) for condition in (
                func.lower(column).contains(lowered, autoescape=True), column.contains(query.text, autoescape=True)))))
    return statement.options(joinedload(AuditEntry.user), joinedload(AuditEntry.meeting))


def _newest_first(statement: Select) -> Select:
    return statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def _existing(entries: list[AuditEntry]) -> set[tuple[str, int]]:
    """(type, id) of the linked objects still there: one query per kind on the page."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.object_type in LINKED_TYPES and entry.object_id is not None:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    return {(kind, found) for kind, ids in wanted.items()
            for found in db.session.scalars(select(LINKED_TYPES[kind].id).where(LINKED_TYPES[kind].id.in_(ids)))}


def _row(entry: AuditEntry, existing: set[tuple[str, int]]) -> AuditRow:
    tz = entry.meeting.timezone if entry.meeting is not None else "UTC"
    lines = describe_changes(entry.changes if isinstance(entry.changes, dict) else {}, tz,
                             object_type=entry.object_type)
    exists = (entry.object_type, entry.object_id) in existing or (
        entry.object_type not in LINKED_TYPES and entry.meeting is not None)
    return AuditRow(entry, (entry.user.name or entry.user.email) if entry.user else "", action_label(entry.action),
                    object_type_label(entry.object_type), lines, exists, _summary(entry),
                    entry.api_token.name if entry.api_token else "")


def _summary(entry: AuditEntry) -> str:
    """The summary is written in English when the change is made: on a page in another language the
    translated action, object and change lines say it, and only an action with no label (an entry of
    an older version) keeps its summary, marked as English."""
    if current_language() == "en":
        return entry.summary
    if entry.action in ACTION_LABELS:
        return ""
    return Markup('<span lang="en">{0}</span>').format(entry.summary)


def audit_page(query: AuditQuery, *, before: int | None = None, size: int = PAGE_SIZE) -> AuditPage:
    """A page of entries, newest first; ``before``: the id of the last entry of the page before."""
    statement = _filtered(query)
    if before is not None:
        # An unknown id gives NULL here, so an empty page: never someone else's place in the log.
        at = select(AuditEntry.at).where(AuditEntry.id == before).scalar_subquery()
        statement = statement.where(or_(AuditEntry.at < at, and_(AuditEntry.at == at, AuditEntry.id < before)))
    entries = list(db.session.scalars(_newest_first(statement).limit(size + 1)))
    shown = entries[:size]
    existing = _existing(shown)
    return AuditPage([_row(e, existing) for e in shown], shown[-1].id if len(entries) > size else None)


# --- the filters' choices ------------------------------------------------------------------------

def users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name, User.email)))


def recorded_object_types() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)))


def recorded_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def get_meeting(meeting_id: int) -> Meeting | None:
    return db.session.get(Meeting, meeting_id)


# --- export --------------------------------------------------------------------------------------

def _export_rows(query: AuditQuery) -> Iterable[list]:
    yield [_("When (UTC)"), _("Who"), _("Action"), _("Object"), _("Number"), _("Meeting"), _("Meeting title"),
           _("Summary"), _("Reason"), _("Changes"), _("API token")]
    # Read in batches: a long trail is never loaded as objects all at once.
    for entry in db.session.scalars(_newest_first(_filtered(query)).execution_options(yield_per=500)):
        row = _row(entry, set())
        yield [entry.at.isoformat(), row.who or _("System"), entry.action, entry.object_type, entry.object_id or "",
               entry.meeting_id or "", entry.meeting.title_en if entry.meeting else "", entry.summary,
               entry.reason, "; ".join(row.lines), row.token]


def export_csv(query: AuditQuery) -> bytes:
    """Every entry the filters pass, newest first; every field quoted, formulas kept inert."""
    return csv_bytes(_export_rows(query))
