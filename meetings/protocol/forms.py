"""Forms of the protocol pages: the order, the seating plan."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from meetings.formtools import WholeNumberRange, no_invisible_characters, options
from meetings.models.protocol import MAX_SEATS_BEHIND
from meetings.protocol.seating import LAYOUT_LABELS, PAPER_LABELS
from meetings.protocol.services import MAX_SEED
from meetings.scheduling.forms import optional_int


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


class SeatingForm(FlaskForm):
    """The room's layout; the choices of room are the meeting venue's (set by the view)."""

    layout = SelectField(_l("Layout of the room"), choices=options(LAYOUT_LABELS.items()))
    seats_behind = IntegerField(_l("Seats behind each head of delegation"),
                                validators=[InputRequired(), WholeNumberRange(0, MAX_SEATS_BEHIND)])
    room_id = SelectField(_l("Room (its name on the plan)"), coerce=optional_int)
    paper = SelectField(_l("Paper"), choices=options(PAPER_LABELS.items()))
