"""The demo's logistics for a meeting with participants and a venue: each part's function adds
what the meeting lacks of that part (idempotent: a part already there is left alone), through the
part's services where they exist, as the demo organizer.

TODO(#14): each part's function goes through its services.
"""

from datetime import date, timedelta

from sqlalchemy import exists, select

from meetings.extensions import db
from meetings.logistics.visas import services as visa_services
from meetings.models import (
    AgendaItemKind,
    Hotel,
    HotelAssignment,
    HotelBlock,
    Interpretation,
    Meeting,
    PartyKind,
    Registration,
    Task,
    TaskStatus,
    Travel,
    TravelDirection,
    User,
    UserRole,
    VisaLetter,
    utcnow,
)
from meetings.participants import services as participants
from meetings.timeutil import local_dates

# Parties whose delegations read Russian letters more easily.
RUSSIAN_SPEAKING = ("KZ", "RU", "KG", "TJ", "UZ", "AZ", "BY", "TM", "MN")


def _registrations(meeting: Meeting) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(Registration.meeting_id == meeting.id)
                                   .order_by(Registration.id)))


def _has(model, *where) -> bool:
    return bool(db.session.scalar(select(exists().where(*where))))


def hotels(meeting: Meeting, actor: User) -> None:
    if _has(HotelBlock, HotelBlock.meeting_id == meeting.id):
        return
    hotel = db.session.scalar(select(Hotel).where(Hotel.name_en == "Hilton Baku"))
    if hotel is None:
        hotel = Hotel(name_en="Hilton Baku", city="Baku", address_en="1B Azadliq Ave", phone="+994 12 464 5000")
        db.session.add(hotel)
    first_day, last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    block = HotelBlock(meeting=meeting, hotel=hotel, rooms=40, check_in=first_day - timedelta(days=1),
                       check_out=last_day + timedelta(days=1), rate="USD 180 per night")
    db.session.add(block)
    for registration in _registrations(meeting)[:6]:
        db.session.add(HotelAssignment(registration=registration, hotel_block=block, check_in=block.check_in,
                                       check_out=block.check_out))


def travel(meeting: Meeting, actor: User) -> None:
    if _has(Travel, Travel.registration_id == Registration.id, Registration.meeting_id == meeting.id):
        return
    for i, registration in enumerate(_registrations(meeting)):
        if i % 4 == 0:
            db.session.add(Travel(registration=registration, direction=TravelDirection.ARRIVAL,
                                  at=meeting.starts_at - timedelta(days=1), flight=f"J2 {100 + i}",
                                  airport="GYD" if meeting.city_en == "Baku" else "NQZ", pickup=True))


def interpretation(meeting: Meeting, actor: User) -> None:
    for item in meeting.agenda_items:
        if item.kind in (AgendaItemKind.PLENARY, AgendaItemKind.CLOSED_SESSION) and not _has(
                Interpretation, Interpretation.agenda_item_id == item.id):
            for lang in ("en", "ru"):
                db.session.add(Interpretation(agenda_item=item, language=lang))


def visas(meeting: Meeting, actor: User) -> None:
    """Letters for the people of an upcoming meeting who come from abroad: requested by the
    focal point of Kazakhstan for their delegation and by the organizer for the others; most
    issued (passport data completed in the people's records first), some sent, the last still
    requested, so the dashboard has letters to issue and to send."""
    if meeting.starts_at <= utcnow() or _has(
            VisaLetter, VisaLetter.registration_id == Registration.id, Registration.meeting_id == meeting.id):
        return
    focal_point = db.session.scalar(select(User).where(User.role == UserRole.FOCAL_POINT, User.party_id.is_not(None))
                                    .order_by(User.id))
    host = meeting.host_party.name_en if meeting.host_party else meeting.city_en
    last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[1]
    chosen = [r for r in _registrations(meeting)
              if r.status not in visa_services.INACTIVE and r.person.party is not None
              and r.person.party.kind is not PartyKind.SECRETARIAT and r.person.party_id != meeting.host_party_id][:9]
    for i, registration in enumerate(chosen):
        person, party = registration.person, registration.person.party
        by_focal_point = focal_point is not None and focal_point.party_id == party.id
        access = participants.participants_access(focal_point if by_focal_point else actor, meeting.id)
        letter = visa_services.request_letter(access, registration.id, visa_services.LetterInput(
            embassy=f"Embassy of {host} in {party.name_en}", language="ru" if party.code in RUSSIAN_SPEAKING else "en"))
        if i >= 6:
            continue  # still to issue
        # One passport expiring soon after the meeting, for the warning; the others well after.
        expiry = last_day + timedelta(days=120 if i == 2 else 365 * 4 + 30 * i)
        participants.update_person(person, participants.PersonInput(
            passport_expiry=person.passport_expiry or expiry, nationality=person.nationality or party.name_en,
            date_of_birth=person.date_of_birth or date(1962 + 3 * i, 1 + i, 10 + i)), actor)
        visa_services.issue_letter(meeting, letter, actor)
        if i % 2 == 0:
            visa_services.mark_sent(meeting, letter, actor)


def tasks(meeting: Meeting, actor: User) -> None:
    if _has(Task, Task.meeting_id == meeting.id):
        return
    first_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0]
    for title, days_before, status in [
        ("Send invitations (notes verbales) to Member States", 60, TaskStatus.DONE),
        ("Confirm interpretation EN/RU", 30, TaskStatus.DONE),
        ("Book hotel room block", 30, TaskStatus.IN_PROGRESS),
        ("Issue visa support letters", 21, TaskStatus.IN_PROGRESS),
        ("Print badges and list of participants", 2, TaskStatus.OPEN),
        ("Arrange airport pick-up", 3, TaskStatus.OPEN),
    ]:
        db.session.add(Task(meeting=meeting, title=title, due_date=first_day - timedelta(days=days_before),
                            status=status))


def load(meeting: Meeting, actor: User) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(meeting, actor)
        db.session.flush()
