"""Check-in at the door: a badge's code (or its number typed) read for one day of the meeting and,
optionally, one session of that day; the answer at once (accepted, already checked in, refused
with the reason); and the live counts per delegation, in protocol order, with the quorum.

Who may come in: a registration of this meeting that is accredited (or already recorded as
attended). Invited and registered people have no badge yet (badges are printed on accreditation:
meetings/printing/services.BADGE_STATUSES), so a badge of one of them is refused as "not accredited
yet"; declined and cancelled registrations are refused as such. Every refusal is logged and kept
in the audit trail (with the first characters of what was read), so forged badges leave a trace.

Attendance is stored here (meetings.models.Attendance: who checked in whom, when); it does not move
the registration to ATTENDED: the accreditation workflow keeps that change for organizers, while
the door is staffed by any Secretariat member, and a status that depended on who held the scanner
would mislead. The attendance rows are the record of presence.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from meetings import audit
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    Meeting,
    PartyKind,
    Registration,
    utcnow,
)
from meetings.models.base import MAX_ID
from meetings.participants.workflow import COMING
from meetings.protocol.badge_code import MAX_LENGTH, ForgedCodeError, looks_like_code, read_code
from meetings.protocol.order import Place, protocol_order
from meetings.query import number
from meetings.timeutil import local_dates, to_local
from meetings.transaction import operation

log = logging.getLogger(__name__)

S = AccreditationStatus
# Who is let in: accredited, or already recorded as attended (by an organizer, or on another day).
ADMITTED = (S.ACCREDITED, S.ATTENDED)


class Refusal(StrEnum):
    """Why a badge is refused at the door (the code is what the audit trail keeps)."""

    NOTHING_READ = "nothing_read"
    NOT_A_BADGE = "not_a_badge"
    FORGED = "forged"
    NO_SUCH_BADGE = "no_such_badge"
    OTHER_MEETING = "other_meeting"
    REPLACED = "replaced"
    NOT_ACCREDITED = "not_accredited"
    DECLINED = "declined"
    CANCELLED = "cancelled"


REASONS = {
    Refusal.NOTHING_READ: _l("Nothing was read: scan the badge again or type its number."),
    Refusal.NOT_A_BADGE: _l("Not a badge number or code: scan the badge's QR code or type the number printed on it."),
    Refusal.FORGED: _l("Forged or altered code: this is not a badge issued by the Secretariat."),
    Refusal.NO_SUCH_BADGE: _l("No badge with this number at this meeting."),
    Refusal.OTHER_MEETING: _l("This badge is for another meeting."),
    Refusal.REPLACED: _l("This badge is no longer valid: it was issued for a registration that has changed since."),
    Refusal.NOT_ACCREDITED: _l("Not accredited yet: this person may not come in until the accreditation is granted."),
    Refusal.DECLINED: _l("The registration was declined."),
    Refusal.CANCELLED: _l("The registration was cancelled."),
}
BY_STATUS = {S.INVITED: Refusal.NOT_ACCREDITED, S.REGISTERED: Refusal.NOT_ACCREDITED, S.DECLINED: Refusal.DECLINED,
             S.CANCELLED: Refusal.CANCELLED}

# The quorum: Member States with at least one person checked in, of the Member States taking part
# (those invited that have not declined). More than this fraction of them: a simple majority.
QUORUM = Fraction(1, 2)
QUORUM_RULE = _l("Quorum: more than half of the Member States taking part have at least one person checked in.")

# What a typed badge number may be (a handheld scanner types the code instead): digits only, and
# any count of them (a number longer than any badge number is no badge, not a forgery).
MAX_BADGE_DIGITS = 9


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass(frozen=True)
class Scan:
    """The answer to one scan: ``registration`` when the badge was recognised (also when it is
    refused for its status), ``first`` the check-in recorded (ACCEPTED: this one; ALREADY: the first)."""

    outcome: Outcome
    refusal: Refusal | None = None
    registration: Registration | None = None
    first: Attendance | None = None


def meeting_days(meeting: Meeting) -> list[date]:
    first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def default_day(meeting: Meeting, now=None) -> date:
    """Today at the meeting's place when it is one of its days, else its first day."""
    today = to_local(now or utcnow(), meeting.timezone).date()
    days = meeting_days(meeting)
    return today if today in days else days[0]


# The timetable entries nobody is checked in for: a break is the time between sessions (people
# come and go, and the session after it counts them again), and the family photo is taken of those
# already there, during a break. Receptions, bilaterals and "other" entries keep their choice: each
# may have a door of its own where badges are read.
NOT_SESSIONS = (AgendaItemKind.BREAK, AgendaItemKind.PHOTO)


def sessions_of(meeting: Meeting, day: date) -> list[AgendaItem]:
    """The timetable entries that start on that local day and that people attend as a session
    (not a break nor the photo: NOT_SESSIONS), in time order."""
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                        AgendaItem.kind.not_in(NOT_SESSIONS))
                               .order_by(AgendaItem.starts_at, AgendaItem.id)).all()
    return [item for item in items if to_local(item.starts_at, meeting.timezone).date() == day]


def check_moment(meeting: Meeting, day: date | None, session_id: int | None) -> AgendaItem | None:
    """The session chosen, after checking the day is the meeting's and the session that day's."""
    if day not in meeting_days(meeting):
        raise RuleError(_l("Choose a day of the meeting."), "day")
    if session_id is None:
        return None
    session = next((s for s in sessions_of(meeting, day) if s.id == session_id), None)
    if session is None:
        raise RuleError(_l("Choose a session of that day."), "session")
    return session


def chosen_moment(meeting: Meeting, day_text: str | None, session_text: str | None) -> tuple[date, AgendaItem | None]:
    """The day and session a request names. A day not sent is the page's default (today's, else the
    first), a session not sent the whole day; a day or session that was sent and is not one of the
    meeting (or not one of that day) is a RuleError: a scan is never counted for another moment
    than the door chose."""
    day_text, session_text = (day_text or "").strip(), (session_text or "").strip()
    day = default_day(meeting)
    if day_text:
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise RuleError(_l("Choose a day of the meeting."), "day") from None
    session_id = None
    if session_text:
        session_id = number(session_text, 1, MAX_ID)
        if session_id is None:
            check_moment(meeting, day, None)  # a wrong day is said first: the sessions offered are that day's
            raise RuleError(_l("Choose a session of that day."), "session")
    return day, check_moment(meeting, day, session_id)


def _registration(meeting: Meeting, value: str) -> Registration | Refusal:
    """The registration a scanned or typed value names, or the reason it is refused."""
    if not value:
        return Refusal.NOTHING_READ
    if value.isascii() and value.isdigit():
        if len(value) > MAX_BADGE_DIGITS:  # more than a badge number holds: no badge has it
            return Refusal.NO_SUCH_BADGE
        registration = db.session.scalar(select(Registration).where(
            Registration.meeting_id == meeting.id, Registration.badge_number == int(value)))
        return registration if registration is not None else Refusal.NO_SUCH_BADGE
    if not looks_like_code(value):  # a typing mistake, a wrong QR code: not a forgery
        return Refusal.NOT_A_BADGE
    try:
        code = read_code(value)
    except ForgedCodeError:
        return Refusal.FORGED
    registration = db.session.get(Registration, code.registration_id)
    if registration is None:  # signed here, for a registration deleted since
        return Refusal.REPLACED
    if registration.meeting_id != meeting.id:
        return Refusal.OTHER_MEETING
    if registration.badge_number != code.badge_number:
        return Refusal.REPLACED
    return registration


def _existing(registration: Registration, day: date, session: AgendaItem | None) -> Attendance | None:
    return db.session.scalar(select(Attendance).where(
        Attendance.registration_id == registration.id, Attendance.day == day,
        Attendance.agenda_item_id == session.id if session else Attendance.agenda_item_id.is_(None)))


def _refuse(meeting: Meeting, value: str, refusal: Refusal, registration: Registration | None, *, user) -> Scan:
    shown = value[:40] + ("…" if len(value) > 40 else "")
    log.warning("check-in refused at meeting %s: %s (read %r)", meeting.id, refusal.value, shown)
    audit.record(user, "checkin", "refused", object_id=registration.id if registration else None, meeting_id=meeting.id,
                 summary=f"Check-in refused: {refusal.value} (read {shown!r})", changes={"refusal": [None, refusal.value]})
    return Scan(Outcome.REFUSED, refusal, registration)


@operation
def check_in(meeting: Meeting, value: str, day: date | None, session_id: int | None, *, user) -> Scan:
    """Read a badge at the door for a day (and a session) of the meeting. The same badge twice in
    the same session is counted once; the database decides between two doors scanning at once."""
    session = check_moment(meeting, day, session_id)
    value = (value or "").strip()
    if len(value) > MAX_LENGTH:  # longer than any badge code: refused before any work is done on it
        return _refuse(meeting, value, Refusal.NOT_A_BADGE, None, user=user)
    found = _registration(meeting, value)
    if not isinstance(found, Registration):
        return _refuse(meeting, value, found, None, user=user)
    registration = found
    if registration.status not in ADMITTED:
        return _refuse(meeting, value, BY_STATUS[registration.status], registration, user=user)
    first = _existing(registration, day, session)
    if first is not None:
        return Scan(Outcome.ALREADY, None, registration, first)
    attendance = Attendance(meeting_id=meeting.id, registration_id=registration.id, day=day,
                            agenda_item_id=session.id if session else None, checked_in_at=utcnow(),
                            checked_in_by_id=getattr(user, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(attendance)
    except IntegrityError:  # the same badge at another door at the same moment: counted once
        return Scan(Outcome.ALREADY, None, registration, _existing(registration, day, session))
    return Scan(Outcome.ACCEPTED, None, registration, attendance)


@dataclass(frozen=True)
class DelegationCount:
    place: Place
    present: int
    registered: int


@dataclass(frozen=True)
class Counts:
    delegations: list[DelegationCount]
    present: int  # everyone checked in, delegations or not (Secretariat, press, guests)
    registered: int
    member_states_present: int
    member_states_taking_part: int

    @property
    def quorum_needed(self) -> int:
        """The fewest Member States present that make the quorum."""
        return int(self.member_states_taking_part * QUORUM) + 1

    @property
    def quorum(self) -> bool:
        return self.member_states_taking_part > 0 and self.member_states_present >= self.quorum_needed


def counts(meeting: Meeting, day: date, session: AgendaItem | None) -> Counts:
    """Present (checked in that day, or in that session) and registered (whose coming is known:
    registered, accredited or attended) per delegation, in protocol order; the quorum."""
    order = protocol_order(meeting)
    registered = dict(db.session.execute(
        select(Registration.delegation_id, func.count()).where(
            Registration.meeting_id == meeting.id, Registration.status.in_(COMING))
        .group_by(Registration.delegation_id)).all())
    checked = select(Attendance.registration_id).where(Attendance.meeting_id == meeting.id, Attendance.day == day)
    if session is not None:
        checked = checked.where(Attendance.agenda_item_id == session.id)
    present = dict(db.session.execute(
        select(Registration.delegation_id, func.count()).where(Registration.id.in_(checked.distinct()))
        .group_by(Registration.delegation_id)).all())
    rows = [DelegationCount(place, present.get(place.delegation.id, 0), registered.get(place.delegation.id, 0))
            for place in order]
    members = [row for row in rows if row.place.party.kind is PartyKind.MEMBER_STATE]
    return Counts(rows, sum(present.values()), sum(registered.values()),
                  sum(1 for row in members if row.present), len(members))


def counts_json(counts_: Counts, day: date, session: AgendaItem | None, lang: str) -> dict:
    return {
        "day": day.isoformat(), "session": session.id if session else None,
        "delegations": [{"party": row.place.party.code, "name": str(localized(row.place.party, "name", lang)),
                         "present": row.present, "registered": row.registered} for row in counts_.delegations],
        "present": counts_.present, "registered": counts_.registered,
        "member_states": {"present": counts_.member_states_present, "taking_part": counts_.member_states_taking_part,
                          "needed": counts_.quorum_needed},
        "quorum": counts_.quorum,
    }
