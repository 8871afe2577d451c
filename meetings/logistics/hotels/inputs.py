"""What the accommodation services take: typed inputs, made by the forms (or the demo, or a test)."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class HotelInput:
    name_en: str = ""
    name_ru: str = ""
    city: str = ""
    address_en: str = ""
    address_ru: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class BlockInput:
    hotel_id: int | None = None
    room_type: str = ""
    rooms: int | None = None
    check_in: date | None = None
    check_out: date | None = None
    rate: str = ""
    release_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class AssignmentInput:
    registration_id: int | None = None
    check_in: date | None = None
    check_out: date | None = None
    room_number: str = ""
    note: str = ""
