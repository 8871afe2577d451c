"""Visa support letters of a meeting: the rules.

A letter belongs to one registration (unique): requested by the focal point of the person's
party (for their own delegation) or by an organizer, issued by an organizer (which gives it its
reference, CICA/VL/<year>/<number>, sequential per year), then marked sent, or cancelled on the
way. A cancelled letter may be requested again (the same row, which gets a new reference when
issued again). The letter carries passport data: it is printed for the Secretariat only, and the
audit trail keeps names, statuses and references, never passport data.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select, text
from sqlalchemy.orm import contains_eager, joinedload

from meetings import audit
from meetings.domain import NotAllowedError, NotFoundError, RuleError
from meetings.extensions import db
from meetings.labels import label
from meetings.logistics.access import require_organizer
from meetings.logistics.summary import Attention, Count, Section
from meetings.models import (
    Meeting,
    Party,
    Person,
    Registration,
    User,
    VisaLetter,
    VisaLetterStatus,
    utcnow,
)
from meetings.models.base import MAX_ID
from meetings.names import display_name, name_key
from meetings.participants.access import Access
from meetings.participants.workflow import ACTIVE
from meetings.timeutil import local_dates, to_local
from meetings.transaction import operation

S = VisaLetterStatus
LANGUAGES = ("en", "ru")
REFERENCE_PREFIX = "CICA/VL"
_REFERENCE = re.compile(r"CICA/VL/(\d{4})/(\d+)")
# A registration that no longer takes part needs no visa.
# A passport should stay valid this long after the meeting's end (most consulates ask for six months).
PASSPORT_MARGIN_MONTHS = 6
# The dashboard warns about letters still to issue when the meeting starts within this many days.
URGENT_DAYS = 21
EXAMPLES = 3

TRANSITIONS = {
    S.REQUESTED: (S.ISSUED, S.CANCELLED),
    S.ISSUED: (S.SENT, S.CANCELLED),
    S.SENT: (S.CANCELLED,),
    S.CANCELLED: (),
}


class VisaLetterError(RuleError):
    """A rule of visa letters refuses the change."""


@dataclass(frozen=True)
class LetterInput:
    embassy: str
    language: str
    note: str = ""


# --- reading -----------------------------------------------------------------------------------

@dataclass
class LetterRow:
    letter: VisaLetter
    registration: Registration
    person: Person
    warnings: list[str] = field(default_factory=list)

    @property
    def passport_missing(self) -> bool:
        return not (self.person.passport_number.strip() and self.person.passport_expiry)


@dataclass
class LetterList:
    rows: list[LetterRow]
    counts: dict[VisaLetterStatus, int]  # of every letter the user may see, whatever the filters
    parties: list[Party]  # the parties of those letters, for the filter

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _scope(query, access: Access):
    query = query.where(Registration.meeting_id == access.meeting.id)
    if access.delegation is not None:
        query = query.where(Registration.delegation_id == access.delegation.id)
    return query


def letter_list(access: Access, *, status: VisaLetterStatus | None = None, party_id: int | None = None) -> LetterList:
    """The letters the user may see (a focal point: their delegation's), filtered; three queries
    however many letters."""
    query = _scope(
        select(VisaLetter).join(VisaLetter.registration).join(Registration.person).outerjoin(Person.party)
        .options(contains_eager(VisaLetter.registration).contains_eager(Registration.person)
                 .contains_eager(Person.party)), access)
    if status is not None:
        query = query.where(VisaLetter.status == status)
    if party_id is not None:
        query = query.where(Person.party_id == party_id)
    letters = sorted(db.session.scalars(query), key=lambda v: (name_key(v.registration.person), v.id))
    counts = Counter(dict.fromkeys(S, 0))
    counts.update(dict(db.session.execute(_scope(
        select(VisaLetter.status, func.count()).join(VisaLetter.registration), access).group_by(VisaLetter.status)
    ).all()))
    parties = db.session.scalars(_scope(
        select(Party).join(Person, Person.party_id == Party.id).join(Registration, Registration.person_id == Person.id)
        .join(VisaLetter, VisaLetter.registration_id == Registration.id), access).distinct().order_by(Party.name_en)
    ).all()
    rows = [LetterRow(letter, letter.registration, letter.registration.person,
                      passport_warnings(letter.registration.person, access.meeting) if access.is_secretariat else [])
            for letter in letters]
    return LetterList(rows, dict(counts), list(parties))


def requestable(access: Access) -> list[Registration]:
    """Registrations a letter may be requested for: taking part, without a letter (or with a
    cancelled one); a focal point's: of their delegation."""
    query = _scope(
        select(Registration).join(Registration.person).outerjoin(VisaLetter, VisaLetter.registration_id == Registration.id)
        .options(contains_eager(Registration.person)), access)
    query = query.where(Registration.status.in_(ACTIVE),
                        (VisaLetter.id.is_(None)) | (VisaLetter.status == S.CANCELLED))
    return sorted(db.session.scalars(query), key=lambda r: (name_key(r.person), r.id))


def get_letter(meeting: Meeting, letter_id: int) -> VisaLetter:
    """A letter of this meeting (with its person and party), or NotFoundError."""
    letter = None
    if 0 < letter_id <= MAX_ID:
        letter = db.session.scalar(
            select(VisaLetter).join(VisaLetter.registration)
            .where(VisaLetter.id == letter_id, Registration.meeting_id == meeting.id)
            .options(joinedload(VisaLetter.registration).joinedload(Registration.person).joinedload(Person.party))
        )
    if letter is None:
        raise NotFoundError()
    return letter


def meeting_last_day(meeting: Meeting) -> date:
    return local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[1]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def passport_warnings(person: Person, meeting: Meeting) -> list[str]:
    """What deserves a second look before a letter goes out (never refused: the consulate decides)."""
    expiry = person.passport_expiry
    if expiry is None:
        return []
    last_day = meeting_last_day(meeting)
    if expiry < last_day:
        return [str(_l("The passport of %(name)s expires before the meeting ends.", name=str(display_name(person))))]
    if expiry < _add_months(last_day, PASSPORT_MARGIN_MONTHS):
        return [str(_l("The passport of %(name)s expires less than six months after the meeting ends.",
                       name=str(display_name(person))))]
    return []


def letter_date(letter: VisaLetter, meeting: Meeting, now: datetime | None = None) -> date:
    """The date the letter bears: its issue (today's for a draft), in the meeting's zone."""
    return to_local(letter.issued_at or now or utcnow(), meeting.timezone).date()


# --- changing ----------------------------------------------------------------------------------

def _check_input(value: LetterInput) -> LetterInput:
    """What the forms check, checked again for every other way in (the demo, tests)."""
    embassy = " ".join(value.embassy.split())
    if not embassy:
        raise VisaLetterError(_l("Name the embassy or consulate where the visa is applied for."), "embassy")
    if len(embassy) > 300:
        raise VisaLetterError(_l("Use at most 300 characters."), "embassy")
    if value.language not in LANGUAGES:
        raise VisaLetterError(_l("Choose English or Russian."), "language")
    if len(value.note) > 2000:
        raise VisaLetterError(_l("Use at most 2000 characters."), "note")
    return LetterInput(embassy, value.language, value.note.strip())


def _summary(person: Person, letter: VisaLetter, what: str) -> str:
    reference = f" {letter.reference}" if letter.reference else ""
    return f"Visa letter{reference} for {person.display_name}: {what}"


@operation
def request_letter(access: Access, registration_id: int, value: LetterInput) -> VisaLetter:
    """Request a letter for a registration of the meeting (a focal point: of their own delegation;
    anybody else's is not found). Staff only look. A cancelled letter is requested again."""
    if access.delegation is None and not access.user.is_organizer:
        raise NotAllowedError()
    value = _check_input(value)
    registration = None
    if 0 < registration_id <= MAX_ID:
        registration = db.session.scalar(_scope(
            select(Registration).where(Registration.id == registration_id).options(joinedload(Registration.person)),
            access))
    if registration is None:
        raise NotFoundError()
    # The registration is locked (PostgreSQL) so two requests for the same person at once take
    # turns: the second finds the first's letter (a message, not a unique-constraint 500).
    db.session.execute(select(Registration.id).where(Registration.id == registration.id).with_for_update())
    person = registration.person
    if registration.status not in ACTIVE:
        raise VisaLetterError(_l("%(name)s no longer takes part in the meeting.", name=str(display_name(person))),
                              "registration")
    letter = db.session.scalar(select(VisaLetter).where(VisaLetter.registration_id == registration.id))
    values = {"embassy": value.embassy, "language": value.language, "note": value.note}
    if letter is None:
        letter = VisaLetter(registration=registration, status=S.REQUESTED, requested_by_id=access.user.id,
                            requested_at=utcnow(), **values)
        db.session.add(letter)
        db.session.flush()
        changes = audit.created({"status": S.REQUESTED.value, **values})
        verb = "requested"
    elif letter.status is S.CANCELLED:
        changes = audit.diff(letter, {"status": S.REQUESTED, "reference": None, **values})
        letter.status, letter.reference, letter.issued_at, letter.sent_at = S.REQUESTED, None, None, None
        letter.requested_at, letter.requested_by_id = utcnow(), access.user.id
        for name, new in values.items():
            setattr(letter, name, new)
        verb = "requested_again"
    else:
        raise VisaLetterError(_l("A visa letter for %(name)s is already requested.", name=str(display_name(person))),
                              "registration")
    audit.record(access.user, "visa_letter", verb, object_id=letter.id, meeting_id=access.meeting.id,
                 summary=_summary(person, letter, "requested"), changes=changes)
    return letter


@operation
def update_letter(meeting: Meeting, letter: VisaLetter, value: LetterInput, user: User) -> VisaLetter:
    """Correct the embassy, language or note of a letter not yet sent nor cancelled."""
    require_organizer(user)
    _lock(letter)
    if letter.status not in (S.REQUESTED, S.ISSUED):
        raise VisaLetterError(_l("A letter that is sent or cancelled is not changed: cancel it and request it again."))
    value = _check_input(value)
    changes = audit.diff(letter, {"embassy": value.embassy, "language": value.language, "note": value.note})
    letter.embassy, letter.language, letter.note = value.embassy, value.language, value.note
    if changes:
        audit.record(user, "visa_letter", "edited", object_id=letter.id, meeting_id=meeting.id,
                     summary=_summary(letter.registration.person, letter, "edited"), changes=changes)
    return letter


def _lock(letter: VisaLetter) -> None:
    """Lock the letter's row until the transaction ends (PostgreSQL) and read it again as committed:
    two organizers issuing (or cancelling) the same letter at once take turns, and the second sees
    the first's status instead of issuing it a second time under another reference."""
    db.session.scalars(select(VisaLetter).where(VisaLetter.id == letter.id).with_for_update()
                       .execution_options(populate_existing=True)).one()


def _move(letter: VisaLetter, new: VisaLetterStatus) -> None:
    _lock(letter)
    if new not in TRANSITIONS[letter.status]:
        raise VisaLetterError(_l("A visa letter cannot go from %(old)s to %(new)s.",
                                 old=label(letter.status), new=label(new)), "status")


def _lock_references(year: int) -> None:
    """Concurrent issues take turns for the numbers of a year: a transaction-scoped advisory lock
    on PostgreSQL (SQLite serialises writers anyway); the unique reference stays the last line."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x5649_5341_0000 + year})


def next_reference(year: int) -> str:
    """The next free reference of the year: CICA/VL/2026/0001, 0002, ..."""
    _lock_references(year)
    prefix = f"{REFERENCE_PREFIX}/{year}/"
    numbers = [int(m.group(2)) for ref in db.session.scalars(
        select(VisaLetter.reference).where(VisaLetter.reference.like(f"{prefix}%")))
        if (m := _REFERENCE.fullmatch(ref or ""))]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


@operation
def issue_letter(meeting: Meeting, letter: VisaLetter, user: User, now: datetime | None = None) -> list[str]:
    """Issue a requested letter: its reference and date. Needs the passport number and expiry
    (refused, pointing at the person's record). Returns warnings to show (passport expiring)."""
    require_organizer(user)
    _move(letter, S.ISSUED)
    person = letter.registration.person
    if not person.passport_number.strip() or person.passport_expiry is None:
        raise VisaLetterError(_l("The passport number and expiry date of %(name)s are missing: complete them in "
                                 "the person's record, then issue the letter.", name=str(display_name(person))), "passport")
    now = now or utcnow()
    letter.issued_at = now
    letter.reference = next_reference(letter_date(letter, meeting).year)
    letter.status = S.ISSUED
    db.session.flush()
    audit.record(user, "visa_letter", "issued", object_id=letter.id, meeting_id=meeting.id,
                 summary=_summary(person, letter, "issued"),
                 changes={"status": [S.REQUESTED.value, S.ISSUED.value], "reference": [None, letter.reference]})
    return passport_warnings(person, meeting)


@operation
def mark_sent(meeting: Meeting, letter: VisaLetter, user: User, now: datetime | None = None) -> VisaLetter:
    require_organizer(user)
    _move(letter, S.SENT)
    letter.status, letter.sent_at = S.SENT, now or utcnow()
    audit.record(user, "visa_letter", "sent", object_id=letter.id, meeting_id=meeting.id,
                 summary=_summary(letter.registration.person, letter, "sent"),
                 changes={"status": [S.ISSUED.value, S.SENT.value]})
    return letter


@operation
def cancel_letter(meeting: Meeting, letter: VisaLetter, user: User) -> VisaLetter:
    require_organizer(user)
    _move(letter, S.CANCELLED)
    old = letter.status
    letter.status = S.CANCELLED
    audit.record(user, "visa_letter", "cancelled", object_id=letter.id, meeting_id=meeting.id,
                 summary=_summary(letter.registration.person, letter, "cancelled"),
                 changes={"status": [old.value, S.CANCELLED.value]})
    return letter


# --- the dashboard -----------------------------------------------------------------------------

def _names(meeting: Meeting, status: VisaLetterStatus) -> list[str]:
    return [
        str(display_name(person)) for person in db.session.scalars(
            select(Person).join(Registration, Registration.person_id == Person.id)
            .join(VisaLetter, VisaLetter.registration_id == Registration.id)
            .where(Registration.meeting_id == meeting.id, VisaLetter.status == status)
            .order_by(VisaLetter.requested_at, VisaLetter.id).limit(EXAMPLES))
    ]


def summary(meeting, now) -> Section:
    """Counts by status, and what to act on: letters to issue (a warning when the meeting starts
    within three weeks) and letters issued but not sent. Three queries."""
    counts = Counter(dict.fromkeys(S, 0))
    counts.update(dict(db.session.execute(
        select(VisaLetter.status, func.count()).join(VisaLetter.registration)
        .where(Registration.meeting_id == meeting.id).group_by(VisaLetter.status)).all()))
    url = url_for("logistics.visas", meeting_id=meeting.id)
    section = Section(str(_l("Visa support letters")), url,
                      [Count(label(status), counts[status]) for status in S])
    soon = meeting.starts_at - now <= timedelta(days=URGENT_DAYS)
    level = "warning" if soon else "info"
    if counts[S.REQUESTED]:
        section.attention.append(Attention(
            ngettext("%(num)d visa letter requested but not issued", "%(num)d visa letters requested but not issued",
                     counts[S.REQUESTED]), counts[S.REQUESTED],
            url_for("logistics.visas", meeting_id=meeting.id, status=S.REQUESTED.value),
            _names(meeting, S.REQUESTED), level))
    if counts[S.ISSUED]:
        section.attention.append(Attention(
            ngettext("%(num)d visa letter issued but not sent", "%(num)d visa letters issued but not sent",
                     counts[S.ISSUED]), counts[S.ISSUED],
            url_for("logistics.visas", meeting_id=meeting.id, status=S.ISSUED.value),
            _names(meeting, S.ISSUED), level))
    return section
