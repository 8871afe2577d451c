"""Retention of personal data: passport data, date of birth and phone are kept until a period
(per meeting type) after the person's meetings, then ``flask --app wsgi purge`` clears them.

A field is cleared only once *every* meeting the person is registered for (whatever the
registration's status) ended more than its type's period ago: someone with an upcoming or recent
meeting keeps it. A type whose period is not set yet keeps it too (nothing is lost before the
seed has given one). A person with no registration is left alone and counted: no meeting gives
a period (a chair or speaker, someone about to be registered), so a person decides.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from meetings import audit, jobs
from meetings.extensions import db
from meetings.history import jsonable
from meetings.models import Meeting, MeetingType, Person, Registration, utcnow
from meetings.participants.people import WITHHELD
from meetings.transaction import transaction


@dataclass(frozen=True)
class Retained:
    """One kind of retained data: the person's fields cleared together, and the period's column."""

    name: str
    fields: tuple[str, ...]
    period: str  # a MeetingType column: days after the meeting's end


RETAINED = (
    Retained("passport", ("passport_number", "passport_expiry"), "passport_retention_days"),
    Retained("date of birth", ("date_of_birth",), "birth_date_retention_days"),
    Retained("phone", ("phone",), "phone_retention_days"),
)
EMPTY = {"passport_number": "", "passport_expiry": None, "date_of_birth": None, "phone": ""}


@dataclass
class PurgeReport:
    now: datetime
    dry_run: bool
    cleared: dict[int, tuple[str, list[str]]] = field(default_factory=dict)  # person id -> (name, fields)
    kept: int = 0  # people who still hold some of the data after the purge: a meeting of theirs needs it
    unregistered: int = 0  # people holding the data with no registration: left alone

    def count(self, kind: Retained) -> int:
        return sum(1 for _name, fields in self.cleared.values() if kind.fields[0] in fields)


def periods() -> list[MeetingType]:
    """The meeting types with their periods, in the order of every list of types."""
    return list(db.session.scalars(select(MeetingType).order_by(MeetingType.sort_order, MeetingType.code)))


def _kept_until() -> dict[int, dict[str, datetime | None]]:
    """Person id -> kind -> until when their meetings need the data (None: for good, a period
    not set); one query over every registration."""
    until: dict[int, dict[str, datetime | None]] = {}
    rows = db.session.execute(
        select(Registration.person_id, Meeting.ends_at, *(getattr(MeetingType, k.period) for k in RETAINED))
        .join(Registration.meeting).join(Meeting.type)
    )
    for person_id, ends_at, *days in rows:
        mine = until.setdefault(person_id, {})
        for kind, period in zip(RETAINED, days, strict=True):
            limit = None if period is None else ends_at + timedelta(days=period)
            before = mine.get(kind.name, limit)
            mine[kind.name] = None if limit is None or before is None else max(limit, before)
    return until


def _held(person: Person, kind: Retained) -> list[str]:
    return [name for name in kind.fields if getattr(person, name) not in ("", None)]


def purge(now: datetime | None = None, *, dry_run: bool = False) -> PurgeReport:
    """Clear the retained data past its period (one transaction, one audit entry per person,
    naming the fields, never their values); ``dry_run``: only say what would be cleared.
    Running it again clears nothing more."""
    report = PurgeReport(now or utcnow(), dry_run)
    if dry_run:  # reads only: no transaction to commit
        _purge(report)
    else:
        with transaction():
            _purge(report)
    return report


@jobs.task("privacy.purge", every="JOBS_PURGE_SECONDS")
def purge_job() -> None:
    """The purge as the worker runs it on schedule (what `flask --app wsgi purge` does by hand)."""
    purge()


def _purge(report: PurgeReport) -> None:
    until = _kept_until()
    holding = select(Person).where(or_(Person.passport_number != "", Person.passport_expiry.is_not(None),
                                       Person.date_of_birth.is_not(None), Person.phone != ""))
    for person in db.session.scalars(holding.order_by(Person.id)).all():
        if person.id not in until:
            report.unregistered += 1
            continue
        due = [kind for kind in RETAINED if (limit := until[person.id][kind.name]) is not None and limit < report.now]
        due = [kind for kind in due if _held(person, kind)]
        if any(_held(person, kind) for kind in RETAINED if kind not in due):
            report.kept += 1
        if not due:
            continue
        fields = [name for kind in due for name in _held(person, kind)]
        report.cleared[person.id] = (person.display_name, fields)
        if not report.dry_run:
            _clear(person, fields, [kind.name for kind in due])


def _clear(person: Person, fields: list[str], kinds: list[str]) -> None:
    audit.record(None, "person", "purged", object_id=person.id, meeting_id=None,
                 summary=f"Person {person.display_name}: {', '.join(kinds)} cleared after the retention period",
                 changes={name: [WITHHELD, jsonable(EMPTY[name])] for name in fields})
    for name in fields:
        setattr(person, name, EMPTY[name])
