"""The demo's logistics for a meeting with participants and a venue: each part's function adds
what the meeting lacks of that part (idempotent: a part already there is left alone), through the
part's services, as the demo organizer (and, for visa requests, the focal point).
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select

from meetings.accounts.services import find_user
from meetings.demo_data import DEMO_ACCOUNTS
from meetings.extensions import db
from meetings.logistics.hotels import occupancy as hotel_occupancy
from meetings.logistics.hotels import services as hotel_services
from meetings.logistics.interpretation import services as interpretation_services
from meetings.logistics.interpretation.inputs import InterpreterInput, ItemLanguagesInput
from meetings.logistics.tasks import services as task_services
from meetings.logistics.tasks.services import TaskInput
from meetings.logistics.travel import services as travel_services
from meetings.logistics.visas import services as visa_services
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Hotel,
    HotelBlock,
    Interpretation,
    Interpreter,
    Meeting,
    PartyKind,
    Registration,
    RegistrationRole,
    Task,
    TaskStatus,
    Travel,
    User,
    UserRole,
    VisaLetter,
    utcnow,
)
from meetings.participants import services as participants
from meetings.participants.workflow import ACTIVE
from meetings.timeutil import local_dates

# Parties whose delegations read Russian letters more easily.
RUSSIAN_SPEAKING = ("KZ", "RU", "KG", "TJ", "UZ", "AZ", "BY", "TM", "MN")

# States' official names as a Russian letter addresses an embassy, «Посольство <genitive> в
# <prepositional>»: the case forms of a name are not data the registry keeps, so the demo knows the
# ones its letters need; a letter between states not listed here is written in English.
RUSSIAN_EMBASSY_FORMS = {
    "AZ": ("Азербайджанской Республики", "Азербайджанской Республике"),
    "BY": ("Республики Беларусь", "Республике Беларусь"),
    "CN": ("Китайской Народной Республики", "Китайской Народной Республике"),
    "KG": ("Кыргызской Республики", "Кыргызской Республике"),
    "KZ": ("Республики Казахстан", "Республике Казахстан"),
    "MN": ("Монголии", "Монголии"),
    "RU": ("Российской Федерации", "Российской Федерации"),
    "TJ": ("Республики Таджикистан", "Республике Таджикистан"),
    "TM": ("Туркменистана", "Туркменистане"),
    "UZ": ("Республики Узбекистан", "Республике Узбекистан"),
}


def _embassy(host, party) -> tuple[str, str]:
    """The embassy a letter goes to and the letter's language: Russian for a Russian-speaking
    party when both names have their Russian forms here, else English."""
    if party.code in RUSSIAN_SPEAKING and host.code in RUSSIAN_EMBASSY_FORMS:
        of_host, in_party = RUSSIAN_EMBASSY_FORMS[host.code][0], RUSSIAN_EMBASSY_FORMS[party.code][1]
        return f"Посольство {of_host} в {in_party}", "ru"
    return f"Embassy of {host.name_en} in {party.name_en}", "en"


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
    # Room types, rates and notes typed by the Secretariat in Astana, in Russian: the rooming list
    # goes to the hotel in Russian, and an English page marks them as Russian text.
    for row, room_type, rooms, rate, release in (
        (rows[0], "Стандарт, одноместный", max(len(housed) - suites, 0) + 6,
         "180 долларов США за ночь, включая завтрак", 21),
        (rows[1], "Люкс", suites, "420 долларов США за ночь, включая завтрак", 5),
    ):
        hotel = _demo_hotel(row, city, actor)
        blocks.append(hotel_services.save_block(meeting, None, hotel_services.BlockInput(
            hotel_id=hotel.id, room_type=room_type, rooms=rooms, check_in=check_in, check_out=check_out, rate=rate,
            release_date=first_day - timedelta(days=release)), user=actor, accept_warnings=True))
    heads = [r for r in housed if r.role is RegistrationRole.HEAD_OF_DELEGATION][:suites]
    for i, registration in enumerate(housed):
        hotel_services.assign(blocks[1] if registration in heads else blocks[0], hotel_services.AssignmentInput(
            registration_id=registration.id, check_in=check_in if i % 3 else first_day, check_out=check_out,
            room_number=str(301 + i) if i % 4 else "", note="Поздний заезд" if i % 5 == 2 else ""),
            user=actor, accept_warnings=True)


# Flights into Baku (GYD) and Astana (NQZ), and the trains that also bring delegations there.
DEMO_FLIGHTS = ("J2 8", "KC 133", "TK 338", "J2 46", "QR 255", "FZ 711", "PK 777", "HY 37", "CZ 6043", "AI 1917")
DEMO_ARRIVAL_TIMES = ((-1, "06:10"), (-1, "09:45"), (-1, "13:20"), (-1, "17:55"), (-1, "22:40"), (-1, "23:55"),
                      (0, "00:35"), (0, "02:15"), (-1, "15:05"), (-2, "20:30"))  # (days from the first day, time)
DEMO_DEPARTURE_TIMES = ("07:30", "11:15", "16:40", "21:05", "03:50")
# Typed as the Secretariat in Astana types them, in Russian (airports by their IATA codes).
DEMO_PLACES = {"Baku": ("GYD", "Железнодорожный вокзал Баку", "Поезд 37", "Ночной поезд из Тбилиси"),
               "Astana": ("NQZ", "Вокзал «Нурлы Жол», Астана", "Поезд 1", "Тальго из Алматы")}


def travel(meeting: Meeting, actor: User) -> None:
    """Arrivals and departures for most participants, through the travel services: some late at
    night or after midnight, some by train, a few without a pick-up decision or any arrival."""
    if _has(Travel, Travel.registration_id == Registration.id, Registration.meeting_id == meeting.id):
        return
    airport, station, train, train_note = DEMO_PLACES.get(meeting.city_en, DEMO_PLACES["Baku"])
    first_day, last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    access = travel_services.travel_access(actor, meeting.id)
    for i, registration in enumerate(_registrations(meeting)):
        if registration.status not in ACTIVE or i % 7 == 6:
            continue  # declined or cancelled, or not known yet
        by_train = i % 9 == 4
        days, at = DEMO_ARRIVAL_TIMES[i % len(DEMO_ARRIVAL_TIMES)]
        arrival = travel_services.LegInput(
            datetime.combine(first_day + timedelta(days=days), time.fromisoformat(at)),
            flight=train if by_train else DEMO_FLIGHTS[i % len(DEMO_FLIGHTS)], airport=station if by_train else airport,
            pickup=(True, True, True, None, False)[i % 5], note=train_note if by_train else "")
        departure = None if i % 4 == 1 else travel_services.LegInput(
            datetime.combine(last_day + timedelta(days=1), time.fromisoformat(
                DEMO_DEPARTURE_TIMES[i % len(DEMO_DEPARTURE_TIMES)])),
            flight=DEMO_FLIGHTS[(i + 3) % len(DEMO_FLIGHTS)], airport=airport, pickup=i % 3 != 0)
        travel_services.save_travel(access, registration,
                                    travel_services.TravelInput(arrival=arrival, departure=departure))


# Interpreters shared by every meeting: (name, languages, e-mail).
INTERPRETERS = [
    ("Anna Petrova", "ru, en", "a.petrova@interpreters.example.org"),
    ("James Whitfield", "en, ru", "j.whitfield@interpreters.example.org"),
    ("Olga Sokolova", "ru, en", "o.sokolova@interpreters.example.org"),
    ("Michael Grant", "en, ru", "m.grant@interpreters.example.org"),
    ("Li Na", "zh, en", "li.na@interpreters.example.org"),
    ("Karim Haddad", "ar, en, ru", "k.haddad@interpreters.example.org"),
]


def _interpreters(actor: User) -> dict[str, Interpreter]:
    known = {i.name: i for i in interpretation_services.interpreters()}
    for name, languages, email in INTERPRETERS:
        if name not in known:
            known[name] = interpretation_services.save_interpreter(
                None, InterpreterInput(name=name, languages=languages, email=email), user=actor)
    return known


def interpretation(meeting: Meeting, actor: User) -> None:
    """English and Russian on every session, interpreters booked on the plenaries and closed
    sessions (two per language, the pairs taking turns by day), and Chinese asked for the first
    plenary with nobody booked yet: the dashboard shows it as missing."""
    if _has(Interpretation, Interpretation.agenda_item_id == AgendaItem.id, AgendaItem.meeting_id == meeting.id):
        return
    people = _interpreters(actor)
    interpretation_services.apply_defaults(meeting, user=actor)
    pairs = [(people["James Whitfield"], people["Anna Petrova"]), (people["Michael Grant"], people["Olga Sokolova"])]
    first_plenary = True
    for day, items in meeting.timetable_days():
        english, russian = pairs[day.toordinal() % 2]
        for item in items:
            if item.kind not in (AgendaItemKind.PLENARY, AgendaItemKind.CLOSED_SESSION):
                continue
            languages = ["en", "ru"] + (["zh"] if first_plenary else [])
            interpretation_services.set_item_languages(item, ItemLanguagesInput(
                languages, {"en": [english.id], "ru": [russian.id]}), user=actor)
            first_plenary = False


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
    host = meeting.host_party
    last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[1]
    chosen = [r for r in _registrations(meeting) if host is not None
              and r.status in ACTIVE and r.person.party is not None
              and r.person.party.kind is not PartyKind.SECRETARIAT and r.person.party_id != meeting.host_party_id][:9]
    for i, registration in enumerate(chosen):
        person, party = registration.person, registration.person.party
        by_focal_point = focal_point is not None and focal_point.party_id == party.id
        access = participants.participants_access(focal_point if by_focal_point else actor, meeting.id)
        embassy, language = _embassy(host, party)
        letter = visa_services.request_letter(access, registration.id, visa_services.LetterInput(
            embassy=embassy, language=language))
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
    """The meeting type's standard checklist, through the tasks' services: the earliest third done,
    the next ones shared between the demo organizer and the demo staff member (the staff's first one
    in progress), the rest nobody's yet. Which are overdue follows from today's date, as in life."""
    if _has(Task, Task.meeting_id == meeting.id):
        return
    staff = find_user(next(email for email, _name, role in DEMO_ACCOUNTS if role is UserRole.STAFF))
    added = sorted(task_services.apply_template(meeting, user=actor), key=lambda t: (t.due_date, t.id))
    done = len(added) // 3
    for i, task in enumerate(added):
        owner = (actor, staff)[i % 2] if i < len(added) - 2 else None
        status = TaskStatus.DONE if i < done else (TaskStatus.IN_PROGRESS if i == done + 1 else TaskStatus.OPEN)
        task_services.update_task(task, TaskInput(title_en=task.title_en, title_ru=task.title_ru, owner_id=owner.id if owner else None,
                                                  due_date=task.due_date, status=status, note=task.note),
                                  user=actor)


def load(meeting: Meeting, actor: User) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(meeting, actor)
        db.session.flush()
