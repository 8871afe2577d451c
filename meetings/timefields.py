"""Form fields for local dates, times of day and durations, typed the way people type them
(09:00, 9.00, 900; 90, 1:30, 1h30), kept as typed when refused (the parsers: meetings/timeutil.py)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field
from wtforms.widgets import TextInput

from meetings.timeutil import parse_clock_time, parse_duration


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


class TypedField(Field):
    """A value typed in a text input and parsed by ``parse`` (None: not such a value), shown back
    as typed when refused, else by ``show``; the browser gets a hint of what to type."""

    widget = TextInput()
    error = _l("Not a valid value.")
    hint: dict[str, str] = {}

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {**self.hint, "autocomplete": "off", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    @staticmethod
    def parse(text: str):
        raise NotImplementedError

    @staticmethod
    def show(value) -> str:
        return str(value)

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            self.data = self.parse(valuelist[0])
            if self.data is None:
                raise ValueError(self.error)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.show(self.data) if self.data is not None else ""


class LocalTimeField(TypedField):
    """A time of day typed as people type it: 09:00, 9.00, 900, 0900, 9, 14.30, 1430."""

    error = _l("Not a valid time: type it as 09:30, 9.30 or 930 (24-hour clock).")
    # A phone's number pad with a decimal point: 9.30 and 930 are typed there.
    hint = {"inputmode": "decimal", "placeholder": "09:00", "size": "5"}
    parse = staticmethod(parse_clock_time)

    @staticmethod
    def show(value) -> str:
        return value.strftime("%H:%M")


class DurationField(TypedField):
    """A duration: 90 (minutes), 1:30, 1h30, 1.5h."""

    error = _l("Not a valid duration: type it as 90 (minutes), 1:30, 1h30 or 1.5h, at most a day.")
    hint = {"placeholder": "1:30", "size": "6"}
    parse = staticmethod(parse_duration)

    @staticmethod
    def show(value) -> str:
        minutes = int(value.total_seconds()) // 60
        return f"{minutes // 60}:{minutes % 60:02d}"
