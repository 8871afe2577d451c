"""Forms of the protocol pages: the order, the seating plan."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from meetings.formtools import (
    WholeNumberRange,
    enum_options,
    no_control_characters,
    no_invisible_characters,
    optional_int,
    options,
)
from meetings.models import SpeakerKind
from meetings.models.protocol import MAX_SEATS_BEHIND
from meetings.protocol.seating import LAYOUT_LABELS, PAPER_LABELS
from meetings.protocol.services import MAX_SEED


class DrawForm(FlaskForm):
    seed = IntegerField(_l("Number drawn in the room (optional)"), validators=[Optional(), WholeNumberRange(0, MAX_SEED)],
                        description=_l("Leave empty to let the system draw; the number is recorded either way, "
                                       "so anyone can repeat the draw."))


class AlphabetForm(FlaskForm):
    alphabet = SelectField(_l("Alphabet"), choices=options([("en", _l("English")), ("ru", _l("Russian"))]))


def _id_or_none(value):
    """A chosen id, or None for nothing or anything else typed in: the service then says what to
    choose (a party that takes part, a plenary entry), rather than "Not a valid choice"."""
    if isinstance(value, int):
        return value
    try:
        return int(value) if value not in ("", None) else None
    except (TypeError, ValueError):
        return None


class PlaceForm(FlaskForm):
    party_id = SelectField(_l("Party"), coerce=_id_or_none, validate_choice=False, validators=[InputRequired()])
    # The range is the service's: from 1 to the number of parties in the order, said as such.
    position = IntegerField(_l("Place"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000), no_invisible_characters])


def _kind_or_none(value):
    try:
        return SpeakerKind(value)
    except ValueError:
        return None


class InscriptionForm(FlaskForm):
    """A party on an entry's speakers list; the choices are set by the view (the entries, the
    parties the user may inscribe, their registered people)."""

    item_id = SelectField(_l("Timetable entry"), coerce=_id_or_none, validate_choice=False, validators=[InputRequired()])
    party_id = SelectField(_l("Party"), coerce=_id_or_none, validate_choice=False, validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=enum_options(SpeakerKind), coerce=_kind_or_none, validate_choice=False)
    person_id = SelectField(_l("Speaker (optional)"), coerce=_id_or_none, validate_choice=False)
    minutes = IntegerField(_l("Time limit in minutes (optional)"), validators=[Optional(), WholeNumberRange(1, 60)],
                           description=_l("Leave empty for the entry's time per speaker."))
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=300), no_control_characters],
                       description=_l("For instance: on behalf of a group of States."))


class SpeakerTimeForm(FlaskForm):
    minutes = IntegerField(_l("Minutes per speaker"), validators=[InputRequired(), WholeNumberRange(1, 60)])
class SeatingForm(FlaskForm):
    """The room's layout; the choices of room are the meeting venue's (set by the view)."""

    layout = SelectField(_l("Layout of the room"), choices=options(LAYOUT_LABELS.items()))
    seats_behind = IntegerField(_l("Seats behind each head of delegation"),
                                validators=[InputRequired(), WholeNumberRange(0, MAX_SEATS_BEHIND)])
    room_id = SelectField(_l("Room (its name on the plan)"), coerce=optional_int)
    paper = SelectField(_l("Paper"), choices=options(PAPER_LABELS.items()))
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
