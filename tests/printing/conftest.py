"""Builders of timetables and participants, and a reader of the PDFs the app prints."""

from datetime import timedelta
from itertools import count

import pytest

from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Delegation,
    Meeting,
    Party,
    PartyKind,
    Registration,
    RegistrationRole,
    Room,
    Venue,
)
from tests.printing.helpers import Pdf, read_pdf


@pytest.fixture
def pdf_of():
    def get(response) -> Pdf:
        assert response.status_code == 200, response.status_code
        assert response.mimetype == "application/pdf"
        return read_pdf(response.data)

    return get


class PrintBuilders:
    def __init__(self, build) -> None:
        self.build = build
        self._n = count(1)

    def room(self, name: str = "Plenary Hall") -> Room:
        venue = Venue(name_en=f"Venue {next(self._n)}", city_en="Baku", timezone="Asia/Baku", address="")
        room = Room(venue=venue, name=name)
        db.session.add(room)
        db.session.commit()
        return room

    def item(self, meeting: Meeting, offset: timedelta, title_en: str, title_ru: str = "", **fields) -> AgendaItem:
        start = meeting.starts_at + offset
        values = {"ends_at": start + timedelta(minutes=fields.pop("minutes", 60)), "kind": AgendaItemKind.PLENARY}
        values.update(fields)
        item = AgendaItem(meeting=meeting, starts_at=start, title_en=title_en, title_ru=title_ru, **values)
        db.session.add(item)
        db.session.commit()
        return item

    def programme(self, meeting: Meeting, count_: int, days: int = 1) -> None:
        """``count_`` half-hour items spread over ``days`` days from 09:00 local time."""
        per_day = -(-count_ // days)
        for n in range(count_):
            day, slot = divmod(n, per_day)
            start = meeting.starts_at + timedelta(days=day, minutes=30 * slot)
            db.session.add(AgendaItem(meeting=meeting, starts_at=start, ends_at=start + timedelta(minutes=30),
                                      title_en=f"Item {n + 1}", title_ru=f"Пункт {n + 1}",
                                      kind=AgendaItemKind.WORKING_SESSION))
        db.session.commit()

    def party(self, code: str, name_en: str, name_ru: str, kind: PartyKind = PartyKind.MEMBER_STATE) -> Party:
        party = Party(code=code, name_en=name_en, name_ru=name_ru, kind=kind)
        db.session.add(party)
        db.session.commit()
        return party

    def registration(
        self,
        meeting: Meeting,
        party: Party | str | None,
        *,
        role: RegistrationRole = RegistrationRole.DELEGATE,
        status: AccreditationStatus = AccreditationStatus.ACCREDITED,
        badge_number: int | None = None,
        head: bool = False,
        ministerial_level: bool = False,
        **person_fields,
    ) -> Registration:
        if isinstance(party, str):
            party = self.build.party(party)
        person = self.build.person(party_id=party.id if party else None, **person_fields)
        delegation = None
        if party is not None:
            delegation = db.session.scalar(
                db.select(Delegation).where(Delegation.meeting_id == meeting.id, Delegation.party_id == party.id)
            )
            if delegation is None:
                delegation = Delegation(meeting_id=meeting.id, party_id=party.id)
                db.session.add(delegation)
        if head:
            delegation.head_id = person.id
        registration = Registration(meeting_id=meeting.id, person_id=person.id, delegation=delegation, role=role,
                                    status=status, badge_number=badge_number, ministerial_level=ministerial_level)
        db.session.add(registration)
        db.session.commit()
        return registration


@pytest.fixture
def printing(build) -> PrintBuilders:
    return PrintBuilders(build)
