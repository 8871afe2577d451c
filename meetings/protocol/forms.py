"""Forms of the protocol order's page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
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


class MomentForm(FlaskForm):
    """The day and session the door checks in for (a GET form: it only chooses what is shown)."""

    class Meta:
        csrf = False

    day = SelectField(_l("Day"))
    session = SelectField(_l("Session"), description=_l("Leave at the whole day, or choose the session the door is for."))


class ScanForm(FlaskForm):
    """One badge read at the door: its code scanned (a handheld scanner types it) or its number typed."""

    day = HiddenField()
    session = HiddenField()
    code = StringField(_l("Badge code or number"), render_kw={"autofocus": True, "autocomplete": "off", "spellcheck": "false"},
                       description=_l("Scan the badge's QR code, or type the number printed on it, then press Enter."))
