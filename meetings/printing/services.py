"""Printed documents: what goes on the agenda, the list of participants and the badges.

The print HTML and the PDF are one template: views render it, and ``pdf.render_pdf`` hands the
same HTML to WeasyPrint.
"""

import base64
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings import timeutil
from meetings.collation import collation_key
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    Delegation,
    Meeting,
    MeetingStatus,
    Party,
    PartyKind,
    Person,
    Registration,
    RegistrationRole,
    Room,
    utcnow,
)
from meetings.names import name_key
from meetings.participants.photos import photo_data
from meetings.participants.workflow import COMING
from meetings.protocol.badge_code import make_code
from meetings.timeutil import to_local

# The mark across every page of a document, decided by the meeting's status alone. A meeting moved
# to new dates is planned or confirmed there: only one postponed until further notice says so.
PROVISIONAL_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.PLANNED)
PROVISIONAL = "provisional"
POSTPONED = "postponed"
CANCELLED = "cancelled"

# The list names everyone whose coming is known: registered (not yet accredited), accredited, or
# seen at the meeting. Invited, declined and cancelled registrations are not participants.
LISTED_STATUSES = COMING
# Badges are printed once accreditation is granted, and need the number their QR code signs.
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

# How the programme is printed, chosen on its print page (``?layout=&descriptions=``) and kept in the
# link to its PDF. Parallel sessions side by side, grouped by time, with short descriptions: the
# shape of the official programmes of international organisations, and the densest one.
GROUPED = "grouped"
LIST = "list"
AGENDA_LAYOUTS = (GROUPED, LIST)
SHOWN, HIDDEN = "yes", "no"


@dataclass(frozen=True)
class AgendaOptions:
    layout: str = GROUPED
    descriptions: bool = True

    @property
    def args(self) -> dict[str, str]:
        """The query arguments that ask for these options, for the links to the PDF and to the other
        language: those that differ from the defaults (a default programme keeps its plain URL)."""
        args = {}
        if self.layout != GROUPED:
            args["layout"] = self.layout
        if not self.descriptions:
            args["descriptions"] = HIDDEN
        return args


def agenda_options(args) -> AgendaOptions:
    """The options of a request's query; a missing or unknown value is the default (never an error:
    an old or mistyped link still prints the programme)."""
    layout = args.get("layout", "")
    return AgendaOptions(layout=layout if layout in AGENDA_LAYOUTS else GROUPED,
                         descriptions=args.get("descriptions", "") != HIDDEN)


# Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def isolated(name: str) -> Markup:
    """A name in a line of the programme: a right-to-left one in an element of its own direction
    (``dir="auto"``, so its letters and the punctuation after it keep their order), any other as
    plain text. An element per name would cost WeasyPrint a box in every line it is on: a third
    of the time of a 500-entry programme."""
    if RIGHT_TO_LEFT.search(name):
        return Markup('<span class="name" dir="auto">{}</span>').format(name)
    return escape(name)


@dataclass
class AgendaRow:
    """One row of a day's table: a time and either one entry across the row (``item``), or the
    entries in parallel rooms that start at that time, one cell per column of the day (``cells``)."""

    starts_at: datetime
    ends_at: datetime
    item: AgendaItem | None = None
    cells: list[list[AgendaItem]] | None = None


@dataclass
class AgendaDay:
    day: date
    # The rooms of the day's parallel sessions, one column each (None: those without a room);
    # empty: the day is one list of entries (time, entry, room).
    columns: list[Room | None]
    rows: list[AgendaRow]


def _overlapping(items: list[AgendaItem]) -> set[int]:
    """The ids of the entries (ordered by start) that overlap another one in time."""
    found, latest_end = set(), None
    for index, item in enumerate(items):
        after = items[index + 1] if index + 1 < len(items) else None
        if (latest_end is not None and latest_end > item.starts_at) or (after and after.starts_at < item.ends_at):
            found.add(item.id)
        latest_end = item.ends_at if latest_end is None else max(latest_end, item.ends_at)
    return found


def _grouped_day(day: date, items: list[AgendaItem]) -> AgendaDay:
    """Entries that start together, or overlap others, side by side in their rooms' columns; an
    entry alone at its time (an opening, a lunch) across the whole row."""
    overlapping = _overlapping(items)
    starts: dict[datetime, list[AgendaItem]] = {}
    for item in items:
        starts.setdefault(item.starts_at, []).append(item)
    parallel = {start for start, group in starts.items() if len(group) > 1 or group[0].id in overlapping}
    rooms = {item.room_id: item.room for start in parallel for item in starts[start]}
    # Rooms in the order they were set up (the venue's plenary hall first, as a rule), the same
    # on every day; the entries without a room last.
    columns = sorted(rooms.values(), key=lambda room: (room is None, room.id if room else 0))
    index = {(room.id if room else None): n for n, room in enumerate(columns)}
    rows = []
    for start, group in starts.items():
        end = max(item.ends_at for item in group)
        if start in parallel:
            cells: list[list[AgendaItem]] = [[] for _ in columns]
            for item in group:
                cells[index[item.room_id]].append(item)
            rows.append(AgendaRow(start, end, cells=cells))
        else:
            rows.append(AgendaRow(start, end, item=group[0]))
    return AgendaDay(day, columns, rows)


def agenda_days(meeting: Meeting, options: AgendaOptions) -> list[AgendaDay]:
    """The programme day by day (local days of the meeting's zone), in the chosen layout."""
    days = []
    for day, items in meeting.timetable_days():
        if options.layout == GROUPED:
            days.append(_grouped_day(day, items))
        else:
            days.append(AgendaDay(day, [], [AgendaRow(item.starts_at, item.ends_at, item=item) for item in items]))
    return days


def document_mark(meeting: Meeting) -> str | None:
    """``provisional`` until the meeting is confirmed, ``postponed`` while it is postponed until
    further notice, ``cancelled`` once it is cancelled, else None."""
    if meeting.status is MeetingStatus.CANCELLED:
        return CANCELLED
    if meeting.status is MeetingStatus.POSTPONED:
        return POSTPONED
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


def _registrations(meeting: Meeting, statuses, only: list[int] | None = None) -> list[Registration]:
    """One query: the registrations with their people, parties and delegations (``only``: of these ids)."""
    query = select(Registration).where(Registration.meeting_id == meeting.id, Registration.status.in_(statuses))
    if only is not None:
        query = query.where(Registration.id.in_(only))
    return list(
        db.session.scalars(
            query
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
    photo: str | None = None  # the person's photo as a data: URI, when they have one


def _data_uri(photo) -> str:
    return f"data:{photo.content_type};base64,{base64.b64encode(photo.data).decode('ascii')}"


def badges(meeting: Meeting, only: list[int] | None = None) -> list[Badge]:
    """Badges of the accredited participants that have a badge number, in number order, with
    their photos (data: URIs, which WeasyPrint and the CSP both take; one query for all);
    ``only``: of these registrations (a selection of the list of participants) and no others."""
    registrations = [r for r in _registrations(meeting, BADGE_STATUSES, only) if r.badge_number is not None]
    registrations.sort(key=lambda r: r.badge_number)
    photos = photo_data(r.person_id for r in registrations)
    return [Badge(r, r.person, _party(r), r.badge_number,
                  _data_uri(photos[r.person_id]) if r.person_id in photos else None) for r in registrations]


def qr_data_uri(registration: Registration) -> str:
    """An SVG QR code of the badge's signed value (meetings/protocol/badge_code.py: what the door
    reads at check-in), as a data: URI (the CSP allows data: images)."""
    import segno

    # make_qr, not make: segno would choose a Micro QR code for short values, which many phone
    # scanners cannot read.
    return segno.make_qr(badge_code(registration), error="m").svg_data_uri(scale=4, border=0)


def badge_code(registration: Registration) -> str:
    """The value a registration's badge carries in its QR code."""
    return make_code(registration.id, registration.badge_number)
