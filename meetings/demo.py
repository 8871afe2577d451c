"""Demo data: a realistic CICA calendar (real meetings of 2019-2025 and upcoming ones), with
timetables, delegations, participants, logistics and one account per role.

Idempotent: everything is looked up by a natural key first and only what is missing is created.
People and their names are fictional; meetings, places and dates follow shared/reference/CICA.md.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from meetings import audit
from meetings.accounts.services import create_user, find_user
from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Delegation,
    DelegationReply,
    Hotel,
    HotelAssignment,
    HotelBlock,
    Interpretation,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    Party,
    PartyKind,
    Person,
    Registration,
    RegistrationRole,
    Room,
    Task,
    TaskStatus,
    Travel,
    TravelDirection,
    UserRole,
    Venue,
    VisaLetter,
    VisaLetterStatus,
    Visibility,
)
from meetings.scheduling import services as scheduling
from meetings.timeutil import from_local, local_dates

VENUES = {
    "astana": ("Palace of Independence", "Дворец Независимости", "Astana", "Астана", "Asia/Almaty",
               "Tauelsizdik Ave 52", [("Main Hall", 400, 6), ("Hall A", 80, 2), ("Hall B", 60, 2)]),
    "baku": ("Baku Congress Center", "Бакинский конгресс-центр", "Baku", "Баку", "Asia/Baku",
             "Heydar Aliyev Ave 1", [("Plenary Hall", 600, 8), ("Meeting Room 1", 60, 2), ("Meeting Room 2", 40, 0)]),
    "dushanbe": ("Kokhi Navruz", "Кохи Навруз", "Dushanbe", "Душанбе", "Asia/Dushanbe",
                 "Ismoili Somoni Ave", [("Grand Hall", 500, 6)]),
    "xining": ("Qinghai International Conference Center", "Международный конференц-центр Цинхая", "Xining",
               "Синин", "Asia/Shanghai", "", [("Conference Hall", 200, 4)]),
    "newyork": ("United Nations Headquarters", "Штаб-квартира ООН", "New York", "Нью-Йорк", "America/New_York",
                "405 E 42nd St", [("Conference Room 5", 120, 6)]),
}


@dataclass
class DemoMeeting:
    title_en: str
    title_ru: str
    type_code: str
    start: date
    end: date
    venue: str | None  # key of VENUES, None for online meetings
    host: str
    status: MeetingStatus = MeetingStatus.HELD
    number: int | None = None
    fmt: MeetingFormat = MeetingFormat.IN_PERSON
    visibility: Visibility = Visibility.PUBLIC
    tz: str | None = None  # for online meetings, the host's zone
    participants: bool = False  # delegations and people, for the meetings shown in detail
    # A real change of plans, made through the scheduling rules so the history is genuine:
    # (first planned date, venue key, format, reason) of a postponed meeting, or a cancellation reason.
    postponed_from: tuple[date, str | None, MeetingFormat, str] | None = None
    cancel_reason: str = ""


MEETINGS = [
    DemoMeeting("5th CICA Summit", "Пятый саммит СВМДА", "SUMMIT", date(2019, 6, 14), date(2019, 6, 15),
                "dushanbe", "TJ", number=5),
    DemoMeeting("6th Meeting of the CICA Ministerial Council", "Шестое заседание Совета министров СВМДА", "MC",
                date(2021, 10, 11), date(2021, 10, 12), "astana", "KZ", number=6),
    DemoMeeting("6th CICA Summit", "Шестой саммит СВМДА", "SUMMIT", date(2022, 10, 12), date(2022, 10, 13),
                "astana", "KZ", number=6),
    DemoMeeting("Special Working Group", "Специальная рабочая группа", "SWG", date(2023, 8, 21), date(2023, 8, 21),
                "astana", "KZ"),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2023, 8, 22),
                date(2023, 8, 22), "astana", "KZ"),
    DemoMeeting("11th CICA Think Tank Forum", "11-й Форум аналитических центров СВМДА", "TTF", date(2023, 8, 28),
                date(2023, 8, 29), "xining", "CN", number=11),
    DemoMeeting("Informal Meeting of the CICA Ministerial Council", "Неформальное заседание Совета министров СВМДА",
                "IMC", date(2023, 9, 21), date(2023, 9, 21), "newyork", "KZ"),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2023, 12, 12),
                date(2023, 12, 12), "astana", "KZ"),
    DemoMeeting("Special Working Group", "Специальная рабочая группа", "SWG", date(2024, 3, 12), date(2024, 3, 12),
                "astana", "KZ"),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2024, 3, 14),
                date(2024, 3, 14), "astana", "KZ"),
    DemoMeeting("Special Working Group", "Специальная рабочая группа", "SWG", date(2024, 6, 25), date(2024, 6, 25),
                None, "KZ", fmt=MeetingFormat.ONLINE, tz="Asia/Almaty"),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2024, 6, 27),
                date(2024, 6, 27), "astana", "KZ"),
    DemoMeeting("Special Working Group", "Специальная рабочая группа", "SWG", date(2024, 12, 3), date(2024, 12, 3),
                "astana", "AZ"),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2024, 12, 4),
                date(2024, 12, 4), "astana", "AZ"),
    # Planned for Baku on 11 November 2024, held online on 17 December 2024: one meeting that moved.
    DemoMeeting("7th Meeting of the CICA Ministerial Council", "Седьмое заседание Совета министров СВМДА", "MC",
                date(2024, 12, 17), date(2024, 12, 17), None, "AZ", number=7, fmt=MeetingFormat.ONLINE,
                tz="Asia/Baku",
                postponed_from=(date(2024, 11, 11), "baku", MeetingFormat.IN_PERSON,
                                "Planned for Baku on 11 November 2024; held online on 17 December 2024.")),
    DemoMeeting("Special Working Group", "Специальная рабочая группа", "SWG", date(2025, 2, 26), date(2025, 2, 26),
                "baku", "AZ"),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2025, 2, 27),
                date(2025, 2, 27), "baku", "AZ"),
    DemoMeeting("Special Working Group and Senior Officials Committee",
                "Специальная рабочая группа и Комитет старших должностных лиц", "SOC", date(2025, 7, 21),
                date(2025, 7, 21), "astana", "AZ"),
    DemoMeeting("13th CICA Think Tank Forum", "13-й Форум аналитических центров СВМДА", "TTF", date(2025, 9, 9),
                date(2025, 9, 10), "baku", "AZ", number=13),
    DemoMeeting("Informal Meeting of the CICA Ministerial Council", "Неформальное заседание Совета министров СВМДА",
                "IMC", date(2025, 9, 25), date(2025, 9, 25), "newyork", "AZ"),
    DemoMeeting("Expert Meeting on Energy Security", "Совещание экспертов по энергетической безопасности",
                "WORKSHOP", date(2026, 10, 20), date(2026, 10, 21), "baku", "AZ", status=MeetingStatus.CANCELLED,
                cancel_reason="Cancelled at the request of the coordinating states."),
    DemoMeeting("Special Working Group", "Специальная рабочая группа", "SWG", date(2026, 12, 8), date(2026, 12, 8),
                None, "AZ", status=MeetingStatus.CONFIRMED, fmt=MeetingFormat.ONLINE, tz="Asia/Baku"),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2026, 12, 9),
                date(2026, 12, 10), "baku", "AZ", status=MeetingStatus.CONFIRMED, participants=True),
    DemoMeeting("Consultations on the Secretariat budget for 2027",
                "Консультации по бюджету Секретариата на 2027 год", "OTHER", date(2026, 12, 10), date(2026, 12, 10),
                "baku", "AZ", status=MeetingStatus.CONFIRMED, visibility=Visibility.RESTRICTED, participants=True),
    DemoMeeting("7th CICA Summit", "Седьмой саммит СВМДА", "SUMMIT", date(2026, 12, 17), date(2026, 12, 18),
                "baku", "AZ", status=MeetingStatus.PLANNED, number=7, participants=True),
    DemoMeeting("Workshop on Countering the Use of ICT for Terrorist Purposes",
                "Семинар по противодействию использованию ИКТ в террористических целях", "WORKSHOP",
                date(2027, 2, 17), date(2027, 2, 18), "astana", "KZ", status=MeetingStatus.PLANNED,
                visibility=Visibility.MEMBERS),
    DemoMeeting("Senior Officials Committee", "Комитет старших должностных лиц", "SOC", date(2027, 3, 16),
                date(2027, 3, 17), "astana", "AZ", status=MeetingStatus.DRAFT),
]

# (party, honorific, given names, family name, position EN, position RU, ministerial)
PEOPLE = [
    ("AZ", "H.E. Mr.", "Elnur", "Mammadli", "Deputy Minister of Foreign Affairs", "Заместитель министра иностранных дел", True),
    ("AZ", "Ms.", "Leyla", "Hasanova", "Head of Division, MFA", "Начальник отдела МИД", False),
    ("KZ", "H.E. Mr.", "Nurlan", "Abenov", "Deputy Minister of Foreign Affairs", "Заместитель министра иностранных дел", True),
    ("KZ", "Mr.", "Daniyar", "Seitkali", "Counsellor, MFA", "Советник МИД", False),
    ("CN", "Mr.", "Wei", "Zhang", "Director-General, MFA", "Генеральный директор МИД", False),
    ("CN", "Ms.", "Lin", "Chen", "First Secretary", "Первый секретарь", False),
    ("RU", "Mr.", "Sergey", "Volkov", "Director, Department of Asian Security, MFA", "Директор департамента МИД", False),
    ("RU", "Ms.", "Anna", "Morozova", "Counsellor, MFA", "Советник МИД", False),
    ("IN", "Mr.", "Rahul", "Mehta", "Joint Secretary, MEA", "Совместный секретарь МИД", False),
    ("TR", "Ms.", "Elif", "Yılmaz", "Head of Department, MFA", "Начальник департамента МИД", False),
    ("IR", "Mr.", "Reza", "Karimi", "Director-General, MFA", "Генеральный директор МИД", False),
    ("KR", "Mr.", "Min-jun", "Park", "Director, MOFA", "Директор МИД", False),
    ("TJ", "Mr.", "Farrukh", "Rahimov", "Ambassador-at-Large", "Посол по особым поручениям", False),
    ("UZ", "Mr.", "Bekzod", "Tursunov", "Head of Department, MFA", "Начальник управления МИД", False),
    ("KG", "Ms.", "Aizada", "Bekova", "Deputy Head of Department, MFA", "Заместитель начальника управления МИД", False),
    ("MN", "Mr.", "Bat-Erdene", "Ganbold", "Director, MFA", "Директор МИД", False),
    ("PS", "Mr.", "Omar", "Haddad", "Ambassador", "Посол", False),
    ("TH", "Ms.", "Siriporn", "Chaiyasit", "Minister Counsellor", "Советник-посланник", False),
    ("VN", "Mr.", "Minh", "Nguyen", "Deputy Director-General, MOFA", "Заместитель генерального директора МИД", False),
    ("QA", "Mr.", "Khalid", "Al-Thani", "Director, MFA", "Директор МИД", False),
    ("UN", "Ms.", "Maria", "Santos", "Political Affairs Officer", "Сотрудник по политическим вопросам", False),
    ("CICA", "Mr.", "Arman", "Zhaksybekov", "Director, CICA Secretariat", "Директор, Секретариат СВМДА", False),
    ("CICA", "Ms.", "Saule", "Nurpeisova", "Protocol Officer, CICA Secretariat", "Сотрудник протокола, Секретариат СВМДА", False),
    ("CICA", "Ms.", "Irina", "Kovalenko", "Interpreter (EN/RU)", "Переводчик (англ./рус.)", False),
]

DEMO_PASSWORD = "cica-demo-2026"
DEMO_ACCOUNTS = [
    ("admin@example.org", "Demo Administrator", UserRole.ADMIN),
    ("organizer@example.org", "Demo Organizer", UserRole.ORGANIZER),
    ("staff@example.org", "Demo Staff", UserRole.STAFF),
    ("focal.kz@example.org", "Demo Focal Point (Kazakhstan)", UserRole.FOCAL_POINT),
    ("delegate@example.org", "Demo Delegate", UserRole.DELEGATE),
]


def _slots(day_index: int, last_day: bool, type_code: str) -> list[tuple[time, time, str, str, AgendaItemKind]]:
    """The shape of a day of a CICA meeting, as in past programmes."""
    if day_index == 0:
        day = [
            (time(9, 0), time(9, 30), "Registration of delegations", "Регистрация делегаций", AgendaItemKind.OTHER),
            (time(9, 30), time(10, 0), "Opening of the meeting", "Открытие заседания", AgendaItemKind.PLENARY),
            (time(10, 0), time(10, 15), "Family photo", "Совместное фотографирование", AgendaItemKind.PHOTO),
            (time(10, 15), time(12, 30), "Statements of heads of delegation", "Выступления глав делегаций",
             AgendaItemKind.PLENARY),
        ]
    else:
        day = [
            (time(9, 30), time(12, 30), "Working session: Confidence Building Measures",
             "Рабочая сессия: меры доверия", AgendaItemKind.WORKING_SESSION),
        ]
    day.append((time(12, 30), time(14, 0), "Lunch break", "Перерыв на обед", AgendaItemKind.BREAK))
    if last_day:
        day += [
            (time(14, 0), time(16, 0), "Adoption of the final documents", "Принятие итоговых документов",
             AgendaItemKind.CLOSED_SESSION),
            (time(16, 0), time(16, 30), "Closing of the meeting", "Закрытие заседания", AgendaItemKind.PLENARY),
        ]
        if type_code == "SUMMIT":
            day.append((time(19, 0), time(21, 0), "Official reception", "Официальный приём", AgendaItemKind.RECEPTION))
    else:
        day.append((time(14, 0), time(17, 30), "Working session: draft documents", "Рабочая сессия: проекты документов",
                    AgendaItemKind.WORKING_SESSION))
    return day


def _venues() -> dict[str, Venue]:
    venues = {}
    for key, (name_en, name_ru, city_en, city_ru, tz, address, rooms) in VENUES.items():
        venue = db.session.scalar(select(Venue).where(Venue.name_en == name_en))
        if venue is None:
            venue = Venue(name_en=name_en, name_ru=name_ru, city_en=city_en, city_ru=city_ru, timezone=tz,
                          address=address, rooms=[Room(name=n, capacity=c, interpretation_booths=b) for n, c, b in rooms])
            db.session.add(venue)
        venues[key] = venue
    db.session.flush()
    return venues


def _people(parties: dict[str, Party]) -> list[Person]:
    people = []
    for index, (code, honorific, given, family, pos_en, pos_ru, _ministerial) in enumerate(PEOPLE, start=1):
        email = f"{given}.{family}".lower().replace(" ", "").replace("ı", "i") + f"@{code.lower()}.example.org"
        person = db.session.scalar(select(Person).where(Person.email == email))
        if person is None:
            person = Person(family_name=family, given_names=given, honorific=honorific, position_en=pos_en,
                            position_ru=pos_ru, party=parties[code], email=email, languages="en, ru",
                            passport_number=f"P{4_000_000 + index * 7919:08d}",
                            printed_name=f"{honorific} {given} {family}")
            db.session.add(person)
        people.append(person)
    db.session.flush()
    return people


def _end_time(spec: DemoMeeting) -> time:
    return time(21, 0) if spec.type_code == "SUMMIT" else time(18, 0)


def _meeting(spec: DemoMeeting, types, parties, venues) -> tuple[Meeting, bool]:
    mtype = types[spec.type_code]
    venue = venues[spec.venue] if spec.venue else None
    tz = venue.timezone if venue else spec.tz
    existing = db.session.scalar(
        select(Meeting).where(Meeting.type_id == mtype.id, Meeting.title_en == spec.title_en,
                              Meeting.starts_at == from_local(datetime.combine(spec.start, time(9, 0)), tz))
    )
    if existing is not None:
        return existing, False
    # A postponed meeting is first made as it was planned, then moved by the scheduling service.
    first_start, first_venue_key, first_format, _reason = spec.postponed_from or (spec.start, spec.venue, spec.fmt, "")
    first_venue = venues[first_venue_key] if first_venue_key else None
    first_tz = first_venue.timezone if first_venue else tz
    days = (spec.end - spec.start).days + 1
    changed_later = spec.postponed_from is not None or bool(spec.cancel_reason)
    meeting = Meeting(
        title_en=spec.title_en, title_ru=spec.title_ru, type=mtype, number=spec.number,
        host_party=parties[spec.host], chair_party=parties[spec.host], venue=first_venue,
        city_en=first_venue.city_en if first_venue else "", city_ru=first_venue.city_ru if first_venue else "",
        format=first_format, timezone=first_tz, visibility=spec.visibility,
        status=MeetingStatus.PLANNED if changed_later else spec.status,
        online_url="https://meet.example.org/cica" if first_format is not MeetingFormat.IN_PERSON else "",
        starts_at=from_local(datetime.combine(first_start, time(9, 0)), first_tz),
        ends_at=from_local(datetime.combine(first_start + timedelta(days=days - 1), _end_time(spec)), first_tz),
    )
    db.session.add(meeting)
    rooms = first_venue.rooms if first_venue else []
    position = 0
    for index in range(days):
        day = first_start + timedelta(days=index)
        for start, end, title_en, title_ru, kind in _slots(index, index == days - 1, spec.type_code):
            position += 1
            room = None
            if rooms:
                room = rooms[0] if kind in (AgendaItemKind.PLENARY, AgendaItemKind.CLOSED_SESSION) else rooms[-1]
            meeting.agenda_items.append(AgendaItem(
                title_en=title_en, title_ru=title_ru, kind=kind, room=room, position=position,
                starts_at=from_local(datetime.combine(day, start), first_tz),
                ends_at=from_local(datetime.combine(day, end), first_tz),
            ))
    db.session.flush()
    audit.record(None, "meeting", "created", object_id=meeting.id, meeting_id=meeting.id,
                 summary="Created from the demo data")
    db.session.commit()
    if spec.postponed_from is not None:
        scheduling.postpone_meeting(meeting, scheduling.PostponeInput(
            new_start=datetime.combine(spec.start, time(9, 0)),
            new_end=datetime.combine(spec.end, _end_time(spec)), reason=spec.postponed_from[3],
            timezone=tz, venue_id=venue.id if venue else None,
            city_en=venue.city_en if venue else "", city_ru=venue.city_ru if venue else "", format=spec.fmt,
            online_url="https://meet.example.org/cica" if spec.fmt is not MeetingFormat.IN_PERSON else "",
        ), user=None, expected_version=None, accept_warnings=True)
        scheduling.change_status(meeting, MeetingStatus.CONFIRMED, user=None, expected_version=None)
        if spec.status is MeetingStatus.HELD:
            scheduling.mark_held(meeting, user=None, expected_version=None)
    if spec.cancel_reason:
        scheduling.cancel_meeting(meeting, reason=spec.cancel_reason, user=None, expected_version=None)
    return meeting, True


def _participants(meeting: Meeting, parties: dict[str, Party], people: list[Person]) -> None:
    """Delegations of all Member States, people of some, at various stages of accreditation."""
    members = [p for p in parties.values() if p.kind is PartyKind.MEMBER_STATE]
    restricted = meeting.visibility is Visibility.RESTRICTED
    delegations = {}
    for i, party in enumerate(sorted(members, key=lambda p: p.name_en)):
        reply = (DelegationReply.ACCEPTED, DelegationReply.ACCEPTED, DelegationReply.PENDING)[i % 3]
        delegations[party.code] = Delegation(meeting=meeting, party=party, reply=reply)
    db.session.add_all(delegations.values())
    badge = 0
    statuses = (AccreditationStatus.ACCREDITED, AccreditationStatus.REGISTERED, AccreditationStatus.ACCREDITED,
                AccreditationStatus.INVITED)
    seen_parties: set[str] = set()
    for i, (person, row) in enumerate(zip(people, PEOPLE, strict=True)):
        code, ministerial = row[0], row[6]
        if restricted and code not in ("AZ", "KZ", "CICA"):
            continue
        if code == "CICA":
            role = RegistrationRole.INTERPRETER if "Interpreter" in person.position_en else RegistrationRole.SECRETARIAT
        elif code == "UN":
            role = RegistrationRole.OBSERVER
        else:
            role = RegistrationRole.DELEGATE if code in seen_parties else RegistrationRole.HEAD_OF_DELEGATION
        seen_parties.add(code)
        status = AccreditationStatus.ACCREDITED if code == "CICA" else statuses[i % len(statuses)]
        badge_number = None
        if status is AccreditationStatus.ACCREDITED:
            badge += 1
            badge_number = badge
        delegation = delegations.get(code)
        registration = Registration(meeting=meeting, person=person, delegation=delegation, role=role, status=status,
                                    ministerial_level=ministerial, badge_number=badge_number)
        db.session.add(registration)
        if delegation is not None and role is RegistrationRole.HEAD_OF_DELEGATION:
            delegation.head = person
        if i % 4 == 0 and meeting.venue is not None:
            local_start = meeting.starts_at - timedelta(days=1)
            db.session.add(Travel(registration=registration, direction=TravelDirection.ARRIVAL, at=local_start,
                                  flight=f"J2 {100 + i}", airport="GYD" if meeting.city_en == "Baku" else "NQZ",
                                  pickup=True))
        if i % 5 == 1:
            db.session.add(VisaLetter(registration=registration, status=VisaLetterStatus.REQUESTED))
    db.session.flush()


def _logistics(meeting: Meeting) -> None:
    hotel = db.session.scalar(select(Hotel).where(Hotel.name == "Hilton Baku"))
    if hotel is None:
        hotel = Hotel(name="Hilton Baku", city="Baku", address="1B Azadliq Ave", phone="+994 12 464 5000")
        db.session.add(hotel)
    first_day, last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    block = HotelBlock(meeting=meeting, hotel=hotel, rooms=40, check_in=first_day - timedelta(days=1),
                       check_out=last_day + timedelta(days=1), rate="USD 180 per night")
    db.session.add(block)
    for registration in db.session.scalars(select(Registration).where(Registration.meeting_id == meeting.id)).all()[:6]:
        db.session.add(HotelAssignment(registration=registration, hotel_block=block, check_in=block.check_in,
                                       check_out=block.check_out))
    for item in meeting.agenda_items:
        if item.kind in (AgendaItemKind.PLENARY, AgendaItemKind.CLOSED_SESSION):
            for lang in ("en", "ru"):
                db.session.add(Interpretation(agenda_item=item, language=lang, interpreters="Secretariat team"))
    tasks = [
        ("Send invitations (notes verbales) to Member States", 60, TaskStatus.DONE),
        ("Confirm interpretation EN/RU", 30, TaskStatus.DONE),
        ("Book hotel room block", 30, TaskStatus.IN_PROGRESS),
        ("Issue visa support letters", 21, TaskStatus.IN_PROGRESS),
        ("Print badges and list of participants", 2, TaskStatus.OPEN),
        ("Arrange airport pick-up", 3, TaskStatus.OPEN),
    ]
    for title, days_before, status in tasks:
        db.session.add(Task(meeting=meeting, title=title, due_date=first_day - timedelta(days=days_before),
                            status=status))


def load_demo() -> str:
    parties = {p.code: p for p in db.session.scalars(select(Party))}
    types = {t.code: t for t in db.session.scalars(select(MeetingType))}
    venues = _venues()
    people = _people(parties)
    created = 0
    for spec in MEETINGS:
        meeting, new = _meeting(spec, types, parties, venues)
        if new:
            created += 1
            if spec.participants:
                _participants(meeting, parties, people)
                if meeting.venue is not None:
                    _logistics(meeting)
    db.session.commit()

    lines = [f"Demo calendar: {created} meetings created, {len(MEETINGS) - created} already there.", "",
             "Demo accounts (for trying the product; never in production):"]
    delegate_person = people[2]  # the head of Kazakhstan's delegation
    for email, name, role in DEMO_ACCOUNTS:
        if find_user(email) is None:
            create_user(email, DEMO_PASSWORD, role, name=name,
                        party_id=parties["KZ"].id if role is UserRole.FOCAL_POINT else None,
                        person_id=delegate_person.id if role is UserRole.DELEGATE else None)
        lines.append(f"  {role.value:<12} {email:<26} password: {DEMO_PASSWORD}")
    return "\n".join(lines)
