"""A meeting's history: what the AuditEntry ``changes`` hold and how to say it to a reader.

``changes`` maps a field to ``[old, new]`` in JSON-safe values (instants as ISO strings, enums as
their values); times are always recorded as a whole (start, end, zone) so they read as dates.
"""

import enum
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from meetings.i18n import format_date_range, format_local_time
from meetings.labels import label
from meetings.models import AgendaItemKind, MeetingFormat, MeetingStatus, Visibility

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
    "chair_party_id": _l("Chair"),
    "cbm_dimension": _l("CBM dimension"),
    "description_en": _l("Description (English)"),
    "description_ru": _l("Description (Russian)"),
    "registration_deadline": _l("Registration deadline"),
    "kind": _l("Kind"),
    "room_id": _l("Room"),
    "chair_id": _l("Chair"),
    "speakers": _l("Speakers"),
    "documents": _l("Documents"),
    "position": _l("Order"),
}
ENUMS = {"status": MeetingStatus, "format": MeetingFormat, "visibility": Visibility, "kind": AgendaItemKind}
# Shown to everyone: what a calendar shows. The rest is for the Secretariat.
PUBLIC_FIELDS = frozenset({"title_en", "title_ru", "starts_at", "ends_at", "timezone", "city_en", "city_ru",
                           "venue_id", "format", "online_url", "status"})
LONG_TEXTS = frozenset({"description_en", "description_ru", "documents"})
# References are shown as "changed": their old names may no longer exist.
REFERENCES = frozenset({"venue_id", "type_id", "host_party_id", "chair_party_id", "room_id", "chair_id"})


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
    return f"{format_date_range(start_at, end_at, tz)}, {times} ({tz})"


def _value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if name in ENUMS:
        # A stored value is history, not a promise: one that is no longer (or never was) a member
        # of the enum is shown as it was stored, never a 500.
        try:
            return label(ENUMS[name](value))
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return str(value)


def describe_changes(changes: dict[str, list], tz: str, *, public: bool = False) -> list[str]:
    """Lines such as "Dates: 11 November 2024, 09:00–18:00 (Asia/Baku) → 17 December 2024, ..."."""
    lines = []
    if is_pair(changes.get("starts_at")) and is_pair(changes.get("ends_at")):
        zones = changes["timezone"] if is_pair(changes.get("timezone")) else [tz, tz]
        (old_start, new_start), (old_end, new_end) = changes["starts_at"], changes["ends_at"]
        if old_start and (old_start, old_end, zones[0]) != (new_start, new_end, zones[1]):
            try:
                lines.append(_("Dates: %(old)s → %(new)s", old=_when(old_start, old_end, zones[0] or tz),
                               new=_when(new_start, new_end, zones[1] or tz)))
            except (TypeError, ValueError, KeyError):  # not instants or not a zone: say only that they changed
                lines.append(_("%(field)s changed", field=_("Dates")))
    for name, pair in changes.items():
        if name in ("starts_at", "ends_at", "timezone", "version_before", "item") or not is_pair(pair):
            continue
        if public and name not in PUBLIC_FIELDS:
            continue
        old, new = pair
        field = FIELD_LABELS.get(name, name)
        if name in LONG_TEXTS or name in REFERENCES:
            lines.append(_("%(field)s changed", field=field))
        elif old is None:
            lines.append(f"{field}: {_value(name, new)}")
        else:
            lines.append(f"{field}: {_value(name, old)} → {_value(name, new)}")
    return lines


ACTION_LABELS = {
    "meeting.created": _l("Created"),
    "meeting.edited": _l("Edited"),
    "meeting.postponed": _l("Postponed"),
    "meeting.cancelled": _l("Cancelled"),
    "meeting.held": _l("Marked as held"),
    "meeting.status_changed": _l("Status changed"),
    "meeting.notified": _l("Invitations sent"),
    "agenda_item.added": _l("Timetable entry added"),
    "agenda_item.edited": _l("Timetable entry changed"),
    "agenda_item.deleted": _l("Timetable entry deleted"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
