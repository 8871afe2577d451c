"""What the scheduling services take: typed inputs, the same for every way in.

A form builds them with ``form.to_input()``; an API, the CLI or an import builds the same and
meets the same checks. They carry typed values (enums, ids as ints, times as naive local
wall-clock datetimes in the meeting's zone) and hold no rules: whether an id exists, a zone is
valid, the times are ordered or a text fits its column is for the services to say.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from meetings.models import AgendaItemKind, Meeting, MeetingFormat, MeetingStatus, Visibility


@dataclass(frozen=True)
class MeetingInput:
    """A meeting's details. ``status`` counts only for a new meeting: later its status changes
    through the workflow (change_status, postpone_meeting, cancel_meeting)."""

    title_en: str
    type_id: int | None
    timezone: str
    local_start: datetime | None
    local_end: datetime | None
    title_ru: str = ""
    number: int | None = None
    status: MeetingStatus = MeetingStatus.DRAFT
    visibility: Visibility = Visibility.PUBLIC
    format: MeetingFormat = MeetingFormat.IN_PERSON
    host_party_id: int | None = None
    chair_party_id: int | None = None
    city_en: str = ""
    city_ru: str = ""
    venue_id: int | None = None
    online_url: str = ""
    cbm_dimension: str = ""
    description_en: str = ""
    description_ru: str = ""
    registration_deadline: date | None = None


@dataclass(frozen=True)
class ItemInput:
    """An entry of a meeting's timetable; its local times are in the meeting's zone."""

    title_en: str
    local_start: datetime | None
    local_end: datetime | None
    title_ru: str = ""
    kind: AgendaItemKind = AgendaItemKind.PLENARY
    room_id: int | None = None
    chair_id: int | None = None
    speaker_ids: Sequence[int] = ()
    documents: str = ""
    description_en: str = ""
    description_ru: str = ""
    position: int = 0


class Keep(enum.Enum):
    """A part of the place that a postponement leaves as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP
PLACE_FIELDS = ("timezone", "venue_id", "city_en", "city_ru", "format", "online_url")


@dataclass(frozen=True)
class PostponeInput:
    """New local dates (in the new zone) and the reason; the status at the new dates (planned or
    confirmed; None: the meeting's own, planned for a postponed one); optionally a new place and
    format, each part of it KEEP (unchanged) unless given."""

    new_start: datetime | None
    new_end: datetime | None
    reason: str
    status: MeetingStatus | None = None
    timezone: str | Keep = KEEP
    venue_id: int | None | Keep = KEEP
    city_en: str | Keep = KEEP
    city_ru: str | Keep = KEEP
    format: MeetingFormat | Keep = KEEP
    online_url: str | Keep = KEEP

    def place(self, meeting: Meeting) -> dict[str, Any]:
        """The place after the postponement: what is given, else the meeting's own."""
        return {name: getattr(meeting if getattr(self, name) is KEEP else self, name) for name in PLACE_FIELDS}


@dataclass(frozen=True)
class VenueInput:
    name_en: str
    city_en: str
    timezone: str
    name_ru: str = ""
    city_ru: str = ""
    address: str = ""
    address_ru: str = ""


@dataclass(frozen=True)
class RoomInput:
    name: str
    name_ru: str = ""
    capacity: int = 0
    interpretation_booths: int = 0
