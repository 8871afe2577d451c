"""Printed documents for `make bench`: the agenda PDF of a 3-day meeting with 60 items and the list
of 300 participants (print HTML and PDF), timed as a Secretariat user gets them."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from meetings.accounts.services import create_user
from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Delegation,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    PartyKind,
    Person,
    Registration,
    RegistrationRole,
    UserRole,
)

ROUNDS = 5  # a PDF takes about a second: a few rounds give a stable median
PASSWORD = "bench-password-not-secret"


def populate(items: int = 60, days: int = 3, participants: int = 300) -> int:
    mtype = db.session.scalar(select(MeetingType).where(MeetingType.code == "SOC"))
    start = datetime(2026, 12, 9, 4, tzinfo=UTC)
    meeting = Meeting(title_en="Bench: Senior Officials Committee", title_ru="Тест: Комитет старших должностных лиц",
                      type=mtype, timezone="Asia/Baku", starts_at=start, ends_at=start + timedelta(days=days),
                      status=MeetingStatus.PLANNED, city_en="Baku", city_ru="Баку", number=1)
    speakers = [Person(family_name=f"Speaker{n}", printed_name=f"Speaker {n}", printed_name_ru=f"Докладчик {n}",
                       honorific="H.E. Mr.") for n in range(10)]
    per_day = items // days
    for n in range(items):
        day, slot = divmod(n, per_day)
        at = start + timedelta(days=day, minutes=30 * slot)
        meeting.agenda_items.append(AgendaItem(
            title_en=f"Session {n + 1}: statements of heads of delegation", title_ru=f"Заседание {n + 1}: выступления",
            starts_at=at, ends_at=at + timedelta(minutes=30), kind=list(AgendaItemKind)[n % len(AgendaItemKind)],
            chair=speakers[n % 10], speakers=speakers[n % 7: n % 7 + 3]))
    db.session.add(meeting)
    parties = db.session.scalars(select(Party).where(Party.kind == PartyKind.MEMBER_STATE)).all()
    delegations = {party.id: Delegation(meeting=meeting, party=party) for party in parties}
    db.session.add_all(delegations.values())
    for n in range(participants):
        party = parties[n % len(parties)]
        person = Person(family_name=f"Family{n}", given_names=f"Given{n}", honorific="Mr.", party=party,
                        printed_name=f"Given{n} Family{n}", printed_name_ru=f"Имя{n} Фамилия{n}",
                        position_en="Counsellor, MFA", position_ru="Советник МИД")
        role = RegistrationRole.HEAD_OF_DELEGATION if n < len(parties) else RegistrationRole.DELEGATE
        db.session.add(Registration(meeting=meeting, person=person, delegation=delegations[party.id], role=role,
                                    status=AccreditationStatus.ACCREDITED, badge_number=n + 1))
    db.session.commit()
    create_user("bench-staff@example.org", PASSWORD, UserRole.STAFF)
    return meeting.id


def populate_all() -> int:
    return populate()


def measure_all(client, measure, meeting_id: int) -> list[tuple[str, str, float, int]]:
    response = client.post("/login", data={"email": "bench-staff@example.org", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    rows = []
    for name, data, path in (
        ("agenda PDF", "3 days x 60 items", f"/meetings/{meeting_id}/agenda.pdf?lang=ru"),
        ("participants", "300 participants", f"/meetings/{meeting_id}/participants/print?lang=ru"),
        ("participants PDF", "300 participants", f"/meetings/{meeting_id}/participants/print.pdf?lang=ru"),
        ("badges PDF", "300 badges", f"/meetings/{meeting_id}/badges.pdf"),
    ):
        ms, queries = measure(client, path, rounds=ROUNDS)
        rows.append((name, data, ms, queries))
    return rows
