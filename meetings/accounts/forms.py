from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Form, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from meetings.accounts.api_tokens import MAX_NAME_LENGTH, ApiTokenInput
from meetings.accounts.passwords import MAX_PASSWORD_LENGTH
from meetings.accounts.services import UserInput
from meetings.formtools import enum_options, no_control_characters, options
from meetings.models import UserRole
from meetings.timefields import LocalDateField


def _int_or_none(value):
    return None if value in ("", None) else int(value)


def _choice_or_none(enum_class):
    def coerce(value):
        if value in ("", None):
            return None
        return value if isinstance(value, enum_class) else enum_class(value)

    return coerce


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    remember = BooleanField(_l("Keep me logged in"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    # The rules themselves are the service's (meetings/accounts/passwords.py), shown beside this field.
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    confirm = PasswordField(_l("New password, again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two new passwords differ."))])
    submit = SubmitField(_l("Change the password"))


class UserForm(FlaskForm):
    """An admin's form of an account; party and person choices are set by the view."""

    email = EmailField(_l("E-mail"), validators=[no_control_characters, DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[no_control_characters, Length(max=200)])
    role = SelectField(_l("Role"), choices=enum_options(UserRole), coerce=UserRole)
    party_id = SelectField(_l("Party (focal points)"), coerce=_int_or_none, validate_choice=True)
    person_id = SelectField(_l("Person (delegates)"), coerce=_int_or_none, validate_choice=True)
    submit = SubmitField(_l("Save"))

    def set_choices(self, parties: list[tuple[int, str]], people: list[tuple[int, str]]) -> None:
        self.party_id.choices = options([("", "—"), *parties])
        self.person_id.choices = options([("", "—"), *people])

    def to_input(self) -> UserInput:
        return UserInput(email=self.email.data, name=self.name.data or "", role=self.role.data,
                         party_id=self.party_id.data, person_id=self.person_id.data)


class UserFilterForm(Form):
    """The GET filters of the list of users; an unknown value is reported and ignored, never a 500."""

    q = StringField(_l("Name or e-mail"), validators=[no_control_characters, Length(max=254)])
    role = SelectField(_l("Role"), choices=options([("", _l("All roles"))]) + enum_options(UserRole),
                       coerce=_choice_or_none(UserRole))
    active = SelectField(_l("Status"), coerce=_int_or_none, choices=options(
        [("", _l("All")), ("1", _l("Active")), ("0", _l("Deactivated"))]))

    def value(self, name):
        field = getattr(self, name)
        return None if field.errors else field.data


class ApiTokenForm(FlaskForm):
    """A new API token; the rules (a name, an expiry to come) are the service's, shown beside the fields."""

    name = StringField(_l("Name of the token"), validators=[no_control_characters, DataRequired(),
                                                            Length(max=MAX_NAME_LENGTH)],
                       render_kw={"maxlength": MAX_NAME_LENGTH})
    expires_on = LocalDateField(_l("Expires after (optional)"), validators=[Optional()], render_kw={"type": "date"})
    submit = SubmitField(_l("Create a token"))

    def to_input(self) -> ApiTokenInput:
        return ApiTokenInput(name=self.name.data or "", expires_on=self.expires_on.data)
