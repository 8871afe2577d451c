"""Organizer forms. They check the shape of every input and build the services' typed inputs
(``to_input()``); the rules live in the services."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional, ValidationError

from meetings.collation import collation_key
from meetings.extensions import db
from meetings.formtools import (
    WholeNumberRange,
    enum_options,
    no_control_characters,
    no_invisible_characters,
    optional_int,
    options,
)
from meetings.i18n import canonical_zone, current_language, localized, territory_zones, zone_label
from meetings.labels import choices
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    Party,
    PartyKind,
    Person,
    Room,
    Venue,
    Visibility,
    utcnow,
)
from meetings.names import name_key, sorted_name
from meetings.scheduling.inputs import ItemInput, MeetingInput, PostponeInput, RoomInput, VenueInput
from meetings.scheduling.workflow import INITIAL_STATUSES, STATUSES_AFTER_MOVE
from meetings.timefields import DurationField, LocalDateField, LocalTimeField
from meetings.timeutil import available_timezones, local_dates, to_local


def _max(model, column: str) -> Length:
    """The column's own length, so the form and the database never disagree."""
    return Length(max=model.__table__.c[column].type.length)


def _line(model, column: str, *more, required: bool = False) -> list:
    """A one-line text that fills ``column`` of ``model``: a control character or line break is
    refused beside the field (the typed text kept), and it is no longer than the column."""
    return [DataRequired() if required else Optional(), *more, no_control_characters, _max(model, column)]


def _lines(length: int, *, required: bool = False) -> list:
    """A text that may span lines: tab and line breaks allowed, other control characters refused."""
    return [DataRequired() if required else Optional(), no_invisible_characters, Length(max=length)]


def _combine(day, at):
    return datetime.combine(day, at) if day is not None and at is not None else None


class ZoneField(SelectField):
    """A zone chosen by its city: an alias (a meeting saved as "Asia/Calcutta") reads as the
    canonical zone, the one the list shows, so editing never loses the zone."""

    def process_data(self, value):
        super().process_data(canonical_zone(value))

    def process_formdata(self, valuelist):
        super().process_formdata([canonical_zone(value) for value in valuelist])


def timezone_choices() -> list[SelectChoice]:
    """The zones of CICA's Member States first (Babel's zones of each state's territory), then
    every other zone, each shown as its city with its offset from UTC now ("Almaty, UTC+5"; the
    value stays the IANA identifier)."""
    codes = db.session.scalars(select(Party.code).where(Party.kind == PartyKind.MEMBER_STATE))
    zones = [z for z in available_timezones() if canonical_zone(z) == z]  # each city once
    members = {canonical_zone(z) for code in codes for z in territory_zones().get(code, ())} & set(zones)
    now = utcnow()

    def group(zones, name) -> list[SelectChoice]:
        # In the order of the labels the reader sees (cities), not of the identifiers.
        labelled = sorted(((z, zone_label(z, now)) for z in zones), key=lambda c: collation_key(c[1], lang))
        return [SelectChoice(z, text, optgroup=str(name)) for z, text in labelled]

    lang = current_language()
    return [SelectChoice("", "—"), *group(members, _l("CICA Member States")),
            *group((z for z in zones if z not in members), _l("Other zones"))]


def _status_choices(statuses) -> list[SelectChoice]:
    return options((value, text) for value, text in choices(MeetingStatus) if MeetingStatus(value) in statuses)


class ConfirmMixin:
    confirm_warnings = BooleanField(_l("I have read the warnings and want to save anyway"))


class MeetingForm(ConfirmMixin, FlaskForm):
    version = HiddenField()
    title_en = StringField(_l("Title (English)"), validators=_line(Meeting, "title_en", required=True))
    title_ru = StringField(_l("Title (Russian)"), validators=_line(Meeting, "title_ru"))
    type_id = SelectField(_l("Meeting type"), coerce=optional_int, validators=[InputRequired()])
    number = IntegerField(_l("Number (e.g. 7 for the 7th)"), validators=[Optional(), WholeNumberRange(1, 1000)])
    status = SelectField(_l("Status"), choices=_status_choices(INITIAL_STATUSES))
    visibility = SelectField(_l("Visibility"), choices=enum_options(Visibility))
    timezone = ZoneField(_l("Time zone of the host city"), validators=[DataRequired()])
    start_date = LocalDateField(_l("Start date"), validators=[InputRequired()])
    start_time = LocalTimeField(_l("Start time"), validators=[InputRequired()])
    end_date = LocalDateField(_l("End date"), validators=[InputRequired()])
    end_time = LocalTimeField(_l("End time"), validators=[InputRequired()])
    format = SelectField(_l("Format"), choices=enum_options(MeetingFormat))
    host_party_id = SelectField(_l("Host"), coerce=optional_int)
    chair_party_id = SelectField(_lp("chairing party", "Chair"), coerce=optional_int)
    city_en = StringField(_l("City (English)"), validators=_line(Meeting, "city_en"))
    city_ru = StringField(_l("City (Russian)"), validators=_line(Meeting, "city_ru"))
    venue_id = SelectField(_l("Venue"), coerce=optional_int)
    online_url = StringField(_l("Online link"), validators=_line(Meeting, "online_url", URL()))
    cbm_dimension = StringField(_l("CBM dimension"), validators=_line(Meeting, "cbm_dimension"))
    description_en = TextAreaField(_l("Description (English)"), validators=_lines(20000))
    description_ru = TextAreaField(_l("Description (Russian)"), validators=_lines(20000))
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
        start, end = to_local(meeting.starts_at, meeting.timezone), to_local(meeting.ends_at, meeting.timezone)
        self.process(obj=meeting, version=meeting.version, start_date=start.date(), start_time=start.time(),
                     end_date=end.date(), end_time=end.time(), format=meeting.format.value,
                     visibility=meeting.visibility.value)

    def to_input(self) -> MeetingInput:
        return MeetingInput(
            title_en=self.title_en.data or "", title_ru=self.title_ru.data or "", type_id=self.type_id.data,
            number=self.number.data, timezone=self.timezone.data or "",
            local_start=_combine(self.start_date.data, self.start_time.data),
            local_end=_combine(self.end_date.data, self.end_time.data),
            # A new meeting's status; an edited meeting's changes through the workflow (no field).
            status=MeetingStatus(self.status.data) if "status" in self else MeetingStatus.DRAFT,
            visibility=Visibility(self.visibility.data), format=MeetingFormat(self.format.data),
            host_party_id=self.host_party_id.data, chair_party_id=self.chair_party_id.data,
            city_en=self.city_en.data or "", city_ru=self.city_ru.data or "", venue_id=self.venue_id.data,
            online_url=self.online_url.data or "", cbm_dimension=self.cbm_dimension.data or "",
            description_en=self.description_en.data or "", description_ru=self.description_ru.data or "",
            registration_deadline=self.registration_deadline.data,
        )


def venue_choices() -> list[SelectChoice]:
    """Venues, each with its zone for static/js/venue-zone.js, which sets the meeting's zone to it."""
    return [SelectChoice("", "—"), *(
        SelectChoice(v.id, f"{localized(v, 'name')} ({localized(v, 'city')})", render_kw={"data-timezone": v.timezone})
        for v in db.session.scalars(select(Venue).order_by(Venue.city_en, Venue.name_en)))]


class PostponeForm(ConfirmMixin, FlaskForm):
    """A move to new dates, after which the meeting is planned or confirmed there."""

    version = HiddenField()
    # Not sent (a script of before this field): the meeting's own status, as the service decides.
    status = SelectField(_l("Status at the new dates"), choices=_status_choices(STATUSES_AFTER_MOVE),
                         validate_choice=False)
    start_date = LocalDateField(_l("New start date"), validators=[InputRequired()])
    start_time = LocalTimeField(_l("Start time"), validators=[InputRequired()])
    end_date = LocalDateField(_l("New end date"), validators=[InputRequired()])
    end_time = LocalTimeField(_l("End time"), validators=[InputRequired()])
    timezone = ZoneField(_l("Time zone of the host city"), validators=[DataRequired()])
    format = SelectField(_l("Format"), choices=enum_options(MeetingFormat))
    venue_id = SelectField(_l("Venue"), coerce=optional_int)
    city_en = StringField(_l("City (English)"), validators=_line(Meeting, "city_en"))
    city_ru = StringField(_l("City (Russian)"), validators=_line(Meeting, "city_ru"))
    online_url = StringField(_l("Online link"), validators=_line(Meeting, "online_url", URL()))
    reason = TextAreaField(_l("Reason (shown in the meeting's history)"),
                           validators=_lines(2000, required=True))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_id.choices = venue_choices()
        self.timezone.choices = timezone_choices()

    def fill_from(self, meeting: Meeting) -> None:
        start, end = to_local(meeting.starts_at, meeting.timezone), to_local(meeting.ends_at, meeting.timezone)
        # A planned or confirmed meeting keeps its status unless the organizer says otherwise; a
        # postponed one is planned at its new dates until they are confirmed.
        status = meeting.status if meeting.status in STATUSES_AFTER_MOVE else MeetingStatus.PLANNED
        self.process(obj=meeting, version=meeting.version, start_date=start.date(), start_time=start.time(),
                     end_date=end.date(), end_time=end.time(), format=meeting.format.value, reason="")
        self.status.data = status.value  # after process(obj=...), whose own status would win

    def validate_status(self, field) -> None:
        if field.data and field.data not in {s.value for s in STATUSES_AFTER_MOVE}:
            raise ValidationError(_l("Not a valid choice."))

    def to_input(self) -> PostponeInput:
        return PostponeInput(
            new_start=_combine(self.start_date.data, self.start_time.data),
            new_end=_combine(self.end_date.data, self.end_time.data), reason=self.reason.data or "",
            status=MeetingStatus(self.status.data) if self.status.data else None,
            timezone=self.timezone.data or "", format=MeetingFormat(self.format.data), venue_id=self.venue_id.data,
            city_en=self.city_en.data or "", city_ru=self.city_ru.data or "", online_url=self.online_url.data or "",
        )


class ReasonForm(FlaskForm):
    """A change of status that needs only its reason: a cancellation, a postponement until
    further notice."""

    version = HiddenField()
    reason = TextAreaField(_l("Reason (shown in the meeting's history)"),
                           validators=_lines(2000, required=True))


class StatusForm(FlaskForm):
    version = HiddenField()
    status = SelectField(_l("New status"), choices=options((s.value, s.value) for s in MeetingStatus))
    reason = TextAreaField(_l("Note (optional)"), validators=_lines(2000))

    def new_status(self) -> MeetingStatus:
        return MeetingStatus(self.status.data)


class AgendaItemForm(ConfirmMixin, FlaskForm):
    version = HiddenField()
    day = LocalDateField(_l("Day"), validators=[InputRequired()])
    start_time = LocalTimeField(_l("Start time"), validators=[InputRequired()])
    end_time = LocalTimeField(_l("End time"), validators=[Optional()])
    duration = DurationField(_l("or duration"), validators=[Optional()])
    title_en = StringField(_l("Title (English)"), validators=_line(AgendaItem, "title_en", required=True))
    title_ru = StringField(_l("Title (Russian)"), validators=_line(AgendaItem, "title_ru"))
    kind = SelectField(_l("Kind"), choices=enum_options(AgendaItemKind))
    room_id = SelectField(_l("Room"), coerce=optional_int)
    chair_id = SelectField(_lp("chair of an agenda item", "Chair"), coerce=optional_int)
    speaker_ids = SelectMultipleField(_l("Speakers"), coerce=int)
    documents = TextAreaField(_l("Documents (one title per line)"), validators=_lines(5000))
    description_en = TextAreaField(_l("Description (English)"), validators=_lines(5000))
    description_ru = TextAreaField(_l("Description (Russian)"), validators=_lines(5000))
    position = IntegerField(_l("Order within the same start time"), default=0,
                            validators=[Optional(), WholeNumberRange(0, 10_000)])

    def __init__(self, *args, meeting: Meeting, item: AgendaItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The rooms of the meeting's venue (all rooms when it has none, as online), and the item's
        # own room if it is elsewhere, so that editing the item does not lose it.
        query = select(Room).join(Room.venue).options(contains_eager(Room.venue)).order_by(Venue.name_en, Room.name)
        if meeting.venue_id is not None:
            query = query.where(or_(Room.venue_id == meeting.venue_id,
                                    Room.id == (item.room_id if item is not None else None)))
        rooms = db.session.scalars(query).all()
        self.room_id.choices = options([("", "—")] + [
            (r.id, f"{localized(r, 'name')} · {localized(r.venue, 'name')}") for r in rooms])
        # The date picker offers the meeting's own days (a browser's hint; the service checks).
        first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
        self.day.render_kw = {"min": first.isoformat(), "max": last.isoformat()}
        self.meeting_first_day = first
        people = [(p.id, str(sorted_name(p))) for p in sorted(
            db.session.scalars(select(Person)), key=lambda p: (name_key(p), p.id))]
        self.chair_id.choices = options([("", "—")] + people)
        self.speaker_ids.choices = options(people)

    def fill_from(self, item: AgendaItem, *, copy: bool = False) -> None:
        """The entry as it is; or, as ``copy``, a new one like it of the same length on the same
        day, starting when it ends (nothing saved until the organizer submits it)."""
        tz = item.meeting.timezone
        start, end = to_local(item.starts_at, tz).replace(tzinfo=None), to_local(item.ends_at, tz).replace(tzinfo=None)
        if copy:
            start, end = end, end + (end - start)
        self.process(obj=item, version=item.meeting.version, day=start.date(), start_time=start.time(),
                     end_time=end.time(), kind=item.kind.value, speaker_ids=[p.id for p in item.speakers])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.end_time.data is None and self.duration.data is None:
            self.end_time.errors.append(_l("Enter the end time or the duration."))
            return False
        by_duration = self._end_by_duration()
        if valid and by_duration is not None and self.end_time.data is not None and (
                by_duration.time() != self.end_time.data):
            self.duration.errors.append(_l("The end time and the duration disagree: clear one of them."))
            return False
        return valid

    def _end_by_duration(self) -> datetime | None:
        """The end the duration gives; None without one, or past the last day Python counts
        (9999-12-31: the service refuses the start's year beside the day)."""
        if None in (self.day.data, self.start_time.data, self.duration.data):
            return None
        try:
            return datetime.combine(self.day.data, self.start_time.data) + self.duration.data
        except OverflowError:
            return None

    def _local_end(self) -> datetime | None:
        if self.end_time.data is None:
            return self._end_by_duration()
        return _combine(self.day.data, self.end_time.data)

    def to_input(self) -> ItemInput:
        return ItemInput(
            title_en=self.title_en.data or "", title_ru=self.title_ru.data or "",
            local_start=_combine(self.day.data, self.start_time.data),
            local_end=self._local_end(),
            kind=AgendaItemKind(self.kind.data), room_id=self.room_id.data, chair_id=self.chair_id.data,
            speaker_ids=tuple(self.speaker_ids.data or ()), documents=self.documents.data or "",
            description_en=self.description_en.data or "", description_ru=self.description_ru.data or "",
            position=self.position.data or 0,
        )


class VenueForm(FlaskForm):
    name_en = StringField(_l("Name (English)"), validators=_line(Venue, "name_en", required=True))
    name_ru = StringField(_l("Name (Russian)"), validators=_line(Venue, "name_ru"))
    city_en = StringField(_l("City (English)"), validators=_line(Venue, "city_en", required=True))
    city_ru = StringField(_l("City (Russian)"), validators=_line(Venue, "city_ru"))
    address = StringField(_l("Address (English)"), validators=_line(Venue, "address"))
    address_ru = StringField(_l("Address (Russian)"), validators=_line(Venue, "address_ru"))
    timezone = ZoneField(_l("Time zone"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()

    def to_input(self) -> VenueInput:
        return VenueInput(name_en=self.name_en.data or "", name_ru=self.name_ru.data or "",
                          city_en=self.city_en.data or "", city_ru=self.city_ru.data or "",
                          address=self.address.data or "", address_ru=self.address_ru.data or "", timezone=self.timezone.data or "")


class RoomForm(FlaskForm):
    name = StringField(_l("Name (English)"), validators=_line(Room, "name", required=True))
    name_ru = StringField(_l("Name (Russian)"), validators=_line(Room, "name_ru"))
    capacity = IntegerField(_l("Capacity (seats)"), default=0, validators=[Optional(), WholeNumberRange(0, 100_000)])
    interpretation_booths = IntegerField(_l("Interpretation booths"), default=0,
                                         validators=[Optional(), WholeNumberRange(0, 1000)])

    def to_input(self) -> RoomInput:
        return RoomInput(name=self.name.data or "", name_ru=self.name_ru.data or "", capacity=self.capacity.data or 0,
                         interpretation_booths=self.interpretation_booths.data or 0)
