"""Printed documents: what goes on the agenda, the list of participants and the badges.

The print HTML and the PDF are one template: views render it, and ``pdf.render_pdf`` hands the
same HTML to WeasyPrint.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings import timeutil
from meetings.collation import collation_key
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    AccreditationStatus,
    Delegation,
    Meeting,
    MeetingStatus,
    Party,
    PartyKind,
    Person,
    Registration,
    RegistrationRole,
    utcnow,
)
from meetings.names import name_key
from meetings.participants.workflow import COMING
from meetings.timeutil import to_local

# The mark across every page of a document, decided by the meeting's status alone.
PROVISIONAL_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.PLANNED, MeetingStatus.POSTPONED)
PROVISIONAL = "provisional"
CANCELLED = "cancelled"

# The list names everyone whose coming is known: registered (not yet accredited), accredited, or
# seen at the meeting. Invited, declined and cancelled registrations are not participants.
LISTED_STATUSES = COMING
# Badges are printed once accreditation is granted, and need the number the QR code carries.
BADGE_STATUSES = (AccreditationStatus.ACCREDITED,)

# Sections of the list, in the order of an international organisation's lists.
SECTION_ORDER = (
    PartyKind.MEMBER_STATE,
    PartyKind.OBSERVER_STATE,
    PartyKind.OBSERVER_ORGANISATION,
    PartyKind.PARTNER_ORGANISATION,
    PartyKind.SECRETARIAT,
)
SECTION_TITLES = {
    PartyKind.MEMBER_STATE: _l("Member States"),
    PartyKind.OBSERVER_STATE: _l("Observer States"),
    PartyKind.OBSERVER_ORGANISATION: _l("Observer organisations"),
    PartyKind.PARTNER_ORGANISATION: _l("Partner organisations"),
    PartyKind.SECRETARIAT: _l("CICA Secretariat"),
    None: _l("Other participants"),
}
# Within a delegation, after its head: members by role, then by family name in the document's
# language (the Cyrillic one on Russian documents).
ROLE_ORDER = {role: index for index, role in enumerate(RegistrationRole)}

def document_mark(meeting: Meeting) -> str | None:
    """``provisional`` until the meeting is confirmed, ``cancelled`` once it is, else None."""
    if meeting.status is MeetingStatus.CANCELLED:
        return CANCELLED
    if meeting.status in PROVISIONAL_STATUSES:
        return PROVISIONAL
    return None


def issue_date(meeting: Meeting, now: datetime | None = None) -> date:
    """The date of issue, as a calendar date where the meeting takes place."""
    return to_local(now or utcnow(), meeting.timezone).date()


def utc_offset(meeting: Meeting) -> str:
    """The zone's offset at the meeting's start: "UTC+4", "UTC+5:30"."""
    return timeutil.utc_offset(meeting.timezone, meeting.starts_at)


# The name on a badge gets smaller as it gets longer, so that it fits its box whole (the box has a
# fixed height: a longer name would be cut off). Limits in characters, largest size first.
BADGE_NAME_SIZES = ((36, "l"), (60, "m"), (100, "s"))


def badge_name_size(name: str) -> str:
    """The size class of a printed name on a badge: ``l``, ``m``, ``s`` or ``xs``."""
    return next((size for limit, size in BADGE_NAME_SIZES if len(name) <= limit), "xs")


@dataclass
class Delegate:
    registration: Registration
    person: Person
    is_head: bool


@dataclass
class PartyGroup:
    party: Party | None
    name: str
    members: list[Delegate] = field(default_factory=list)


@dataclass
class Section:
    kind: PartyKind | None
    title: str
    groups: list[PartyGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.members) for group in self.groups)


def _registrations(meeting: Meeting, statuses) -> list[Registration]:
    """One query: the registrations with their people, parties and delegations."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.meeting_id == meeting.id, Registration.status.in_(statuses))
            .options(
                joinedload(Registration.person).joinedload(Person.party),
                joinedload(Registration.delegation).joinedload(Delegation.party),
            )
        ).unique()
    )


def _party(registration: Registration) -> Party | None:
    # The delegation's party wins: someone of one country may sit in another's delegation.
    if registration.delegation is not None:
        return registration.delegation.party
    return registration.person.party


def participants(meeting: Meeting, lang: str) -> list[Section]:
    """The list of participants: sections by kind of party, parties alphabetical in ``lang``,
    each delegation's head first, then its members by role and family name."""
    registrations = _registrations(meeting, LISTED_STATUSES)
    parties = {registration.id: _party(registration) for registration in registrations}
    groups: dict[int | None, PartyGroup] = {}
    for registration in registrations:
        party = parties[registration.id]
        key = party.id if party is not None else None
        if key not in groups:
            name = str(localized(party, "name", lang)) if party is not None else ""
            groups[key] = PartyGroup(party, name)
        delegation = registration.delegation
        is_head = registration.role is RegistrationRole.HEAD_OF_DELEGATION or (
            delegation is not None and delegation.head_id == registration.person_id
        )
        groups[key].members.append(Delegate(registration, registration.person, is_head))

    sections = {kind: Section(kind, str(SECTION_TITLES[kind])) for kind in (*SECTION_ORDER, None)}
    for group in groups.values():
        group.members.sort(
            key=lambda d: (
                not d.is_head,
                not d.registration.ministerial_level,
                ROLE_ORDER[d.registration.role],
                name_key(d.person, lang),
                d.person.id,
            )
        )
        sections[group.party.kind if group.party is not None else None].groups.append(group)
    for section in sections.values():
        section.groups.sort(key=lambda g: (collation_key(g.name, lang), g.party.id if g.party else 0))
    return [section for section in sections.values() if section.groups]


@dataclass
class Badge:
    registration: Registration
    person: Person
    party: Party | None
    number: int


def badges(meeting: Meeting) -> list[Badge]:
    """Badges of the accredited participants that have a badge number, in number order."""
    registrations = [r for r in _registrations(meeting, BADGE_STATUSES) if r.badge_number is not None]
    registrations.sort(key=lambda r: r.badge_number)
    return [Badge(r, r.person, _party(r), r.badge_number) for r in registrations]


def qr_data_uri(number: int) -> str:
    """An SVG QR code of the badge number, as a data: URI (the CSP allows data: images)."""
    import segno

    # make_qr, not make: segno would choose a Micro QR code for short numbers, which many
    # phone scanners cannot read.
    return segno.make_qr(str(number), error="m").svg_data_uri(scale=4, border=0)
