"""The silence procedure's forms: the deadline (a local date and time of the meeting's zone) and
the outcome. They check the shape of the input and build the service's typed inputs."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired, Optional

from meetings.documents.silence import OutcomeInput, SilenceInput
from meetings.extensions import db
from meetings.formtools import options
from meetings.i18n import localized
from meetings.models import Party, SilenceOutcome
from meetings.timefields import LocalDateField, LocalTimeField


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except ValueError:
        return -1  # no party has it: refused beside the field as any unknown choice


class SilenceForm(FlaskForm):
    until_date = LocalDateField(_l("Deadline: date"), validators=[InputRequired()])
    until_time = LocalTimeField(_l("Deadline: time"), validators=[InputRequired()])

    def to_input(self) -> SilenceInput:
        day, at = self.until_date.data, self.until_time.data
        return SilenceInput(datetime.combine(day, at) if day is not None and at is not None else None)


# Here rather than in meetings/labels.py: the documents archive's vocabularies arrive with its
# other part, and the integrator moves these beside them.
OUTCOMES = (
    (SilenceOutcome.ADOPTED.value, _lp("silence procedure outcome", "Adopted: no party broke the silence")),
    (SilenceOutcome.BROKEN.value, _lp("silence procedure outcome", "Silence broken by a party")),
)


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=[], validators=[InputRequired()])
    broken_by_id = SelectField(_l("Party that broke the silence"), coerce=_optional_int, validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = options(OUTCOMES)
        parties = db.session.scalars(select(Party).where(Party.active.is_(True)).order_by(Party.name_en)).all()
        self.broken_by_id.choices = options([("", "—")] + [(p.id, str(localized(p, "name"))) for p in parties])

    def to_input(self) -> OutcomeInput:
        outcome = SilenceOutcome(self.outcome.data) if self.outcome.data else None
        return OutcomeInput(outcome, self.broken_by_id.data)
