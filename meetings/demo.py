"""Demo data, loaded as an organizer would enter it: every meeting, timetable entry, status change,
venue, room, invitation, registration and accreditation goes through the same services as the
pages (conflict checks, workflow, audit trail), acting as the demo organizer's account.

The facts live in meetings/demo_data.py. Idempotent: a meeting already there (same type, title
and start) is left alone, and so are existing venues and accounts. Each demo meeting with
participants and a venue gets what it lacks of each part of its logistics (meetings/logistics/demo.py).
"""

import io
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import func, select

from meetings.accounts.services import create_user, find_user
from meetings.demo_data import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    FORMER_TITLES,
    MEETINGS,
    PEOPLE,
    VENUES,
    DemoMeeting,
    slots,
)
from meetings.documents import demo as documents_demo
from meetings.extensions import db
from meetings.logistics import demo as logistics_demo
from meetings.models import (
    AccreditationStatus,
    AgendaItemKind,
    DelegationLevel,
    DelegationReply,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    OutboxMessage,
    OutboxStatus,
    Party,
    RegistrationRole,
    User,
    UserRole,
    Venue,
    Visibility,
)
from meetings.participants import photos
from meetings.participants import services as participants
from meetings.participants.inputs import RegistrationInput
from meetings.protocol import demo as protocol_demo
from meetings.scheduling import services as scheduling
from meetings.timeutil import from_local
from meetings.transaction import operation

ONLINE_URL = "https://meet.example.org/cica"
ROOM_KINDS = {AgendaItemKind.PLENARY: 0, AgendaItemKind.CLOSED_SESSION: 0, AgendaItemKind.WORKING_SESSION: 1}


@dataclass(frozen=True)
class Step:
    """One action of an organizer on a meeting, as a page would send it: ``create``
    (MeetingInput), ``item`` (ItemInput), ``status`` (MeetingStatus), ``postpone``
    (PostponeInput: a move to new dates), ``postpone_later`` (the reason of a postponement until
    further notice) or ``cancel`` (the reason)."""

    action: str
    data: Any


def _place(venue: Venue | None, fmt: MeetingFormat) -> dict[str, Any]:
    return {"venue_id": venue.id if venue else None, "city_en": venue.city_en if venue else "",
            "city_ru": venue.city_ru if venue else "", "format": fmt,
            "online_url": ONLINE_URL if fmt is not MeetingFormat.IN_PERSON else ""}


def meeting_steps(spec: DemoMeeting, types: dict[str, MeetingType], parties: dict[str, Party],
                  venues: dict[str, Venue]) -> list[Step]:
    """What an organizer does to put ``spec`` in the calendar: create it as first planned, fill
    its timetable, then the changes of plans and the status it has today."""
    venue = venues[spec.venue] if spec.venue else None
    first_start, first_venue_key, first_format, reason = spec.postponed_from or (spec.start, spec.venue, spec.fmt, "")
    first_venue = venues[first_venue_key] if first_venue_key else None
    first_tz = first_venue.timezone if first_venue else (venue.timezone if venue else spec.tz)
    days = (spec.end - spec.start).days + 1
    changed_later = (spec.postponed_from is not None or bool(spec.cancel_reason) or bool(spec.postpone_reason)
                     or spec.status is MeetingStatus.HELD)
    steps = [Step("create", scheduling.MeetingInput(
        title_en=spec.title_en, title_ru=spec.title_ru, type_id=types[spec.type_code].id, number=spec.number,
        host_party_id=parties[spec.host].id, chair_party_id=parties[spec.host].id, timezone=first_tz,
        visibility=spec.visibility, status=MeetingStatus.PLANNED if changed_later else spec.status,
        local_start=datetime.combine(first_start, time(9, 0)),
        local_end=datetime.combine(first_start + timedelta(days=days - 1), spec.end_time),
        **_place(first_venue, first_format)))]
    rooms = first_venue.rooms if first_venue else []
    position = 0
    for index in range(days):
        day = first_start + timedelta(days=index)
        for start, end, title_en, title_ru, kind in slots(index, index == days - 1, spec.type_code):
            position += 1
            room = rooms[spec.rooms[ROOM_KINDS[kind]]] if rooms and kind in ROOM_KINDS else None
            steps.append(Step("item", scheduling.ItemInput(
                title_en=title_en, title_ru=title_ru, kind=kind, room_id=room.id if room else None, position=position,
                local_start=datetime.combine(day, start), local_end=datetime.combine(day, end))))
    if spec.postponed_from is not None:
        steps.append(Step("postpone", scheduling.PostponeInput(
            new_start=datetime.combine(spec.start, time(9, 0)), new_end=datetime.combine(spec.end, spec.end_time),
            reason=reason, status=MeetingStatus.PLANNED, timezone=venue.timezone if venue else spec.tz,
            **_place(venue, spec.fmt))))
    if spec.cancel_reason:
        steps.append(Step("cancel", spec.cancel_reason))
    elif spec.postpone_reason:
        steps.append(Step("postpone_later", spec.postpone_reason))
    elif changed_later:
        steps.append(Step("status", MeetingStatus.CONFIRMED))
        if spec.status is MeetingStatus.HELD:
            steps.append(Step("status", MeetingStatus.HELD))
    return steps


def run_step(meeting: Meeting | None, step: Step, actor: User) -> Meeting:
    """One step through the scheduling services, with the warnings read and accepted."""
    if step.action == "create":
        return scheduling.create_meeting(step.data, user=actor, accept_warnings=True)
    if step.action == "item":
        scheduling.add_agenda_item(meeting, step.data, user=actor, accept_warnings=True)
    elif step.action == "postpone":
        scheduling.postpone_meeting(meeting, step.data, user=actor, expected_version=None, accept_warnings=True)
    elif step.action == "cancel":
        scheduling.cancel_meeting(meeting, reason=step.data, user=actor, expected_version=None)
    elif step.action == "postpone_later":
        scheduling.postpone_until_further_notice(meeting, reason=step.data, user=actor, expected_version=None)
    else:
        scheduling.change_status(meeting, step.data, user=actor, expected_version=None)
    return meeting


def _existing(spec: DemoMeeting, types: dict[str, MeetingType], venues: dict[str, Venue]) -> Meeting | None:
    tz = venues[spec.venue].timezone if spec.venue else spec.tz
    titles = (spec.title_en, *FORMER_TITLES.get(spec.title_en, ()))
    return db.session.scalar(select(Meeting).where(
        Meeting.type_id == types[spec.type_code].id, Meeting.title_en.in_(titles),
        Meeting.starts_at == from_local(datetime.combine(spec.start, time(9, 0)), tz)))


def _renamed(meeting: Meeting, spec: DemoMeeting) -> None:
    """A meeting of an earlier demo gets the glossary's titles (its own and its timetable's):
    names only, the demo's facts; nothing an organizer entered is touched."""
    meeting.title_en, meeting.title_ru = spec.title_en, spec.title_ru
    titles_ru = {slot[2]: slot[3] for day in range(2) for last in (False, True) for slot in slots(day, last, spec.type_code)}
    for item in meeting.agenda_items:
        item.title_ru = titles_ru.get(item.title_en, item.title_ru)


def _venues(actor: User) -> dict[str, Venue]:
    venues = {}
    for key, (name_en, name_ru, city_en, city_ru, tz, address, address_ru, rooms) in VENUES.items():
        venue = db.session.scalar(select(Venue).where(Venue.name_en == name_en, Venue.city_en == city_en))
        if venue is not None:  # of an earlier demo: Russian names and addresses as the demo writes them now
            venue.address_ru = address_ru
            for room in venue.rooms:
                room.name_ru = next((ru for en, ru, _c, _b in rooms if en == room.name), room.name_ru)
        else:
            venue = scheduling.save_venue(None, scheduling.VenueInput(
                name_en=name_en, name_ru=name_ru, city_en=city_en, city_ru=city_ru, timezone=tz, address=address,
                address_ru=address_ru), user=actor)
            for name, room_ru, capacity, booths in rooms:
                scheduling.save_room(venue, None, scheduling.RoomInput(
                    name=name, name_ru=room_ru, capacity=capacity, interpretation_booths=booths), user=actor)
        venues[key] = venue
    return venues


def person_email(code: str, given: str, family: str) -> str:
    if not family:  # someone known by a Cyrillic name only has no e-mail in the demo
        return ""
    return f"{given}.{family}".lower().replace(" ", "").replace("ı", "i") + f"@{code.lower()}.example.org"


def _registration_input(index: int, row: tuple, role: RegistrationRole,
                        status: AccreditationStatus) -> RegistrationInput:
    code, honorific, given, family, given_ru, family_ru, pos_en, pos_ru, ministerial = row
    return RegistrationInput(
        honorific=honorific, given_names=given, family_name=family, given_names_ru=given_ru, family_name_ru=family_ru,
        position_en=pos_en, position_ru=pos_ru, email=person_email(code, given, family), languages="en, ru",
        passport_number=f"P{4_000_000 + index * 7919:08d}", printed_name="", role=role, ministerial_level=ministerial,
        status=AccreditationStatus.INVITED if status is AccreditationStatus.INVITED else AccreditationStatus.REGISTERED)


def _participants(meeting: Meeting, parties: dict[str, Party], actor: User) -> None:
    """Delegations of all Member States, people of some, at various stages of accreditation."""
    participants.invite_member_states(meeting, actor)
    access = participants.participants_access(actor, meeting.id)
    restricted = meeting.visibility is Visibility.RESTRICTED
    statuses = (AccreditationStatus.ACCREDITED, AccreditationStatus.REGISTERED, AccreditationStatus.ACCREDITED,
                AccreditationStatus.INVITED)
    seen_parties: set[str] = set()
    for i, row in enumerate(PEOPLE):
        code = row[0]
        if restricted and code not in ("AZ", "KZ", "CICA"):
            continue
        if code == "CICA":
            role = RegistrationRole.INTERPRETER if "Interpreter" in row[6] else RegistrationRole.SECRETARIAT
        elif code == "UN":
            role = RegistrationRole.OBSERVER
        else:
            role = RegistrationRole.DELEGATE if code in seen_parties else RegistrationRole.HEAD_OF_DELEGATION
        seen_parties.add(code)
        status = AccreditationStatus.ACCREDITED if code == "CICA" else statuses[i % len(statuses)]
        registration = participants.register(access, _registration_input(i + 1, row, role, status),
                                             party_id=parties[code].id)
        if status is AccreditationStatus.ACCREDITED:
            participants.change_status(access, registration, AccreditationStatus.ACCREDITED)
    replies = (DelegationReply.ACCEPTED, DelegationReply.ACCEPTED, DelegationReply.PENDING)
    levels = (DelegationLevel.MINISTER, DelegationLevel.DEPUTY_MINISTER, DelegationLevel.AMBASSADOR)
    for i, delegation in enumerate(sorted(participants.meeting_delegations(meeting, "en"), key=lambda d: d.party.name_en)):
        reply = replies[i % 3]
        participants.update_delegation(meeting, delegation, reply, delegation.head_id, actor,
                                       level=levels[i % 2] if reply is DelegationReply.ACCEPTED else None)


def _demo_photo() -> bytes:
    """A drawn head and shoulders, as a PNG: the badge photo of the demo's head of delegation."""
    image = Image.new("RGB", (300, 400), "#dfe6ee")
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 70, 205, 200), fill="#8a6f5a")
    draw.ellipse((40, 230, 260, 470), fill="#1d3f72")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _account(email: str, name: str, role: UserRole, **links) -> User:
    return find_user(email) or create_user(email, DEMO_PASSWORD, role, name=name, **links)


@operation
def load_demo() -> str:
    """Load what is missing, in one transaction: all of it or, if a rule refuses a step, nothing."""
    parties = {p.code: p for p in db.session.scalars(select(Party))}
    types = {t.code: t for t in db.session.scalars(select(MeetingType))}
    accounts = {role: _account(email, name, role, party_id=parties["KZ"].id if role is UserRole.FOCAL_POINT else None)
                for email, name, role in DEMO_ACCOUNTS if role is not UserRole.DELEGATE}
    actor = accounts[UserRole.ORGANIZER]
    venues = _venues(actor)
    created = 0
    for spec in MEETINGS:
        if (existing := _existing(spec, types, venues)) is not None:
            _renamed(existing, spec)
            continue
        meeting = None
        for step in meeting_steps(spec, types, parties, venues):
            meeting = run_step(meeting, step, actor)
        created += 1
        if spec.participants:
            _participants(meeting, parties, actor)
    # Logistics also for meetings of an earlier demo, loaded before the logistics area existed.
    for spec in MEETINGS:
        meeting = _existing(spec, types, venues)
        if spec.participants and meeting is not None and meeting.venue is not None:
            logistics_demo.load(meeting, actor)
        if spec.participants and meeting is not None:
            documents_demo.load(meeting, actor)
            protocol_demo.load(meeting, actor)
    # The delegate's account is the head of Kazakhstan's delegation, registered above.
    head_kz = participants.find_person(parties["KZ"].id, person_email(*[PEOPLE[2][i] for i in (0, 2, 3)]), "", "")
    if photos.photo_of(head_kz) is None:
        photos.save_photo(actor, head_kz, _demo_photo())
    for email, name, role in DEMO_ACCOUNTS:
        if role is UserRole.DELEGATE:
            _account(email, name, role, person_id=head_kz.id)
    lines = [f"Demo calendar: {created} meetings created, {len(MEETINGS) - created} already there.", "",
             "Demo accounts (for trying the product; never in production):"]
    lines += [f"  {role.value:<12} {email:<26} password: {DEMO_PASSWORD}" for email, _name, role in DEMO_ACCOUNTS]
    queued = db.session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.QUEUED))
    lines += ["", f"Outbox: {queued} e-mails queued (parties' invitations to the focal point): see /admin/outbox; "
                  "`flask --app wsgi outbox send` delivers them (to instance/mail/ without MAIL_SERVER)."]
    return "\n".join(lines)
