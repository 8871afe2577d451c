"""Builders for scheduling tests: meetings made through the services, as every way in makes them."""

from datetime import datetime

import pytest

from meetings.models import AgendaItemKind, MeetingFormat, MeetingStatus, UserRole, Visibility
from meetings.scheduling import services
from meetings.scheduling.inputs import ItemInput, MeetingInput


@pytest.fixture
def organizer(build):
    return build.user(UserRole.ORGANIZER)


@pytest.fixture
def venue(build):
    return build.venue("Baku Congress Center", "Baku", "Asia/Baku", rooms=[
        {"name": "Plenary Hall", "capacity": 600, "interpretation_booths": 8}, {"name": "Room 1", "capacity": 40}])


@pytest.fixture
def almaty_room(build):
    venue = build.venue("Palace of Independence", "Astana", "Asia/Almaty", rooms=[{"name": "Main Hall", "capacity": 400}])
    return venue.rooms[0]


class Plan:
    """make.meeting(...) and make.item(meeting, ...) through the services, with sensible defaults."""

    def __init__(self, build, user):
        self.build = build
        self.user = user

    def meeting_data(self, **overrides) -> MeetingInput:
        data = {
            "title_en": "Senior Officials Committee", "title_ru": "Комитет старших должностных лиц",
            "type_id": self.build.meeting_type(overrides.pop("type_code", "SOC")).id, "timezone": "Asia/Baku",
            "local_start": datetime(2026, 12, 9, 9, 0), "local_end": datetime(2026, 12, 10, 18, 0),
            "status": MeetingStatus.PLANNED, "city_en": "Baku", "city_ru": "Баку", "format": MeetingFormat.IN_PERSON,
            "visibility": Visibility.PUBLIC,
        }
        data.update(overrides)
        return MeetingInput(**data)

    def meeting(self, accept_warnings=True, **overrides):
        return services.create_meeting(self.meeting_data(**overrides), user=self.user, accept_warnings=accept_warnings)

    @staticmethod
    def item_data(**overrides) -> ItemInput:
        data = {"title_en": "Plenary session", "title_ru": "Пленарное заседание", "kind": AgendaItemKind.PLENARY,
                "local_start": datetime(2026, 12, 9, 10, 0), "local_end": datetime(2026, 12, 9, 12, 0)}
        data.update(overrides)
        return ItemInput(**data)

    def item(self, meeting, accept_warnings=True, **overrides):
        return services.add_agenda_item(meeting, self.item_data(**overrides), user=self.user,
                                        accept_warnings=accept_warnings)


@pytest.fixture
def plan(build, organizer):
    return Plan(build, organizer)
