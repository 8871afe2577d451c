"""The audit log's filters: a GET form; a value that cannot be read is refused beside its field
(and that filter left out), never a 500."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length, ValidationError

from meetings.audit_labels import action_label, object_type_label
from meetings.audit_log.services import SYSTEM, AuditQuery
from meetings.formtools import no_control_characters, options
from meetings.models.base import MAX_ID
from meetings.query import date_arg, int_arg


def _known_choice(form, field) -> None:
    if field.data not in {str(choice.value) for choice in field.choices}:
        raise ValidationError(_l("Choose a value from the list."))


def _date(form, field) -> None:
    if field.data and field.parsed is None:
        raise ValidationError(_l("Enter a date as YYYY-MM-DD, e.g. 2026-12-09."))


class DateText(StringField):
    """A date typed or picked; what was typed is kept when it is not a date."""

    parsed: date | None = None

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        self.data = (self.data or "").strip()
        self.parsed = date_arg({"value": self.data}, "value")


class AuditFilterForm(Form):
    user = SelectField(_l("Who"), validate_choice=False, validators=[_known_choice])
    object_type = SelectField(_l("Kind of object"), validate_choice=False, validators=[_known_choice])
    action = SelectField(_l("Action"), validate_choice=False, validators=[_known_choice])
    meeting = StringField(_l("Meeting number"), render_kw={"inputmode": "numeric", "size": 8})
    date_from = DateText(_l("From (UTC)"), validators=[_date], render_kw={"type": "date"})
    date_to = DateText(_l("To (UTC)"), validators=[_date], render_kw={"type": "date"})
    text = StringField(_l("Text in summary or reason"), validators=[
        no_control_characters, Length(max=200, message=_l("At most 200 characters."))])

    def setup(self, users, object_types: list[str], actions: list[str]) -> "AuditFilterForm":
        self.user.choices = options([("", _l("Everyone")), (SYSTEM, _l("System")),
                                     *((str(u.id), f"{u.name or u.email} ({u.email})" if u.name else u.email)
                                       for u in users)])
        self.object_type.choices = options([("", _l("All kinds"))] + [(t, object_type_label(t)) for t in object_types])
        self.action.choices = options([("", _l("All actions"))] + [(a, action_label(a)) for a in actions])
        for field in (self.user, self.object_type, self.action):
            field.data = field.data or ""
        return self

    def validate_meeting(self, field) -> None:
        field.data = (field.data or "").strip().removeprefix("#")
        if field.data and int_arg({"value": field.data}, "value", 1, MAX_ID) is None:
            raise ValidationError(_l("Enter a meeting number, e.g. 12."))

    def validate_date_to(self, field) -> None:
        if field.parsed and self.date_from.parsed and field.parsed < self.date_from.parsed:
            raise ValidationError(_l("The end date is before the start date."))

    def _value(self, name: str):
        field = self[name]
        if field.errors:
            return None
        return field.parsed if isinstance(field, DateText) else field.data

    def to_query(self) -> AuditQuery:
        """The filters that were read; one refused beside its field is left out."""
        user = self._value("user") or None
        meeting = self._value("meeting")
        return AuditQuery(
            user=int(user) if user and user != SYSTEM else user, object_type=self._value("object_type") or "",
            action=self._value("action") or "", meeting_id=int(meeting) if meeting else None,
            date_from=self._value("date_from"), date_to=self._value("date_to"), text=self._value("text") or "",
        )

    def as_args(self) -> dict[str, str]:
        """The filters read, as arguments of a link (the next page, the export): never the raw query string."""
        return {name: self[name].data for name in ("user", "object_type", "action", "meeting", "date_from",
                                                   "date_to", "text")
                if self[name].data and not self[name].errors}
