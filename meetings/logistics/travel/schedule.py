"""The drivers' schedule: every arrival and departure by local day (the meeting's zone), then by
airport or station, then by time window, read from the current data (a changed flight moves at
once). ``group_schedule`` is pure: entries and a zone in, days out."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import Meeting, Person, Registration, Travel, TravelDirection
from meetings.names import printed_name
from meetings.participants.workflow import ACTIVE
from meetings.timeutil import to_local

WINDOW_HOURS = 2


@dataclass(frozen=True)
class ScheduleEntry:
    at: datetime  # UTC
    direction: TravelDirection
    place: str  # airport or station, as typed
    flight: str = ""
    name: str = ""
    party: str = ""
    pickup: bool | None = None
    phone: str = ""
    note: str = ""


@dataclass(frozen=True)
class Line:
    time: time  # local time in the meeting's zone
    entry: ScheduleEntry


@dataclass
class Window:
    start: int  # first hour of the window, local
    end: int  # hour the window ends (24 for the last of the day)
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.start:02d}:00–{self.end:02d}:00"


@dataclass
class Place:
    name: str  # "" when not given
    windows: list[Window] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(w.lines) for w in self.windows)


@dataclass
class Day:
    day: date
    places: list[Place] = field(default_factory=list)

    @property
    def arrivals(self) -> int:
        return self._count(TravelDirection.ARRIVAL)

    @property
    def departures(self) -> int:
        return self._count(TravelDirection.DEPARTURE)

    def _count(self, direction: TravelDirection) -> int:
        return sum(1 for p in self.places for w in p.windows for line in w.lines if line.entry.direction is direction)


def place_key(place: str) -> str:
    """One place whatever the case and spacing: "GYD" and " gyd" are the same airport."""
    return " ".join(place.split()).casefold()


def group_schedule(entries: list[ScheduleEntry], tz: str, window_hours: int = WINDOW_HOURS) -> list[Day]:
    """Days in order; in each, places by name (a place not given last); in each, windows of
    ``window_hours`` local hours in order; in each, lines by time, then name."""
    days: dict[date, dict[str, Place]] = {}
    windows: dict[tuple[date, str, int], Window] = {}
    for entry in sorted(entries, key=lambda e: (e.at, e.name)):
        local = to_local(entry.at, tz)
        day, key = local.date(), place_key(entry.place)
        places = days.setdefault(day, {})
        place = places.setdefault(key, Place(" ".join(entry.place.split())))
        start = local.hour // window_hours * window_hours
        window = windows.get((day, key, start))
        if window is None:
            window = windows[day, key, start] = Window(start, min(start + window_hours, 24))
            place.windows.append(window)
        window.lines.append(Line(local.time().replace(second=0, microsecond=0), entry))
    result = []
    for day in sorted(days):
        places = sorted(days[day].items(), key=lambda item: (item[0] == "", item[0]))
        for _key, place in places:
            place.windows.sort(key=lambda w: w.start)
        result.append(Day(day, [place for _key, place in places]))
    return result


def schedule_entries(meeting: Meeting, lang: str, *, pickup_only: bool = False) -> list[ScheduleEntry]:
    """The meeting's arrivals and departures of participants who are coming (not declined or
    cancelled), with names and parties: one query."""
    query = (select(Travel).join(Travel.registration).join(Registration.person).outerjoin(Person.party)
             .where(Registration.meeting_id == meeting.id, Registration.status.in_(ACTIVE))
             .options(contains_eager(Travel.registration).contains_eager(Registration.person)
                      .contains_eager(Person.party)))
    if pickup_only:
        query = query.where(Travel.pickup.is_(True))
    entries = []
    for travel in db.session.scalars(query):
        person = travel.registration.person
        entries.append(ScheduleEntry(
            at=travel.at, direction=travel.direction, place=travel.airport, flight=travel.flight,
            name=printed_name(person, lang), party=str(localized(person.party, "name", lang)) if person.party else "",
            pickup=travel.pickup, phone=person.phone, note=travel.note))
    return entries


def schedule(meeting: Meeting, lang: str, *, pickup_only: bool = False) -> list[Day]:
    return group_schedule(schedule_entries(meeting, lang, pickup_only=pickup_only), meeting.timezone)
