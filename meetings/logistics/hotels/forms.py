"""Accommodation forms: the shape of each input, and the services' typed inputs (``to_input()``)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from meetings.formtools import WholeNumberRange, optional_int, options
from meetings.i18n import localized
from meetings.labels import label
from meetings.logistics.hotels.services import MAX_ROOMS, AssignmentInput, BlockInput, HotelInput
from meetings.models import Hotel, HotelAssignment, HotelBlock, Registration
from meetings.names import sorted_name
from meetings.scheduling.forms import ConfirmMixin, _line, _lines
from meetings.timefields import LocalDateField


class HotelForm(FlaskForm):
    name_en = StringField(_l("Name (English)"), validators=_line(Hotel, "name_en", required=True))
    name_ru = StringField(_l("Name (Russian)"), validators=_line(Hotel, "name_ru"))
    city = StringField(_l("City"), validators=_line(Hotel, "city", required=True))
    address_en = StringField(_l("Address (English)"), validators=_line(Hotel, "address_en"))
    address_ru = StringField(_l("Address (Russian)"), validators=_line(Hotel, "address_ru"))
    phone = StringField(_l("Telephone"), validators=_line(Hotel, "phone"))
    email = StringField(_l("E-mail"), validators=_line(Hotel, "email"))

    def to_input(self) -> HotelInput:
        return HotelInput(**{name: getattr(self, name).data or "" for name in
                             ("name_en", "name_ru", "city", "address_en", "address_ru", "phone", "email")})


class BlockForm(ConfirmMixin, FlaskForm):
    hotel_id = SelectField(_l("Hotel"), coerce=optional_int, validators=[InputRequired()])
    room_type = StringField(_l("Room type"), validators=_line(HotelBlock, "room_type", required=True))
    rooms = IntegerField(_lp("hotel", "Rooms"), validators=[InputRequired(), WholeNumberRange(0, MAX_ROOMS)])
    check_in = LocalDateField(_l("Check-in (first night)"), validators=[InputRequired()])
    check_out = LocalDateField(_l("Check-out"), validators=[InputRequired()])
    rate = StringField(_l("Rate"), validators=_line(HotelBlock, "rate"))
    release_date = LocalDateField(_l("Release date (cut-off)"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=_lines(2000))

    def __init__(self, *args, hotels: list[Hotel], **kwargs):
        super().__init__(*args, **kwargs)
        self.hotel_id.choices = options([("", "—")] + [(h.id, f"{localized(h, 'name')} ({h.city})") for h in hotels])

    def to_input(self) -> BlockInput:
        return BlockInput(hotel_id=self.hotel_id.data, room_type=self.room_type.data or "", rooms=self.rooms.data,
                          check_in=self.check_in.data, check_out=self.check_out.data, rate=self.rate.data or "",
                          release_date=self.release_date.data, note=self.note.data or "")


class AssignmentForm(ConfirmMixin, FlaskForm):
    registration_id = SelectField(_l("Participant"), coerce=optional_int, validators=[DataRequired()])
    check_in = LocalDateField(_l("Check-in"), validators=[InputRequired()])
    check_out = LocalDateField(_l("Check-out"), validators=[InputRequired()])
    room_number = StringField(_l("Room number"), validators=_line(HotelAssignment, "room_number"))
    note = TextAreaField(_l("Note"), validators=_lines(2000))

    def __init__(self, *args, registrations: list[Registration] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if registrations is None:  # editing: the person stays
            del self.registration_id
        else:
            self.registration_id.choices = options([("", "—")] + [(r.id, _choice(r)) for r in registrations])

    def to_input(self) -> AssignmentInput:
        return AssignmentInput(
            registration_id=self.registration_id.data if "registration_id" in self else None,
            check_in=self.check_in.data, check_out=self.check_out.data,
            room_number=self.room_number.data or "", note=self.note.data or "")


def _choice(registration: Registration) -> str:
    person = registration.person
    party = f" · {localized(person.party, 'name')}" if person.party else ""
    return f"{sorted_name(person)}{party} ({label(registration.status)})"
