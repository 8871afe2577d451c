"""The audit trail read aloud: what the AuditEntry ``changes`` hold and how to say it to a reader,
in a meeting's history and in the administrators' audit log.

``changes`` maps a field to ``[old, new]`` in JSON-safe values (instants as ISO strings, enums as
their values); times are always recorded as a whole (start, end, zone) so they read as dates.
Values are shown as stored: "(personal data)" stands where personal data changed.
"""

import enum
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from markupsafe import Markup

from meetings.i18n import (
    after_colon,
    current_language,
    format_date_range,
    format_full_date,
    format_local_time,
    format_moment,
    language_name,
    zone_city,
    zone_label,
)
from meetings.labels import label
from meetings.models import (
    AccreditationStatus,
    AgendaItemKind,
    DelegationLevel,
    DelegationReply,
    DocumentCategory,
    MeetingFormat,
    MeetingStatus,
    PartyKind,
    RegistrationRole,
    SeatingLayout,
    SilenceOutcome,
    SpeakerKind,
    TaskStatus,
    TravelDirection,
    UserRole,
    VisaLetterStatus,
    Visibility,
)
from meetings.names import translate_honorific, typed
from meetings.timeutil import is_valid_timezone

# What the trail keeps of personal data that changed: that it changed, never the data (stored as is,
# shown in the reader's language).
WITHHELD = "(personal data)"
FIELD_LABELS = {
    "title_en": _l("Title (English)"),
    "title_ru": _l("Title (Russian)"),
    "city_en": _l("City (English)"),
    "city_ru": _l("City (Russian)"),
    "online_url": _l("Online link"),
    "format": _l("Format"),
    "status": _l("Status"),
    "visibility": _l("Visibility"),
    "venue_id": _l("Venue"),
    "type_id": _l("Meeting type"),
    "number": _l("Number"),
    "host_party_id": _l("Host"),
    "chair_party_id": _lp("chairing party", "Chair"),
    "cbm_dimension": _l("CBM dimension"),
    "description_en": _l("Description (English)"),
    "description_ru": _l("Description (Russian)"),
    "registration_deadline": _l("Registration deadline"),
    "kind": _l("Kind"),
    "room_id": _l("Room"),
    "chair_id": _lp("chair of an agenda item", "Chair"),
    "speakers": _l("Speakers"),
    "documents": _l("Documents"),
    "position": _l("Order"),
    # venues and rooms
    "name_en": _l("Name in English"),
    "name_ru": _l("Name in Russian"),
    "address": _l("Address"),
    "address_ru": _l("Address (Russian)"),
    "timezone": _l("Time zone"),
    "name": _lp("name of a room", "Name"),
    "capacity": _l("Capacity"),
    "interpretation_booths": _l("Interpretation booths"),
    # people, registrations, delegations, parties
    "honorific": _l("Honorific"),
    "family_name": _l("Family name"),
    "given_names": _l("Given names"),
    "family_name_ru": _l("Family name (Cyrillic)"),
    "given_names_ru": _l("Given names (Cyrillic)"),
    "printed_name": _l("Printed name"),
    "printed_name_ru": _l("Printed name (Russian)"),
    "position_en": _l("Position (English)"),
    "position_ru": _l("Position (Russian)"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "languages": _l("Languages"),
    "dietary_needs": _l("Dietary needs"),
    "accessibility_needs": _l("Accessibility needs"),
    "passport_number": _l("Passport number"),
    "passport_expiry": _l("Passport expiry"),
    "nationality": _l("Nationality"),
    "date_of_birth": _l("Date of birth"),
    "party_id": _l("Party"),
    "seconds": _l("Time per speaker (seconds)"),
    # the protocol order, its seating plan and the door
    "first_party": _l("Drawn first"),
    "seed": _l("Number of the draw"),
    "candidates": _l("Member States in the draw"),
    "alphabet": _l("Alphabet"),
    "party": _l("Party"),
    "layout": _l("Layout"),
    "seats_behind": _l("Seats behind each head"),
    "paper": _l("Paper"),
    "refusal": _l("Refused because"),
    "person_id": _l("Person"),
    "role": _l("Role"),
    "ministerial_level": _l("Ministerial level"),
    "badge_number": _l("Badge"),
    "reply": _l("Reply"),
    "head_id": _l("Head of delegation"),
    "level": _l("Level of the delegation"),
    "photo": _l("Photo"),
    "joined_year": _l("Year joined"),
    "active": _l("Active"),
    "language": _l("Language"),
    # users and feed addresses
    "locale": _l("Language"),
    "label": _l("Label"),
    # logistics: travel, hotels, visa letters, tasks, interpretation
    "direction": _l("Direction"),
    "at": _l("Time"),
    "flight": _l("Flight or train"),
    "airport": _l("Airport or station"),
    "pickup": _l("Pick-up"),
    "note": _l("Note"),
    "registration_id": _l("Registration"),
    "hotel_id": _l("Hotel"),
    "hotel_block_id": _l("Room block"),
    "room_number": _l("Room number"),
    "check_in": _l("Check-in"),
    "check_out": _l("Check-out"),
    "room_type": _l("Room type"),
    "rooms": _lp("hotel", "Rooms"),
    "rate": _l("Rate"),
    "release_date": _l("Release date"),
    "city": _l("City"),
    "address_en": _l("Address (English)"),
    "embassy": _l("Embassy or consulate"),
    "reference": _l("Reference"),
    "owner_id": _l("Owner"),
    "due_date": _l("Due date"),
    "silence_until": _l("Silence deadline"),
    "silence_outcome": _l("Outcome of the silence procedure"),
    "silence_broken_by": _l("Party that broke the silence"),
    "tasks": _l("Tasks"),
    "items": _l("Sessions with interpretation"),
    "interpretation": _l("Interpretation"),
    # documents
    "symbol": _l("Symbol"),
    "category": _l("Category"),
    "agenda_item_id": _l("Agenda item"),
    "distribution": _l("Distribution"),
    "original_language": _l("Original language"),
    "original": _l("Original"),
    "filename": _l("File"),
    "size": _l("Size in bytes"),
    "issued_at": _l("Issued"),
}
ENUMS = {"status": MeetingStatus, "format": MeetingFormat, "visibility": Visibility, "kind": AgendaItemKind}
# The same field name means another vocabulary in another kind of object (a registration's status).
ENUMS_OF_TYPE = {
    "meeting": ENUMS,
    "agenda_item": ENUMS,
    "registration": {"status": AccreditationStatus, "role": RegistrationRole},
    "delegation": {"reply": DelegationReply, "level": DelegationLevel},
    "party": {"kind": PartyKind},
    "user": {"role": UserRole},
    "task": {"status": TaskStatus},
    "travel": {"direction": TravelDirection},
    "visa_letter": {"status": VisaLetterStatus},
    "document": {"category": DocumentCategory, "distribution": Visibility, "silence_outcome": SilenceOutcome},
    # Kinds with no fixed vocabulary among their fields: listed so that a test can tell "none" from "forgotten".
    "venue": {}, "room": {}, "person": {}, "feed_token": {}, "api_token": {}, "outbox_message": {}, "hotel": {}, "hotel_block": {},
    "hotel_assignment": {}, "interpretation": {}, "interpreter": {}, "protocol": {}, "seating_plan": {"layout": SeatingLayout},
    "checkin": {}, "speaker": {"kind": SpeakerKind},
}
# Shown to everyone: what a calendar shows. The rest is for the Secretariat.
PUBLIC_FIELDS = frozenset({"title_en", "title_ru", "starts_at", "ends_at", "timezone", "city_en", "city_ru",
                           "venue_id", "format", "online_url", "status"})
# Not a line of their own: the version a form was opened at, the entry's item (shown as its title),
# the dates a meeting was moved from (said by the "Dates: ... → ..." line of the same change).
NOT_LISTED = frozenset({"version_before", "item", "item_ru", "rescheduled_from_start", "rescheduled_from_end",
                        "blob_key", "content_type"})  # a file's hash and type: its name and size say it
LONG_TEXTS = frozenset({"description_en", "description_ru", "documents", "tasks", "items", "interpretation"})
# Days and instants stored as ISO strings: read as dates in the reader's language.
DAYS = frozenset({"check_in", "check_out", "release_date", "due_date", "passport_expiry", "date_of_birth"})
INSTANTS = frozenset({"at", "issued_at", "silence_until"})
# References are shown as "changed": their old names may no longer exist.
REFERENCES = frozenset({"venue_id", "type_id", "host_party_id", "chair_party_id", "room_id", "chair_id",
                        "party_id", "person_id", "head_id", "registration_id", "hotel_id", "hotel_block_id",
                        "owner_id", "agenda_item_id"})


def jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


def _when(start: str, end: str, tz: str) -> str:
    start_at, end_at = datetime.fromisoformat(start), datetime.fromisoformat(end)
    times = f"{format_local_time(start_at, tz)}–{format_local_time(end_at, tz)}"
    return f"{format_date_range(start_at, end_at, tz)}, {times} ({zone_label(tz, start_at)})"


def _value(name: str, value: Any, enums: dict[str, type[enum.Enum]], tz: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in enums:
        # A stored value is history, not a promise: one that is no longer (or never was) a member
        # of the enum is shown as it was stored, never a 500.
        try:
            return after_colon(str(label(enums[name](value))))
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    if name == "timezone" and is_valid_timezone(str(value)):  # a city, never the raw identifier
        return zone_city(str(value))
    if value == WITHHELD:  # the trail's marker, stored in English
        return _("(personal data)")
    if name == "honorific":
        return translate_honorific(str(value), current_language())
    if name in ("languages", "language", "locale", "original_language"):
        return ", ".join(language_name(code) for code in str(value).replace(",", " ").split())
    try:
        if name in DAYS:
            return format_full_date(date.fromisoformat(str(value)))
        if name in INSTANTS:
            return format_moment(datetime.fromisoformat(str(value)), tz)
    except ValueError:  # a value stored otherwise is shown as stored
        pass
    return str(value)


class Line(str):
    """A line of a history: plain text (CSV, messages), and in HTML with the values of an English
    field marked lang="en", and any other value typed in the other script marked with its language
    (names, notes, flights): on a Russian page they are data as typed, not untranslated words."""

    html: Markup

    @classmethod
    def of(cls, field: str, values: list[str], *, english: bool) -> "Line":
        line = cls(f"{field}: {' → '.join(values)}")
        marked = [Markup('<span lang="en">{0}</span>').format(v) if english and v != "—" else typed(v) for v in values]
        line.html = Markup("{0}: ").format(field) + Markup(" → ").join(marked)
        return line

    def __html__(self) -> str:
        return str(self.html)


def describe_changes(changes: dict[str, list], tz: str, *, public: bool = False,
                     object_type: str = "meeting") -> list[str]:
    """Lines such as "Dates: 11 November 2024, 09:00–18:00 (Baku, UTC+4) → 17 December 2024, ..."."""
    lines = []
    enums = ENUMS_OF_TYPE.get(object_type, {})
    dates = is_pair(changes.get("starts_at")) and is_pair(changes.get("ends_at"))
    if dates:
        zones = changes["timezone"] if is_pair(changes.get("timezone")) else [tz, tz]
        (old_start, new_start), (old_end, new_end) = changes["starts_at"], changes["ends_at"]
        if old_start and (old_start, old_end, zones[0]) != (new_start, new_end, zones[1]):
            try:
                lines.append(_("Dates: %(old)s → %(new)s", old=_when(old_start, old_end, zones[0] or tz),
                               new=_when(new_start, new_end, zones[1] or tz)))
            except (TypeError, ValueError, KeyError):  # not instants or not a zone: say only that they changed
                lines.append(_("%(field)s changed", field=_("Dates")))
    for name, pair in changes.items():
        if name in NOT_LISTED or not is_pair(pair):
            continue
        if dates and name in ("starts_at", "ends_at", "timezone"):  # said as one line above
            continue
        if public and name not in PUBLIC_FIELDS:
            continue
        old, new = pair
        if old == new:  # a new object's empty field (None -> None): nothing to say
            continue
        field = FIELD_LABELS.get(name, name)
        if name in LONG_TEXTS or name in REFERENCES:
            lines.append(_("%(field)s changed", field=field))
        else:
            values = [_value(name, value, enums, tz) for value in ([new] if old is None else [old, new])]
            lines.append(Line.of(field, values, english=name.endswith("_en")))
    return lines
