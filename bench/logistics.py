"""Logistics for `make bench`: the dashboard, the accommodation page, the rooming list, the travel
list and the drivers' schedule of a meeting with 30 and with 300 participants (each with a room,
an arrival and a departure), as an organizer gets them: the query counts must not change."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from meetings.accounts.services import create_user
from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    Delegation,
    Hotel,
    HotelAssignment,
    HotelBlock,
    Interpretation,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    PartyKind,
    Person,
    Registration,
    Task,
    Travel,
    TravelDirection,
    UserRole,
    VisaLetter,
)

ROUNDS = 10
PASSWORD = "bench-password-not-secret"


def populate(participants: int) -> tuple[int, int]:
    mtype = db.session.scalar(select(MeetingType).where(MeetingType.code == "SOC"))
    start = datetime(2026, 12, 9, 5, tzinfo=UTC)
    meeting = Meeting(title_en=f"Bench: SOC of {participants}", title_ru="Тест: КСДЛ", type=mtype,
                      timezone="Asia/Baku", starts_at=start, ends_at=start + timedelta(days=1, hours=8),
                      status=MeetingStatus.PLANNED, city_en="Baku", city_ru="Баку")
    for n in range(10):
        at = start + timedelta(hours=n)
        item = AgendaItem(title_en=f"Session {n}", starts_at=at, ends_at=at + timedelta(hours=1))
        meeting.agenda_items.append(item)
        db.session.add_all([Interpretation(agenda_item=item, language=lang) for lang in ("en", "ru")])
    hotel = Hotel(name_en=f"Bench hotel {participants}", city="Baku")
    block = HotelBlock(meeting=meeting, hotel=hotel, rooms=participants, check_in=date(2026, 12, 8),
                       check_out=date(2026, 12, 11), release_date=date(2026, 11, 20), room_type="Standard")
    db.session.add_all([meeting, block])
    parties = db.session.scalars(select(Party).where(Party.kind == PartyKind.MEMBER_STATE)).all()
    delegations = {party.id: Delegation(meeting=meeting, party=party) for party in parties}
    db.session.add_all(delegations.values())
    for n in range(participants):
        party = parties[n % len(parties)]
        person = Person(family_name=f"Family{n}", given_names=f"Given{n}", party=party, passport_number=f"P{n:07d}")
        registration = Registration(meeting=meeting, person=person, delegation=delegations[party.id],
                                    status=AccreditationStatus.ACCREDITED, badge_number=n + 1)
        db.session.add_all([
            registration,
            HotelAssignment(registration=registration, hotel_block=block, check_in=block.check_in,
                            check_out=block.check_out),
            Travel(registration=registration, direction=TravelDirection.ARRIVAL, at=start - timedelta(hours=n % 30),
                   flight=f"J2 {n}", airport="GYD", pickup=None if n % 5 else True),
            Travel(registration=registration, direction=TravelDirection.DEPARTURE, at=start + timedelta(days=2),
                   flight=f"J2 {n + 1}", airport="GYD", pickup=True),
        ])
        if n % 3 == 0:
            db.session.add(VisaLetter(registration=registration))
    db.session.add_all([Task(meeting=meeting, title_en=f"Task {n}", due_date=date(2026, 11, 1) + timedelta(days=n))
                        for n in range(40)])
    db.session.commit()
    return meeting.id, hotel.id


def populate_all() -> list[tuple[int, int, int]]:
    create_user("bench-organizer@example.org", PASSWORD, UserRole.ORGANIZER)
    return [(participants, *populate(participants)) for participants in (30, 300)]


def measure_all(client, measure, sizes: list[tuple[int, int, int]]) -> list[tuple[str, str, float, int]]:
    response = client.post("/login", data={"email": "bench-organizer@example.org", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    rows = []
    for participants, meeting_id, hotel_id in sizes:
        base = f"/meetings/{meeting_id}/logistics"
        for name, path in (("logistics", base), ("accommodation", f"{base}/hotels"),
                           ("rooming list", f"{base}/hotels/{hotel_id}/rooming-list.xlsx"),
                           ("travel", f"{base}/travel"), ("drivers", f"{base}/travel/schedule")):
            ms, queries = measure(client, path, rounds=ROUNDS)
            rows.append((name, f"{participants} participants", ms, queries))
    return rows
