"""Organizer forms. They check the shape of every input; the rules live in services.py."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from meetings.collation import collation_key
from meetings.extensions import db
from meetings.formtools import enum_options, options
from meetings.i18n import current_language, localized
from meetings.labels import choices
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    Party,
    Person,
    Room,
    Venue,
    Visibility,
)
from meetings.scheduling.services import INITIAL_STATUSES
from meetings.timeutil import available_timezones


def _max(model, column: str) -> Length:
    """The column's own length, so the form and the database never disagree."""
    return Length(max=model.__table__.c[column].type.length)


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class LocalDateField(DateField):
    """A date; "2025-02-31" is refused with a message beside the field, the typed text kept."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0]:
            try:
                self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
            except ValueError:
                self.data = None
                raise ValueError(_l("Not a valid date: use the form YYYY-MM-DD, e.g. 2025-02-28.")) from None
        else:
            self.data = None


class LocalTimeField(TimeField):
    def process_formdata(self, valuelist):
        if valuelist and valuelist[0]:
            try:
                self.data = datetime.strptime(valuelist[0].strip(), "%H:%M").time()
            except ValueError:
                self.data = None
                raise ValueError(_l("Not a valid time: use the form HH:MM, e.g. 09:30.")) from None
        else:
            self.data = None


def _combine(day, at):
    return datetime.combine(day, at) if day is not None and at is not None else None


def timezone_choices() -> list[SelectChoice]:
    return options([("", "—")] + [(z, z.replace("_", " ")) for z in available_timezones()])


class ConfirmMixin:
    confirm_warnings = BooleanField(_l("I have read the warnings and want to save anyway"))


class MeetingForm(ConfirmMixin, FlaskForm):
    version = HiddenField()
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), _max(Meeting, "title_en")])
    title_ru = StringField(_l("Title (Russian)"), validators=[Optional(), _max(Meeting, "title_ru")])
    type_id = SelectField(_l("Meeting type"), coerce=optional_int, validators=[InputRequired()])
    number = IntegerField(_l("Number (e.g. 7 for the 7th)"), validators=[Optional(), NumberRange(min=1, max=1000)])
    status = SelectField(_l("Status"), choices=options(
        (value, text) for value, text in choices(MeetingStatus) if MeetingStatus(value) in INITIAL_STATUSES))
    visibility = SelectField(_l("Visibility"), choices=enum_options(Visibility))
    timezone = SelectField(_l("Time zone of the host city"), validators=[DataRequired()])
    start_date = LocalDateField(_l("Start date"), validators=[InputRequired()])
    start_time = LocalTimeField(_l("Start time"), validators=[InputRequired()])
    end_date = LocalDateField(_l("End date"), validators=[InputRequired()])
    end_time = LocalTimeField(_l("End time"), validators=[InputRequired()])
    format = SelectField(_l("Format"), choices=enum_options(MeetingFormat))
    host_party_id = SelectField(_l("Host"), coerce=optional_int)
    chair_party_id = SelectField(_l("Chair"), coerce=optional_int)
    city_en = StringField(_l("City (English)"), validators=[Optional(), _max(Meeting, "city_en")])
    city_ru = StringField(_l("City (Russian)"), validators=[Optional(), _max(Meeting, "city_ru")])
    venue_id = SelectField(_l("Venue"), coerce=optional_int)
    online_url = StringField(_l("Online link"), validators=[Optional(), URL(), _max(Meeting, "online_url")])
    cbm_dimension = StringField(_l("CBM dimension"), validators=[Optional(), _max(Meeting, "cbm_dimension")])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=20000)])
    description_ru = TextAreaField(_l("Description (Russian)"), validators=[Optional(), Length(max=20000)])
    registration_deadline = LocalDateField(_l("Registration deadline"), validators=[Optional()])

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.status  # a status changes through the workflow, never by editing
        self.type_id.choices = options((t.id, str(localized(t, "name"))) for t in db.session.scalars(
            select(MeetingType).order_by(MeetingType.sort_order, MeetingType.name_en)))
        named = [(p.id, str(localized(p, "name"))) for p in db.session.scalars(
            select(Party).where(Party.active.is_(True)))]
        parties = options([("", "—")] + sorted(named, key=lambda choice: collation_key(choice[1], current_language())))
        self.host_party_id.choices = parties
        self.chair_party_id.choices = parties
        self.venue_id.choices = venue_choices()
        self.timezone.choices = timezone_choices()

    def fill_from(self, meeting: Meeting) -> None:
        from meetings.timeutil import to_local

        start, end = to_local(meeting.starts_at, meeting.timezone), to_local(meeting.ends_at, meeting.timezone)
        self.process(obj=meeting, version=meeting.version, start_date=start.date(), start_time=start.time(),
                     end_date=end.date(), end_time=end.time(), format=meeting.format.value,
                     visibility=meeting.visibility.value)

    def meeting_data(self) -> dict:
        names = ("title_en", "title_ru", "type_id", "number", "visibility", "timezone", "format", "host_party_id",
                 "chair_party_id", "city_en", "city_ru", "venue_id", "online_url", "cbm_dimension",
                 "description_en", "description_ru", "registration_deadline")
        data = {name: getattr(self, name).data for name in names}
        if "status" in self:
            data["status"] = self.status.data
        data["local_start"] = _combine(self.start_date.data, self.start_time.data)
        data["local_end"] = _combine(self.end_date.data, self.end_time.data)
        return data


def venue_choices() -> list[SelectChoice]:
    return options([("", "—")] + [(v.id, f"{localized(v, 'name')} ({localized(v, 'city')})") for v in db.session.scalars(
        select(Venue).order_by(Venue.city_en, Venue.name_en))])


class PostponeForm(ConfirmMixin, FlaskForm):
    version = HiddenField()
    start_date = LocalDateField(_l("New start date"), validators=[InputRequired()])
    start_time = LocalTimeField(_l("Start time"), validators=[InputRequired()])
    end_date = LocalDateField(_l("New end date"), validators=[InputRequired()])
    end_time = LocalTimeField(_l("End time"), validators=[InputRequired()])
    timezone = SelectField(_l("Time zone of the host city"), validators=[DataRequired()])
    format = SelectField(_l("Format"), choices=enum_options(MeetingFormat))
    venue_id = SelectField(_l("Venue"), coerce=optional_int)
    city_en = StringField(_l("City (English)"), validators=[Optional(), _max(Meeting, "city_en")])
    city_ru = StringField(_l("City (Russian)"), validators=[Optional(), _max(Meeting, "city_ru")])
    online_url = StringField(_l("Online link"), validators=[Optional(), URL(), _max(Meeting, "online_url")])
    reason = TextAreaField(_l("Reason (shown in the meeting's history)"),
                           validators=[DataRequired(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_id.choices = venue_choices()
        self.timezone.choices = timezone_choices()

    def fill_from(self, meeting: Meeting) -> None:
        from meetings.timeutil import to_local

        start, end = to_local(meeting.starts_at, meeting.timezone), to_local(meeting.ends_at, meeting.timezone)
        self.process(obj=meeting, version=meeting.version, start_date=start.date(), start_time=start.time(),
                     end_date=end.date(), end_time=end.time(), format=meeting.format.value, reason="")

    def postpone_data(self) -> dict:
        return {
            "new_start": _combine(self.start_date.data, self.start_time.data),
            "new_end": _combine(self.end_date.data, self.end_time.data),
            "timezone": self.timezone.data, "format": self.format.data, "venue_id": self.venue_id.data,
            "city_en": self.city_en.data, "city_ru": self.city_ru.data, "online_url": self.online_url.data,
            "reason": self.reason.data,
        }


class CancelForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Reason (shown in the meeting's history)"),
                           validators=[DataRequired(), Length(max=2000)])


class StatusForm(FlaskForm):
    version = HiddenField()
    status = SelectField(_l("New status"), choices=options((s.value, s.value) for s in MeetingStatus))
    reason = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class AgendaItemForm(ConfirmMixin, FlaskForm):
    version = HiddenField()
    day = LocalDateField(_l("Day"), validators=[InputRequired()])
    start_time = LocalTimeField(_l("Start time"), validators=[InputRequired()])
    end_time = LocalTimeField(_l("End time"), validators=[InputRequired()])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), _max(AgendaItem, "title_en")])
    title_ru = StringField(_l("Title (Russian)"), validators=[Optional(), _max(AgendaItem, "title_ru")])
    kind = SelectField(_l("Kind"), choices=enum_options(AgendaItemKind))
    room_id = SelectField(_l("Room"), coerce=optional_int)
    chair_id = SelectField(_l("Chair"), coerce=optional_int)
    speaker_ids = SelectMultipleField(_l("Speakers"), coerce=int)
    documents = TextAreaField(_l("Documents (one title per line)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000)])
    description_ru = TextAreaField(_l("Description (Russian)"), validators=[Optional(), Length(max=5000)])
    position = IntegerField(_l("Order within the same start time"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=10000)])

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        rooms = db.session.execute(
            select(Room.id, Room.name, Venue.name_en).join(Room.venue).order_by(Venue.name_en, Room.name)).all()
        # The meeting's own venue first: that is where its rooms are.
        rooms.sort(key=lambda r: (r.name_en != (meeting.venue.name_en if meeting.venue else None), r.name_en))
        self.room_id.choices = options([("", "—")] + [(r.id, f"{r.name} · {r.name_en}") for r in rooms])
        people = [(p.id, f"{p.family_name}, {p.given_names}") for p in db.session.scalars(
            select(Person).order_by(Person.family_name, Person.given_names))]
        self.chair_id.choices = options([("", "—")] + people)
        self.speaker_ids.choices = options(people)

    def fill_from(self, item: AgendaItem) -> None:
        from meetings.timeutil import to_local

        tz = item.meeting.timezone
        start, end = to_local(item.starts_at, tz), to_local(item.ends_at, tz)
        self.process(obj=item, version=item.meeting.version, day=start.date(), start_time=start.time(),
                     end_time=end.time(), kind=item.kind.value, speaker_ids=[p.id for p in item.speakers])

    def item_data(self) -> dict:
        names = ("title_en", "title_ru", "kind", "room_id", "chair_id", "speaker_ids", "documents",
                 "description_en", "description_ru", "position")
        data = {name: getattr(self, name).data for name in names}
        data["local_start"] = _combine(self.day.data, self.start_time.data)
        data["local_end"] = _combine(self.day.data, self.end_time.data)
        return data


class VenueForm(FlaskForm):
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), _max(Venue, "name_en")])
    name_ru = StringField(_l("Name (Russian)"), validators=[Optional(), _max(Venue, "name_ru")])
    city_en = StringField(_l("City (English)"), validators=[DataRequired(), _max(Venue, "city_en")])
    city_ru = StringField(_l("City (Russian)"), validators=[Optional(), _max(Venue, "city_ru")])
    address = StringField(_l("Address"), validators=[Optional(), _max(Venue, "address")])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()


class RoomForm(FlaskForm):
    name = StringField(_l("Room"), validators=[DataRequired(), _max(Room, "name")])
    capacity = IntegerField(_l("Capacity (seats)"), default=0, validators=[Optional(), NumberRange(min=0, max=100000)])
    interpretation_booths = IntegerField(_l("Interpretation booths"), default=0,
                                         validators=[Optional(), NumberRange(min=0, max=1000)])
