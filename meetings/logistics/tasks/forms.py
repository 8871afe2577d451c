"""Forms of the tasks: the organizer's whole task, the owner's status and note, the one-select status
change of a row, and the list's GET filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Form, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from meetings.formtools import enum_options, no_control_characters, no_invisible_characters, options
from meetings.logistics.tasks.services import NOTE_LENGTH, TITLE_LENGTH, TaskInput
from meetings.models import TaskStatus


def _int_or_none(value):
    if value in ("", None):
        return None
    return int(value)


def _status_or_none(value):
    if value in ("", None):
        return None
    return value if isinstance(value, TaskStatus) else TaskStatus(value)


def owner_options(users, *, blank: str = "—") -> list:
    return options([("", blank), *((u.id, u.name or u.email) for u in users)])


class TaskForm(FlaskForm):
    # One of the two is enough (the service says so beside the English one); pages show the
    # reader's language, else the other.
    title_en = StringField(_l("Task (in English)"), validators=[no_control_characters, Length(max=TITLE_LENGTH)])
    title_ru = StringField(_l("Task (in Russian)"), validators=[no_control_characters, Length(max=TITLE_LENGTH)])
    owner_id = SelectField(_l("Owner"), coerce=_int_or_none, validate_choice=True)
    due_date = DateField(_l("Due date"), validators=[Optional()],
                         description=_l("A day in the meeting's time zone."))
    status = SelectField(_l("Status"), choices=enum_options(TaskStatus), coerce=TaskStatus)
    note = TextAreaField(_l("Note"), validators=[no_invisible_characters, Length(max=NOTE_LENGTH)])
    submit = SubmitField(_l("Save"))

    def to_input(self) -> TaskInput:
        return TaskInput(title_en=self.title_en.data or "", title_ru=self.title_ru.data or "", owner_id=self.owner_id.data, due_date=self.due_date.data,
                         status=self.status.data, note=self.note.data or "")


class OwnTaskForm(FlaskForm):
    """What the owner of a task (a staff member) may change: its status and note."""

    status = SelectField(_l("Status"), choices=enum_options(TaskStatus), coerce=TaskStatus)
    note = TextAreaField(_l("Note"), validators=[no_invisible_characters, Length(max=NOTE_LENGTH)])
    submit = SubmitField(_l("Save"))


class TaskStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=enum_options(TaskStatus), coerce=TaskStatus)


class TaskFilterForm(Form):
    """The GET filters of the list; an unknown value is reported and ignored, never a 500."""

    status = SelectField(_l("Status"), choices=options([("", _l("All statuses"))]) + enum_options(TaskStatus),
                         coerce=_status_or_none)
    owner = SelectField(_l("Owner"), coerce=_int_or_none, validate_choice=True)
    overdue = BooleanField(_l("Overdue only"))

    def value(self, name):
        field = getattr(self, name)
        return None if field.errors else field.data
