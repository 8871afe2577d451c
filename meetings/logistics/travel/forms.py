"""The travel form (a participant's arrival and departure on one form) and the list's filters.
The forms check the shape of what is typed; the rules (dates around the meeting, arrival before
departure, a plain flight number) are the services'."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from meetings.formtools import enum_options, no_control_characters, no_invisible_characters, options
from meetings.logistics.travel.inputs import LegInput, TravelInput
from meetings.models import Travel, TravelDirection
from meetings.timefields import LocalDateField, LocalTimeField
from meetings.timeutil import to_local

NOTE_LENGTH = 1000
PICKUP_OPTIONS = (("", _l("Not decided yet")), ("yes", _l("Yes")), ("no", _l("No")))
LEGS = ("arrival", "departure")
LEG_FIELDS = ("date", "time", "flight", "airport", "pickup", "note")


def _line(column: str) -> list:
    return [Optional(), no_control_characters, Length(max=Travel.__table__.c[column].type.length)]


def _pickup(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class TravelForm(FlaskForm):
    arrival_date = LocalDateField(_l("Arrival date"), validators=[Optional()])
    arrival_time = LocalTimeField(_l("Arrival time"), validators=[Optional()])
    arrival_flight = StringField(_l("Flight or train"), validators=_line("flight"))
    arrival_airport = StringField(_l("Airport or station"), validators=_line("airport"))
    arrival_pickup = SelectField(_l("Pick-up needed"), choices=options(PICKUP_OPTIONS))
    arrival_note = TextAreaField(_l("Note"), validators=[Optional(), no_invisible_characters, Length(max=NOTE_LENGTH)])
    departure_date = LocalDateField(_l("Departure date"), validators=[Optional()])
    departure_time = LocalTimeField(_l("Departure time"), validators=[Optional()])
    departure_flight = StringField(_l("Flight or train"), validators=_line("flight"))
    departure_airport = StringField(_l("Airport or station"), validators=_line("airport"))
    departure_pickup = SelectField(_l("Transport to the airport or station"), choices=options(PICKUP_OPTIONS))
    departure_note = TextAreaField(_l("Note"), validators=[Optional(), no_invisible_characters,
                                                           Length(max=NOTE_LENGTH)])
    submit = SubmitField(_l("Save"))

    def fill_from(self, legs: dict[TravelDirection, Travel], tz: str) -> None:
        data = {}
        for direction, travel in legs.items():
            local = to_local(travel.at, tz)
            prefix = direction.value
            data |= {f"{prefix}_date": local.date(), f"{prefix}_time": local.time(), f"{prefix}_flight": travel.flight,
                     f"{prefix}_airport": travel.airport, f"{prefix}_note": travel.note,
                     f"{prefix}_pickup": {True: "yes", False: "no"}.get(travel.pickup, "")}
        self.process(data=data)

    def _given(self, prefix: str) -> bool:
        """Whether any field of the leg is filled in (clearing them all removes the leg)."""
        return any(f.data.strip() if isinstance(f.data, str) else f.data is not None or f.errors
                   for f in (self[f"{prefix}_{name}"] for name in LEG_FIELDS))

    def validate(self, extra_validators=None) -> bool:
        """A leg that is given needs its date and its time."""
        valid = super().validate(extra_validators)
        for prefix in LEGS:
            if self._given(prefix):
                for name, message in (("date", _l("Give the date.")), ("time", _l("Give the time."))):
                    part = self[f"{prefix}_{name}"]
                    if part.data is None and not part.errors:
                        part.errors.append(message)
                        valid = False
        return valid

    def _leg(self, prefix: str) -> LegInput | None:
        """A leg, or None when every field of it is empty."""
        if not self._given(prefix):
            return None
        values = {name: self[f"{prefix}_{name}"] for name in LEG_FIELDS}
        day, at = values["date"].data, values["time"].data
        return LegInput(at_local=datetime.combine(day, at) if day and at else None,
                        flight=values["flight"].data or "", airport=values["airport"].data or "",
                        pickup=_pickup(values["pickup"].data), note=values["note"].data or "")

    def to_input(self) -> TravelInput:
        return TravelInput(arrival=self._leg("arrival"), departure=self._leg("departure"))


class TravelFilterForm(Form):
    """The GET filters of the list, shown as read (values are parsed by the view)."""

    party = SelectField(_l("Party"))
    direction = SelectField(_l("Direction"), choices=options([("", _l("Arrivals and departures"))])
                            + enum_options(TravelDirection))
    day = SelectField(_l("Day"))
    pickup = SelectField(_l("Pick-up"), choices=options([("", _l("All")), ("yes", _l("Pick-up needed")),
                                                         ("no", _l("No pick-up")),
                                                         ("undecided", _l("Not decided yet"))]))
    missing = SelectField(_l("Not given"), choices=options([("", "—"), ("arrival", _l("Arrival not given")),
                                                            ("departure", _l("Departure not given"))]))
