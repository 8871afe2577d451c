"""Forms of the protocol order's page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from meetings.formtools import WholeNumberRange, no_invisible_characters, options
from meetings.protocol.services import MAX_SEED


class DrawForm(FlaskForm):
    seed = IntegerField(_l("Number drawn in the room (optional)"), validators=[Optional(), WholeNumberRange(0, MAX_SEED)],
                        description=_l("Leave empty to let the system draw; the number is recorded either way, "
                                       "so anyone can repeat the draw."))


class AlphabetForm(FlaskForm):
    alphabet = SelectField(_l("Alphabet"), choices=options([("en", _l("English")), ("ru", _l("Russian"))]))


class PlaceForm(FlaskForm):
    party_id = SelectField(_l("Party"), coerce=int, validators=[InputRequired()])
    position = IntegerField(_l("Place"), validators=[InputRequired(), WholeNumberRange(1, 1000)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000), no_invisible_characters])
