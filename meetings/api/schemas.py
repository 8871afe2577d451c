"""The API's shapes, as marshmallow schemas: the one source of both the answers and the OpenAPI
document (flask-smorest derives the description from them, so the two cannot drift).

Query schemas refuse a value they cannot read (a 400 problem naming the field, never a silently
different list); answer schemas dump ORM objects field by field, so nothing reaches an answer that
is not named here (no passport, date of birth or phone: Person's private fields have no field).
"""

import re

from flask import url_for
from marshmallow import Schema, fields, pre_load, validate

from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    PartyKind,
    RegistrationRole,
    Visibility,
)
from meetings.models.base import MAX_ID
from meetings.scheduling import rules
from meetings.scheduling.meetings import MAX_NUMBER
from meetings.scheduling.timetable import MAX_POSITION
from meetings.scheduling.workflow import INITIAL_STATUSES, STATUSES_AFTER_MOVE
from meetings.timeutil import FIRST_YEAR, LAST_YEAR, to_local

# A page of more than this many meetings is refused: an answer's size stays bounded.
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
# Codes are short ASCII words (meeting types like SOC, parties' ISO codes); anything else is refused.
CODE = validate.Regexp(r"^[A-Za-z0-9_-]{1,32}$", error="not a code (letters, digits, - and _)")


def _values(enum_class) -> list[str]:
    return [member.value for member in enum_class]


class Code(fields.String):
    """A code in any case, as the pages' filters take it (``soc`` is SOC): never a silent empty list."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().upper()


# What the description promises of a code in the query: an empty value is any (_blank_is_any),
# spaces around it are trimmed (Code).
QUERY_CODE_PATTERN = r"^\s*[A-Za-z0-9_-]{0,32}\s*$"


class MeetingQuerySchema(Schema):
    """Parameters the API does not know are left aside, as the pages do (an old client's ``view=``)."""

    type = Code(validate=CODE, metadata={"description": "Meeting type code, e.g. SOC (any case; empty: any)",
                                         "pattern": QUERY_CODE_PATTERN})
    party = Code(validate=CODE, metadata={"description": "Host party's code, e.g. KZ (any case; empty: any)",
                                          "pattern": QUERY_CODE_PATTERN})
    status = fields.String(validate=validate.OneOf(_values(MeetingStatus)),
                           metadata={"enum": [*_values(MeetingStatus), ""], "description": "empty: any"})
    year = fields.Integer(strict=False, validate=validate.Range(FIRST_YEAR, LAST_YEAR),
                          metadata={"description": "Meetings touching this calendar year (local dates)"})
    # Any date is a valid bound (one before ``from`` gives an empty list): meetings/calendar/services.py
    # keeps the window inside the calendar's years.
    from_ = fields.Date(data_key="from", metadata={"description": "Meetings ending on or after this local date"})
    to = fields.Date(metadata={"description": "Meetings starting on or before this local date"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10**9))
    per_page = fields.Integer(load_default=DEFAULT_PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE))

    @pre_load
    def _blank_is_any(self, data, **_kwargs):
        """An empty value means "any", as in the pages' filter form (which sends ``type=`` when no
        type is chosen)."""
        return {name: value for name, value in data.items() if value.strip() != ""} if hasattr(data, "items") else data


def computed(dump, type_: str = "string", *, nullable: bool = False, **schema) -> fields.Function:
    """A field computed from the object, described by its JSON Schema ``type_`` (apispec adds
    "null" when ``nullable``); always present in the answer, so required in the description."""
    return fields.Function(dump, required=True, allow_none=nullable, metadata={"type": type_, **schema})


def _pair(obj, field: str) -> dict[str, str]:
    return {"en": getattr(obj, f"{field}_en"), "ru": getattr(obj, f"{field}_ru")}


PAIR = {"properties": {"en": {"type": "string"}, "ru": {"type": "string"}}, "required": ["en", "ru"]}


def names(field: str) -> fields.Function:
    """A text in both working languages: ``{"en": ..., "ru": ...}``."""
    return computed(lambda obj: _pair(obj, field), "object", **PAIR)


def _nullable_names(field: str, attribute: str) -> fields.Function:
    def dump(obj):
        target = getattr(obj, attribute)
        return None if target is None else _pair(target, field)

    return computed(dump, "object", nullable=True, **PAIR)


class MeetingTypeSchema(Schema):
    code = fields.String(required=True)
    name = names("name")


class MeetingSchema(Schema):
    id = fields.Integer(required=True)
    title = names("title")
    type = fields.Nested(MeetingTypeSchema, required=True)
    number = fields.Integer(allow_none=True)
    status = computed(lambda m: m.status.value, enum=_values(MeetingStatus))
    visibility = computed(lambda m: m.visibility.value, enum=_values(Visibility))
    format = computed(lambda m: m.format.value, enum=_values(MeetingFormat))
    timezone = fields.String(required=True)
    start = computed(lambda m: to_local(m.starts_at, m.timezone).isoformat(), format="date-time")
    end = computed(lambda m: to_local(m.ends_at, m.timezone).isoformat(), format="date-time")
    city = names("city")
    venue = _nullable_names("name", "venue")
    venue_id = fields.Integer(allow_none=True, required=True)
    host = computed(lambda m: m.host_party.code if m.host_party else None, nullable=True)
    chair = computed(lambda m: m.chair_party.code if m.chair_party else None, nullable=True)
    description = names("description")
    sequence = fields.Integer(required=True)
    updated_at = fields.DateTime(required=True)
    url = computed(lambda m: url_for("calendar.meeting", meeting_id=m.id, _external=True), format="uri")
    ics = computed(lambda m: url_for("feeds.meeting_feed", meeting_id=m.id, _external=True), format="uri")


class AgendaItemSchema(Schema):
    id = fields.Integer(required=True)
    title = names("title")
    kind = computed(lambda i: i.kind.value, enum=_values(AgendaItemKind))
    start = computed(lambda i: to_local(i.starts_at, i.meeting.timezone).isoformat(), format="date-time")
    end = computed(lambda i: to_local(i.ends_at, i.meeting.timezone).isoformat(), format="date-time")
    room = computed(lambda i: i.room.name if i.room else None, nullable=True)
    room_id = fields.Integer(allow_none=True, required=True)
    chair = computed(lambda i: i.chair.display_name if i.chair else None, nullable=True)
    chair_id = fields.Integer(allow_none=True, required=True)
    speakers = computed(lambda i: [s.display_name for s in i.speakers], "array", items={"type": "string"})
    speaker_ids = computed(lambda i: [s.id for s in i.speakers], "array", items={"type": "integer"})
    description = names("description")
    documents = fields.String(required=True, metadata={"description": "Titles of its documents, one a line"})
    position = fields.Integer(required=True, metadata={"description": "Order among entries at the same time"})


class MeetingWithTimetableSchema(MeetingSchema):
    timetable = fields.List(fields.Nested(AgendaItemSchema), attribute="agenda_items", required=True)


class PaginationSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "Meetings matching the filters, on all pages"})
    pages = fields.Integer(required=True)


class MeetingListSchema(Schema):
    """The list keeps its first shape (``{"meetings": [...]}``) and adds ``pagination`` beside it."""

    meetings = fields.List(fields.Nested(MeetingSchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)


class MeetingAnswerSchema(Schema):
    meeting = fields.Nested(MeetingWithTimetableSchema, required=True)


class ItemAnswerSchema(Schema):
    item = fields.Nested(AgendaItemSchema, required=True)


class PartySchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    kind = computed(lambda p: p.kind.value, enum=_values(PartyKind))
    name = names("name")
    joined_year = fields.Integer(allow_none=True)
    active = fields.Boolean(required=True)


class PartyListSchema(Schema):
    parties = fields.List(fields.Nested(PartySchema), required=True)


class ParticipantPersonSchema(Schema):
    """What a list of participants shows of a person: names and position, never the private fields."""

    id = fields.Integer(required=True)
    name = computed(lambda p: p.display_name)
    honorific = fields.String(required=True)
    family_name = fields.String(required=True)
    given_names = fields.String(required=True)
    family_name_ru = fields.String(required=True)
    given_names_ru = fields.String(required=True)
    position = names("position")


class ParticipantSchema(Schema):
    id = fields.Integer(required=True)
    person = fields.Nested(ParticipantPersonSchema, required=True)
    party = computed(lambda r: r.person.party.code if r.person.party else None, nullable=True)
    role = computed(lambda r: r.role.value, enum=_values(RegistrationRole))
    status = computed(lambda r: r.status.value, enum=_values(AccreditationStatus))
    badge_number = fields.Integer(allow_none=True)


class ParticipantListSchema(Schema):
    participants = fields.List(fields.Nested(ParticipantSchema), required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details; ``errors``: the refused fields, each with its messages."""

    type = fields.String(metadata={"format": "uri-reference"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    changes = fields.List(fields.String(), metadata={"description": "What changed meanwhile (a stale version)"})
    warnings = fields.List(fields.String(), metadata={
        "description": "What deserves a second look; send the same request with accept_warnings: true to go ahead"})


# --- what organizers send ------------------------------------------------------------------------
# Request bodies refuse a field they do not know (a typo is never silently ignored) and a value of
# the wrong type; the rules (required texts, lengths, zones, times, rooms, transitions) are the
# services', the same as the forms', and answer 422 with the field (409 for a conflict). The bounds
# in the description (maxLength, minimum, maximum) are theirs, from the same constants.

Text = fields.String
# A local wall-clock time, seconds optional; an offset (or Z) may follow, and is then converted.
LOCAL_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$"


class LocalDateTime(fields.DateTime):
    """A date and a time of day (a date alone is refused: which time would it be?), described as
    the pattern it takes rather than RFC 3339's date-time, which requires an offset."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not re.match(LOCAL_TIME_PATTERN, value):
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return super()._deserialize(value, attr, data, **kwargs)


def _local(what: str, *, required: bool = False) -> LocalDateTime:
    return LocalDateTime(required=required, metadata={
        "pattern": LOCAL_TIME_PATTERN, "examples": ["2027-03-01T10:00"],
        "description": f"{what}: local wall-clock time in the meeting's zone (a time with an offset is converted to it)"})


def _length(model, column: str) -> int:
    return model.__table__.c[column].type.length


def _pair_in(name: str, length: int, doc: str) -> type[Schema]:
    """A text in the working languages (``en``, ``ru``); a language left out keeps its text (a
    change) or is empty (new). ``length``: the most characters each may have."""
    text = {"metadata": {"maxLength": length}}
    return type(name, (Schema,), {"__doc__": doc, "en": Text(**text), "ru": Text(**text)})


TitleIn = _pair_in("TitleIn", _length(Meeting, "title_en"), "A title in English and Russian.")
ItemTitleIn = _pair_in("ItemTitleIn", _length(AgendaItem, "title_en"), "An entry's title in English and Russian.")
CityIn = _pair_in("CityIn", _length(Meeting, "city_en"), "A city in English and Russian.")
MeetingDescriptionIn = _pair_in("MeetingDescriptionIn", rules.MEETING_DESCRIPTION_LENGTH,
                                "A meeting's description in English and Russian.")
ItemDescriptionIn = _pair_in("ItemDescriptionIn", rules.ITEM_TEXT_LENGTH, "An entry's description in English and Russian.")


def _one_of(values) -> validate.OneOf:
    return validate.OneOf([v.value for v in values])


def _id(description: str = "") -> fields.Integer:
    return fields.Integer(strict=True, allow_none=True, metadata={"minimum": 1, "maximum": MAX_ID,
                                                                  **({"description": description} if description else {})})


def _line(model, column: str, **kwargs) -> fields.String:
    return Text(metadata={"maxLength": _length(model, column), **kwargs})


ACCEPT_WARNINGS = fields.Boolean(load_default=False, truthy={True}, falsy={False}, metadata={
    "description": "Go ahead despite warnings (two meetings of one body, a person booked twice, a full room)"})
TIMEZONE = {"description": "IANA time zone of the host city, e.g. Asia/Almaty"}


class MeetingChangeSchema(Schema):
    """A change of a meeting's details: only the fields sent change. Not its status or a move of
    its dates with the timetable: PUT .../status and PUT .../dates."""

    title = fields.Nested(TitleIn)
    type = Code(validate=CODE, metadata={"description": "Meeting type code, e.g. SOC"})
    number = fields.Integer(strict=True, allow_none=True, metadata={"minimum": 1, "maximum": MAX_NUMBER})
    visibility = Text(validate=_one_of(Visibility))
    format = Text(validate=_one_of(MeetingFormat))
    timezone = Text(metadata=TIMEZONE)
    start = _local("Start")
    end = _local("End")
    city = fields.Nested(CityIn)
    venue_id = _id()
    host = Code(validate=CODE, allow_none=True, metadata={"description": "Host party's code"})
    chair = Code(validate=CODE, allow_none=True, metadata={"description": "Chairing party's code"})
    online_url = _line(Meeting, "online_url", format="uri", description="http or https; shown to participants")
    cbm_dimension = _line(Meeting, "cbm_dimension")
    description = fields.Nested(MeetingDescriptionIn)
    registration_deadline = fields.Date(allow_none=True)
    accept_warnings = ACCEPT_WARNINGS


class MeetingNewSchema(MeetingChangeSchema):
    title = fields.Nested(TitleIn, required=True)
    type = Code(validate=CODE, required=True, metadata={"description": "Meeting type code, e.g. SOC"})
    timezone = Text(required=True, metadata=TIMEZONE)
    start = _local("Start", required=True)
    end = _local("End", required=True)
    status = Text(validate=_one_of(INITIAL_STATUSES), load_default=MeetingStatus.DRAFT.value)


class StatusChangeSchema(Schema):
    """A step of the workflow (draft → planned → confirmed → held; postponed until further notice
    and cancelled with a reason). New dates: PUT .../dates."""

    status = Text(required=True, validate=_one_of(MeetingStatus))
    reason = Text(load_default="", metadata={"maxLength": rules.REASON_LENGTH,
                                             "description": "Required to postpone or cancel; kept in the history"})


class MoveSchema(Schema):
    """New dates for the meeting, its timetable moved with it day for day (the same meeting: its
    calendar entry updates); optionally a new place."""

    start = _local("New start", required=True)
    end = _local("New end", required=True)
    reason = Text(required=True, metadata={"maxLength": rules.REASON_LENGTH})
    status = Text(validate=_one_of(STATUSES_AFTER_MOVE), allow_none=True,
                  metadata={"description": "planned or confirmed at the new dates (default: as now; planned "
                                           "for a postponed meeting)"})
    timezone = Text(metadata=TIMEZONE)
    venue_id = _id()
    city = fields.Nested(CityIn)
    format = Text(validate=_one_of(MeetingFormat))
    online_url = _line(Meeting, "online_url", format="uri")
    accept_warnings = ACCEPT_WARNINGS


class ItemChangeSchema(Schema):
    """A change of a timetable entry: only the fields sent change."""

    title = fields.Nested(ItemTitleIn)
    kind = Text(validate=_one_of(AgendaItemKind))
    start = _local("Start")
    end = _local("End")
    room_id = _id()
    chair_id = _id("A person's id")
    speaker_ids = fields.List(fields.Integer(strict=True, metadata={"minimum": 1, "maximum": MAX_ID}),
                              metadata={"description": "People's ids"})
    documents = Text(metadata={"maxLength": rules.ITEM_TEXT_LENGTH})
    description = fields.Nested(ItemDescriptionIn)
    position = fields.Integer(strict=True, metadata={"minimum": 0, "maximum": MAX_POSITION})
    accept_warnings = ACCEPT_WARNINGS


class ItemNewSchema(ItemChangeSchema):
    title = fields.Nested(ItemTitleIn, required=True)
    start = _local("Start", required=True)
    end = _local("End", required=True)
