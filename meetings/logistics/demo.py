"""The demo's logistics for a meeting with participants and a venue: each part's function adds
what the meeting lacks of that part (idempotent: a part already there is left alone), through the
part's services where they exist, as the demo organizer.

TODO(#14): each part's function goes through its services.
"""

from datetime import timedelta

from sqlalchemy import exists, select

from meetings.extensions import db
from meetings.logistics.hotels import occupancy as hotel_occupancy
from meetings.logistics.hotels import services as hotel_services
from meetings.models import (
    AccreditationStatus,
    AgendaItemKind,
    Hotel,
    HotelBlock,
    Interpretation,
    Meeting,
    Registration,
    RegistrationRole,
    Task,
    TaskStatus,
    Travel,
    TravelDirection,
    User,
    VisaLetter,
    VisaLetterStatus,
)
from meetings.timeutil import local_dates


def _registrations(meeting: Meeting) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(Registration.meeting_id == meeting.id)
                                   .order_by(Registration.id)))


def _has(model, *where) -> bool:
    return bool(db.session.scalar(select(exists().where(*where))))


# The demo's hotels, by the city of the meeting: (name EN, name RU, address EN, address RU, phone, e-mail).
DEMO_HOTELS = {
    "Baku": [
        ("Hilton Baku", "Хилтон Баку", "1B Azadliq Avenue, Baku AZ1000", "проспект Азадлыг, 1Б, Баку AZ1000",
         "+994 12 464 5000", "reservations.baku@hilton.example.com"),
        ("Fairmont Baku, Flame Towers", "Фэрмонт Баку, Флейм Тауэрс", "1A Mehdi Huseyn Street, Baku AZ1006",
         "улица Мехди Гусейна, 1А, Баку AZ1006", "+994 12 565 4848", "baku@fairmont.example.com"),
    ],
    "Astana": [
        ("Hilton Astana", "Хилтон Астана", "Sauran Street 46, Astana 010000", "улица Сауран, 46, Астана 010000",
         "+7 7172 64 6400", "astana@hilton.example.com"),
        ("The Ritz-Carlton, Astana", "Ритц-Карлтон, Астана", "Dostyk Street 16, Astana 010000",
         "улица Достык, 16, Астана 010000", "+7 7172 55 8888", "astana@ritzcarlton.example.com"),
    ],
}


def _demo_hotel(row: tuple, city: str, actor: User) -> Hotel:
    name_en, name_ru, address_en, address_ru, phone, email = row
    hotel = db.session.scalar(select(Hotel).where(Hotel.name_en == name_en, Hotel.city == city))
    return hotel or hotel_services.save_hotel(None, hotel_services.HotelInput(
        name_en=name_en, name_ru=name_ru, city=city, address_en=address_en, address_ru=address_ru, phone=phone,
        email=email), user=actor)


def hotels(meeting: Meeting, actor: User) -> None:
    """Two blocks (singles and suites) in the city's hotels; the accredited and registered people
    housed but for three accredited ones, left without a room so the dashboard shows them."""
    if _has(HotelBlock, HotelBlock.meeting_id == meeting.id):
        return
    city = meeting.venue.city_en if meeting.venue is not None else meeting.city_en
    rows = DEMO_HOTELS.get(city) or DEMO_HOTELS["Baku"]
    first_day, last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    check_in, check_out = first_day - timedelta(days=1), last_day + timedelta(days=1)
    waiting = hotel_occupancy.unassigned_registrations(meeting)
    accredited = [r for r in waiting if r.status is AccreditationStatus.ACCREDITED]
    housed = accredited[:-3] + [r for r in waiting if r.status is AccreditationStatus.REGISTERED]
    suites = 4
    blocks = []
    for row, room_type, rooms, rate, release in (
        (rows[0], "Standard single", max(len(housed) - suites, 0) + 6, "USD 180 per night, breakfast included", 21),
        (rows[1], "Deluxe suite", suites, "USD 420 per night, breakfast included", 5),
    ):
        hotel = _demo_hotel(row, city, actor)
        blocks.append(hotel_services.save_block(meeting, None, hotel_services.BlockInput(
            hotel_id=hotel.id, room_type=room_type, rooms=rooms, check_in=check_in, check_out=check_out, rate=rate,
            release_date=first_day - timedelta(days=release)), user=actor, accept_warnings=True))
    heads = [r for r in housed if r.role is RegistrationRole.HEAD_OF_DELEGATION][:suites]
    for i, registration in enumerate(housed):
        hotel_services.assign(blocks[1] if registration in heads else blocks[0], hotel_services.AssignmentInput(
            registration_id=registration.id, check_in=check_in if i % 3 else first_day, check_out=check_out,
            room_number=str(301 + i) if i % 4 else "", note="Late arrival" if i % 5 == 2 else ""),
            user=actor, accept_warnings=True)


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
    if _has(VisaLetter, VisaLetter.registration_id == Registration.id, Registration.meeting_id == meeting.id):
        return
    for i, registration in enumerate(_registrations(meeting)):
        if i % 5 == 1:
            db.session.add(VisaLetter(registration=registration, status=VisaLetterStatus.REQUESTED))


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
