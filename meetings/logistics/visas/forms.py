from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from meetings.formtools import enum_options, no_control_characters, no_invisible_characters, options
from meetings.logistics.visas.services import LetterInput
from meetings.models import VisaLetterStatus


def _int_or_none(value):
    if value in ("", None):
        return None
    return int(value)


def _status_or_none(value):
    if value in ("", None):
        return None
    return value if isinstance(value, VisaLetterStatus) else VisaLetterStatus(value)


def language_options():
    # Language names in their own language, as in the language switch.
    return options([("en", "English", {"lang": "en"}), ("ru", "Русский", {"lang": "ru"})])


class LetterFields(FlaskForm):
    embassy = StringField(_l("Embassy or consulate"), validators=[no_control_characters, DataRequired(), Length(max=300)],
                          description=_l("Where the visa is applied for, e.g. Embassy of the Republic of Azerbaijan "
                                         "in Beijing"))
    language = SelectField(_l("Language of the letter"), choices=language_options())
    note = TextAreaField(_l("Note"), validators=[no_invisible_characters, Length(max=2000)])

    def to_input(self) -> LetterInput:
        return LetterInput(embassy=self.embassy.data or "", language=self.language.data, note=self.note.data or "")


class RequestForm(LetterFields):
    # The service finds the registration among those the user may see (another party's: 404);
    # the choices are only what the page offers.
    registration = SelectField(_l("Participant"), coerce=_int_or_none, validate_choice=False,
                               validators=[DataRequired(message=_l("Choose the person."))])
    submit = SubmitField(_l("Request the letter"))


class LetterForm(LetterFields):
    submit = SubmitField(_l("Save"))


class FilterForm(Form):
    """The GET filters of the list; an unknown value is reported and ignored, never a 500."""

    status = SelectField(_l("Status"), choices=options([("", _l("All statuses"))]) + enum_options(VisaLetterStatus),
                         coerce=_status_or_none)
    party = SelectField(_l("Party"), coerce=_int_or_none, validate_choice=True)

    def value(self, name):
        field = getattr(self, name)
        return None if field.errors else field.data
