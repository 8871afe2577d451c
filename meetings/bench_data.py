"""`flask --app wsgi bench-data`: a deterministic synthetic calendar for `make bench`.

The shape of issue 17: many public meetings of the reference types, hosted by Member States,
most in the past (spread back from the anchor day) and some upcoming, each with a few timetable
entries; and one large meeting with hundreds of entries in parallel rooms and hundreds of
participants in delegations. The same seed and anchor day give the same rows (ids, and the UIDs
and timestamps that the services draw for the large meeting, aside).

Two paths, both through the rules (STYLE.md point 20):
- the large meeting, its venue and rooms, timetable and participants go through the services one
  by one, as an organizer makes them (conflicts, warnings read and accepted, audit trail);
- the many ordinary meetings are bulk rows: each meeting and entry is checked by the services'
  own checks (scheduling.meetings.meeting_values, scheduling.timetable.item_values), its status
  reached along the workflow's transitions, and written with add_all, one commit per batch.
  Their registrations, when asked for, go through the registration service.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from meetings.accounts.services import create_user, find_user
from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    Party,
    PartyKind,
    Registration,
    RegistrationRole,
    User,
    UserRole,
    Visibility,
)
from meetings.participants import services as participants
from meetings.participants.inputs import RegistrationInput
from meetings.scheduling import services as scheduling
from meetings.scheduling.meetings import meeting_values
from meetings.scheduling.timetable import item_values
from meetings.scheduling.workflow import INITIAL_STATUSES, TRANSITIONS
from meetings.transaction import transaction

ACTOR_EMAIL = "bench-organizer@bench.example.org"
ACTOR_PASSWORD = "bench-organizer-not-secret"  # benchmark databases only: the data set is public anyway
BATCH = 500
# Ordinary meetings: one in twenty upcoming (within the next year), at most UPCOMING_MAX; the rest
# held before the anchor: the newest RECENT of them a few days apart, as CICA's calendar goes (so a
# year holds as many meetings at every size: history grows, the year's pace does not), older ones
# spread back to 1995 (the application takes years from 1992).
UPCOMING_SHARE = 20
UPCOMING_MAX = 10
RECENT = 250
DAYS_APART = 3
OLDEST = date(1995, 1, 1)
LARGE_ROOMS = 5
LARGE_SLOTS = 20  # half-hour slots a day, from 08:30 to 18:30

# Types of the ordinary meetings, weighted as CICA's calendar is: many expert meetings and working
# groups, few summits.
TYPE_WEIGHTS = {"SOC": 6, "SWG": 6, "WORKSHOP": 10, "TTF": 2, "YOUTH": 2, "BUSINESS": 2, "WOMEN": 1, "MC": 1,
                "IMC": 1, "SUMMIT": 1, "OTHER": 2}
CITIES = [  # (English, Russian, IANA zone)
    ("Astana", "Астана", "Asia/Almaty"), ("Almaty", "Алматы", "Asia/Almaty"), ("Baku", "Баку", "Asia/Baku"),
    ("Tashkent", "Ташкент", "Asia/Tashkent"), ("Dushanbe", "Душанбе", "Asia/Dushanbe"),
    ("Bishkek", "Бишкек", "Asia/Bishkek"), ("Ankara", "Анкара", "Europe/Istanbul"),
    ("Istanbul", "Стамбул", "Europe/Istanbul"), ("Tehran", "Тегеран", "Asia/Tehran"),
    ("Bangkok", "Бангкок", "Asia/Bangkok"), ("Hanoi", "Ханой", "Asia/Ho_Chi_Minh"),
    ("Doha", "Доха", "Asia/Qatar"), ("Beijing", "Пекин", "Asia/Shanghai"), ("Moscow", "Москва", "Europe/Moscow"),
    ("Abu Dhabi", "Абу-Даби", "Asia/Dubai"), ("Cairo", "Каир", "Africa/Cairo"),
]
ITEM_TITLES = [  # (English, Russian, kind)
    ("Opening of the meeting", "Открытие заседания", AgendaItemKind.PLENARY),
    ("Adoption of the agenda", "Утверждение повестки дня", AgendaItemKind.PLENARY),
    ("Statements of heads of delegation", "Выступления глав делегаций", AgendaItemKind.PLENARY),
    ("Report of the Executive Director", "Доклад Исполнительного директора", AgendaItemKind.PLENARY),
    ("Confidence-building measures in the economic dimension",
     "Меры доверия в экономическом измерении", AgendaItemKind.WORKING_SESSION),
    ("Confidence-building measures in the human dimension",
     "Меры доверия в человеческом измерении", AgendaItemKind.WORKING_SESSION),
    ("New challenges and threats", "Новые вызовы и угрозы", AgendaItemKind.WORKING_SESSION),
    ("Environmental dimension: water and energy", "Экологическое измерение: вода и энергетика",
     AgendaItemKind.WORKING_SESSION),
    ("Drafting of the final document", "Подготовка итогового документа", AgendaItemKind.CLOSED_SESSION),
    ("Budgetary and financial matters", "Бюджетные и финансовые вопросы", AgendaItemKind.CLOSED_SESSION),
    ("Bilateral meetings", "Двусторонние встречи", AgendaItemKind.BILATERAL),
    ("Coffee break", "Кофе-брейк", AgendaItemKind.BREAK),
    ("Official reception", "Официальный приём", AgendaItemKind.RECEPTION),
    ("Family photo", "Общее фотографирование", AgendaItemKind.PHOTO),
    ("Any other business", "Разное", AgendaItemKind.OTHER),
]
DESCRIPTION = ("Delegations present their national positions; the Secretariat introduces the working "
               "document and takes note of proposed amendments for the drafting group.")
DESCRIPTION_RU = ("Делегации излагают национальные позиции; Секретариат представляет рабочий документ "
                  "и принимает к сведению предложенные поправки для редакционной группы.")
GIVEN = ["Aibek", "Leyla", "Rustam", "Nodira", "Mehmet", "Ayşe", "Dinh", "Somchai", "Farid", "Zarina", "Ali",
         "Gulnara", "Timur", "Mariam", "Anvar", "Saule"]
FAMILY = ["Abenov", "Aliyeva", "Karimov", "Yilmaz", "Nguyen", "Sato", "Rahimov", "Ismailova", "Tokayev",
          "Hasanov", "Demir", "Chen", "Petrov", "Saidov", "Nurlanova", "Qasimi"]


@dataclass(frozen=True)
class Shape:
    """What to make: ``meetings`` in all (the large one included), each ordinary one with
    ``items`` timetable entries and ``participants`` registrations; the large one with
    ``large_items`` and ``large_participants``; ``anchor`` is "today" for the spread of dates."""

    meetings: int
    items: int
    participants: int
    seed: int
    anchor: date
    large_items: int = 500
    large_participants: int = 300


@dataclass(frozen=True)
class Report:
    meetings: int
    items: int
    registrations: int
    large_meeting_id: int

    def __str__(self) -> str:
        return (f"Bench data: {self.meetings} meetings, {self.items} timetable entries, "
                f"{self.registrations} registrations; the large meeting is /meetings/{self.large_meeting_id}.")


def _status_path(target: MeetingStatus) -> list[MeetingStatus]:
    """The statuses a meeting goes through to ``target``, each step one the workflow allows."""
    path = {MeetingStatus.HELD: [MeetingStatus.CONFIRMED, MeetingStatus.HELD],
            MeetingStatus.CANCELLED: [MeetingStatus.PLANNED, MeetingStatus.CANCELLED]}.get(target, [target])
    assert path[0] in INITIAL_STATUSES and all(b in TRANSITIONS[a] for a, b in zip(path, path[1:], strict=False))
    return path


def _actor() -> User:
    if find_user(ACTOR_EMAIL) is not None:
        raise ValueError("bench data is already loaded in this database: use a fresh one")
    return create_user(ACTOR_EMAIL, ACTOR_PASSWORD, UserRole.ORGANIZER, name="Bench organizer")


def load(shape: Shape) -> Report:
    """Make the data set of ``shape`` (reference data must be seeded); returns what was made."""
    rng = random.Random(shape.seed)
    types = {t.code: t for t in db.session.scalars(select(MeetingType))}
    states = list(db.session.scalars(select(Party).where(Party.kind == PartyKind.MEMBER_STATE).order_by(Party.code)))
    if not types or not states:
        raise ValueError("no reference data: run `flask --app wsgi seed` first")
    actor = _actor()
    large_id = _large_meeting(shape, rng, types, states, actor)
    codes = [code for code in TYPE_WEIGHTS if code in types]
    weights = [TYPE_WEIGHTS[code] for code in codes]
    ordinary = shape.meetings - 1
    upcoming = min(ordinary // UPCOMING_SHARE, UPCOMING_MAX)
    past = ordinary - upcoming
    recent = min(past, RECENT)
    older_spacing = ((shape.anchor - OLDEST).days - DAYS_APART * recent) / max(past - recent, 1)  # maybe under a day
    made = []
    for n in range(ordinary):
        if n < past:
            # The newest at least DAYS_APART back: a meeting held is over (it may last three days).
            back = past - n
            days = DAYS_APART * back if back <= recent else DAYS_APART * recent + int(older_spacing * (back - recent))
            day = shape.anchor - timedelta(days=days)
        else:
            day = shape.anchor + timedelta(days=3 + (n - past) * 360 // max(upcoming, 1))
        made.append(_ordinary_meeting(n, day, shape, rng, types[rng.choices(codes, weights)[0]], rng.choice(states),
                                      upcoming=n >= past))
        if len(made) == BATCH or n == ordinary - 1:
            with transaction():
                db.session.add_all(made)
            made = []
    if shape.participants:
        _ordinary_participants(shape, rng, states, actor, large_id)
    return Report(
        meetings=db.session.scalar(select(func.count(Meeting.id))),
        items=db.session.scalar(select(func.count(AgendaItem.id))),
        registrations=db.session.scalar(select(func.count(Registration.id))), large_meeting_id=large_id)


def _ordinary_meeting(n: int, day: date, shape: Shape, rng: random.Random, mtype: MeetingType, host: Party, *,
                      upcoming: bool) -> Meeting:
    city_en, city_ru, tz = rng.choice(CITIES)
    days = max(rng.randint(1, 3), -(-shape.items // 8))
    roll = rng.random()
    if upcoming:
        status = MeetingStatus.CONFIRMED if roll < 0.5 else MeetingStatus.PLANNED
    else:
        status = MeetingStatus.CANCELLED if roll < 0.03 else MeetingStatus.HELD
    visibility = Visibility.MEMBERS if rng.random() < 0.05 else Visibility.PUBLIC
    data = scheduling.MeetingInput(
        title_en=f"{mtype.name_en}: meeting {n + 1} in {city_en}", title_ru=f"{mtype.name_ru}: заседание {n + 1}, {city_ru}",
        type_id=mtype.id, number=n + 1, host_party_id=host.id, chair_party_id=host.id, timezone=tz,
        city_en=city_en, city_ru=city_ru, visibility=visibility, status=_status_path(status)[0],
        format=MeetingFormat.HYBRID if roll > 0.9 else MeetingFormat.IN_PERSON,
        online_url="https://meet.example.org/cica" if roll > 0.9 else "",
        local_start=datetime.combine(day, time(9, 0)), local_end=datetime.combine(day + timedelta(days=days - 1), time(18, 0)))
    meeting = Meeting(uid=uuid.UUID(int=rng.getrandbits(128), version=4).hex, status=status, **meeting_values(data))
    for i in range(shape.items):
        title_en, title_ru, kind = ITEM_TITLES[i % len(ITEM_TITLES)]
        at = datetime.combine(day + timedelta(days=i // 8), time(9, 0)) + timedelta(hours=i % 8)
        values, _speakers = item_values(meeting, scheduling.ItemInput(
            title_en=title_en, title_ru=title_ru, kind=kind, position=i + 1, local_start=at,
            local_end=at + timedelta(minutes=45)))
        meeting.agenda_items.append(AgendaItem(**values))
    return meeting


def _venue(actor: User):
    venue = scheduling.save_venue(None, scheduling.VenueInput(
        name_en="Bench Congress Centre", name_ru="Конгресс-центр (тест)", city_en="Astana", city_ru="Астана",
        timezone="Asia/Almaty", address="1 Mangilik El Avenue", address_ru="пр. Мангилик Ел, 1"), user=actor)
    rooms = [scheduling.save_room(venue, None, scheduling.RoomInput(
        name=f"Hall {n + 1}", name_ru=f"Зал {n + 1}", capacity=400 if n == 0 else 80, interpretation_booths=2 if n == 0 else 1),
        user=actor) for n in range(LARGE_ROOMS)]
    return venue, rooms


def _person(n: int, code: str) -> RegistrationInput:
    given, family = GIVEN[n % len(GIVEN)], FAMILY[(n // len(GIVEN)) % len(FAMILY)]
    return RegistrationInput(
        honorific="Mr." if n % 2 else "Ms.", given_names=given, family_name=f"{family}-{n + 1}",
        position_en="Counsellor, Ministry of Foreign Affairs", position_ru="Советник, Министерство иностранных дел",
        email=f"{given}.{family}.{n + 1}@{code.lower()}.example.org".lower().replace("ş", "s"), languages="en, ru",
        role=RegistrationRole.DELEGATE, status=AccreditationStatus.REGISTERED)


def _register_many(meeting: Meeting, count: int, states: list[Party], actor: User, rng: random.Random,
                   first_number: int) -> list:
    """``count`` people in the delegations of the invited Member States, through the registration
    service; the first of each party heads its delegation; three in four accredited."""
    participants.invite_member_states(meeting, actor)
    access = participants.participants_access(actor, meeting.id)
    heads: set[int] = set()
    people = []
    for n in range(count):
        party = states[n % len(states)]
        value = _person(first_number + n, party.code)
        if party.id not in heads:
            heads.add(party.id)
            value = RegistrationInput(**{**vars(value), "role": RegistrationRole.HEAD_OF_DELEGATION})
        registration = participants.register(access, value, party_id=party.id)
        if rng.random() < 0.75:
            participants.change_status(access, registration, AccreditationStatus.ACCREDITED)
        people.append(registration.person)
    return people


def _large_meeting(shape: Shape, rng: random.Random, types: dict[str, MeetingType], states: list[Party],
                   actor: User) -> int:
    """The large meeting, through the services: upcoming, in a venue with parallel rooms."""
    with transaction():
        venue, rooms = _venue(actor)
        days = max(1, -(-shape.large_items // (LARGE_ROOMS * LARGE_SLOTS)))
        first = shape.anchor + timedelta(days=30)
        host = next((s for s in states if s.code == "KZ"), states[0])
        meeting = scheduling.create_meeting(scheduling.MeetingInput(
            title_en="Meeting of the Senior Officials Committee (bench)",
            title_ru="Заседание Комитета старших должностных лиц (тест)", type_id=types["SOC"].id, number=1,
            host_party_id=host.id, chair_party_id=host.id, timezone=venue.timezone, venue_id=venue.id,
            city_en=venue.city_en, city_ru=venue.city_ru, status=MeetingStatus.CONFIRMED,
            description_en="The synthetic large meeting of `make bench`.",
            description_ru="Синтетическое большое заседание для `make bench`.",
            local_start=datetime.combine(first, time(8, 30)),
            local_end=datetime.combine(first + timedelta(days=days - 1), time(18, 30))), user=actor, accept_warnings=True)
        people = _register_many(meeting, shape.large_participants, states, actor, rng, 0)
        for i in range(shape.large_items):
            day, rest = divmod(i, LARGE_ROOMS * LARGE_SLOTS)
            slot, room = divmod(rest, LARGE_ROOMS)
            title_en, title_ru, kind = ITEM_TITLES[(i * 7 + day) % len(ITEM_TITLES)]
            at = datetime.combine(first + timedelta(days=day), time(8, 30)) + timedelta(minutes=30 * slot)
            chair = people[i % len(people)].id if people else None
            speakers = [people[(i * 11 + k) % len(people)].id for k in range(2)] if people and i % 3 == 0 else []
            scheduling.add_agenda_item(meeting, scheduling.ItemInput(
                title_en=f"{title_en} ({i + 1})", title_ru=f"{title_ru} ({i + 1})", kind=kind,
                room_id=rooms[room].id, chair_id=chair, speaker_ids=speakers, position=i + 1,
                description_en=DESCRIPTION if i % 4 == 0 else "", description_ru=DESCRIPTION_RU if i % 4 == 0 else "",
                local_start=at, local_end=at + timedelta(minutes=30)), user=actor, accept_warnings=True)
    return meeting.id


def _ordinary_participants(shape: Shape, rng: random.Random, states: list[Party], actor: User, large_id: int) -> None:
    ids = list(db.session.scalars(select(Meeting.id).where(Meeting.id != large_id).order_by(Meeting.id)))
    for index, meeting_id in enumerate(ids):
        with transaction():
            meeting = db.session.get(Meeting, meeting_id)
            _register_many(meeting, shape.participants, states, actor, rng,
                           shape.large_participants + index * shape.participants)


@click.command("bench-data")
@with_appcontext
@click.option("--meetings", "meetings", type=click.IntRange(min=1), required=True,
              help="Meetings in all, the large one included.")
@click.option("--items-per-meeting", type=click.IntRange(min=0, max=40), default=3, show_default=True,
              help="Timetable entries of each ordinary meeting.")
@click.option("--participants-per-meeting", type=click.IntRange(min=0, max=1000), default=0, show_default=True,
              help="Registrations in each ordinary meeting (through the registration service: slow).")
@click.option("--large-items", type=click.IntRange(min=0, max=1000), default=500, show_default=True,
              help="Timetable entries of the large meeting, in parallel rooms.")
@click.option("--large-participants", type=click.IntRange(min=0, max=2000), default=300, show_default=True,
              help="Participants of the large meeting, in the delegations of the Member States.")
@click.option("--seed", type=int, default=17, show_default=True, help="The same seed gives the same data.")
@click.option("--anchor", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the dates are spread around (default: today, UTC).")
def bench_data_command(meetings: int, items_per_meeting: int, participants_per_meeting: int, large_items: int,
                       large_participants: int, seed: int, anchor: datetime | None) -> None:
    """Load a deterministic synthetic calendar for `make bench` (into a fresh, seeded database)."""
    if not current_app.config.get("ALLOW_DEMO"):
        raise click.ClickException("bench data is refused under this configuration (production).")
    shape = Shape(meetings=meetings, items=items_per_meeting, participants=participants_per_meeting, seed=seed,
                  anchor=(anchor or datetime.now(UTC)).date(), large_items=large_items,
                  large_participants=large_participants)
    try:
        report = load(shape)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report)
