from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from meetings.formtools import enum_options, no_control_characters, options
from meetings.models import AccreditationStatus, DelegationLevel, DelegationReply, PartyKind, RegistrationRole
from meetings.participants.inputs import PartyInput, PersonInput, RegistrationInput
from meetings.participants.people import NAME_PAIRS, PERSON_FIELDS, PRIVATE_FIELDS, name_problems
from meetings.participants.registrations import FOCAL_POINT_ROLES


def _enum_or_none(enum_class):
    def coerce(value):
        if value in ("", None):
            return None
        return value if isinstance(value, enum_class) else enum_class(value)

    return coerce


def _int_or_none(value):
    if value in ("", None):
        return None
    return int(value)


class PartyForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[no_control_characters, DataRequired(), Length(max=200)])
    name_ru = StringField(_l("Name in Russian"), validators=[no_control_characters, DataRequired(), Length(max=200)])
    kind = SelectField(_l("Status"), choices=enum_options(PartyKind), coerce=PartyKind)
    joined_year = IntegerField(_l("Year of joining"), validators=[Optional(), NumberRange(min=1992, max=2100)])
    active = BooleanField(_l("Active"))
    # Language names in their own language, as in the language switch.
    language = SelectField(_l("Language of correspondence"),
                           choices=options([("en", "English", {"lang": "en"}),
                                            ("ru", "Русский", {"lang": "ru"})]))
    submit = SubmitField(_l("Save"))

    def to_input(self) -> PartyInput:
        return PartyInput(name_en=self.name_en.data, name_ru=self.name_ru.data, kind=self.kind.data,
                          joined_year=self.joined_year.data, active=self.active.data, language=self.language.data)


class PersonFields(FlaskForm):
    honorific = StringField(_l("Honorific"), validators=[no_control_characters, Length(max=40)], description=_l("H.E. Mr., Ms., Dr., ..."))
    # Latin as in the passport, and Cyrillic; the family name in at least one (the services' rule).
    family_name = StringField(_l("Family name (Latin, as in passport)"), validators=[no_control_characters, Length(max=100)])
    given_names = StringField(_l("Given names (Latin, as in passport)"), validators=[no_control_characters, Length(max=150)])
    family_name_ru = StringField(_l("Family name (Cyrillic)"), validators=[no_control_characters, Length(max=100)])
    given_names_ru = StringField(_l("Given names (Cyrillic)"), validators=[no_control_characters, Length(max=150)])
    printed_name = StringField(_l("Name as to be printed"), validators=[no_control_characters, Length(max=200)],
                               description=_l("Only if not “Given names Family name” (English)."))
    printed_name_ru = StringField(_l("Name as to be printed (Russian)"), validators=[no_control_characters, Length(max=200)],
                                  description=_l("Only if not “Given names Family name” (Russian)."))
    position_en = StringField(_l("Title or position"), validators=[no_control_characters, Length(max=300)])
    position_ru = StringField(_l("Title or position (Russian)"), validators=[no_control_characters, Length(max=300)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    languages = StringField(_l("Languages"), validators=[no_control_characters, Length(max=100)])
    dietary_needs = StringField(_l("Dietary needs"), validators=[no_control_characters, Length(max=300)])
    accessibility_needs = StringField(_l("Accessibility needs"), validators=[no_control_characters, Length(max=300)])
    # Personal data: removed from the form for anyone outside the Secretariat (see restrict()).
    phone = StringField(_l("Phone"), validators=[no_control_characters, Length(max=50)])
    passport_number = StringField(_l("Passport number"), validators=[no_control_characters, Length(max=40)])
    passport_expiry = DateField(_l("Passport expiry"), validators=[Optional()])
    nationality = StringField(_l("Nationality"), validators=[no_control_characters, Length(max=100)])
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, and the services' rule on names (beside the field, with the rest)."""
        valid = super().validate(extra_validators)
        names = {name: self[name].data for pair in NAME_PAIRS for name in pair if name in self}
        for name, problem in name_problems(names) if len(names) == 4 else ():
            self[name].errors.append(problem)
            valid = False
        return valid

    def validate_date_of_birth(self, field):
        if field.data and not date(1900, 1, 1) <= field.data <= date.today():
            raise ValidationError(_l("Give a date of birth in the past."))

    def restrict(self, user) -> "PersonFields":
        """Drop the personal-data fields for users who may not see them."""
        if not user.is_secretariat:
            for name in PRIVATE_FIELDS:
                delattr(self, name)
        return self

    def person_fields(self) -> dict:
        """The person's fields the form shows: those it does not (restrict()) are not given."""
        # A text field left out of the posted form is None to WTForms: for the person, it is blank.
        return {f.name: "" if f.data is None and isinstance(f, StringField) else f.data
                for f in self if f.name in PERSON_FIELDS}


class RegistrationForm(PersonFields):
    party_id = SelectField(_l("Party"), coerce=_int_or_none, validate_choice=True)
    role = SelectField(_l("Role"), choices=enum_options(RegistrationRole), coerce=RegistrationRole)
    ministerial_level = BooleanField(_l("Ministerial level"))
    submit = SubmitField(_l("Save"))

    def setup(self, user, parties, *, focal_point: bool) -> "RegistrationForm":
        self.restrict(user)
        if focal_point:
            del self.party_id
            self.role.choices = [c for c in self.role.choices if RegistrationRole(c.value) in FOCAL_POINT_ROLES]
        else:
            self.party_id.choices = options([("", "—"), *parties])
        return self

    def to_input(self) -> RegistrationInput:
        """The person and the registration; the party (the Secretariat's choice) is apart."""
        return RegistrationInput(**self.person_fields(), role=self.role.data,
                                 ministerial_level=self.ministerial_level.data)


class PersonForm(PersonFields):
    party_id = SelectField(_l("Party"), coerce=_int_or_none, validate_choice=True)
    submit = SubmitField(_l("Save"))

    def to_input(self) -> PersonInput:
        return PersonInput(**self.person_fields(), party_id=self.party_id.data)


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=enum_options(AccreditationStatus), coerce=AccreditationStatus)
    submit = SubmitField(_lp("status change button", "Change"))


class BulkForm(FlaskForm):
    """A selection of the list of participants and what to do with it. The ids are checkboxes'
    values (read with meetings.query.int_list); ``all`` takes every row the page showed
    (``shown``), so selecting all works without JavaScript; ``all_matching`` takes every row the
    list's filters match, on every page."""

    registration = SelectMultipleField(coerce=str, validate_choice=False)
    shown = SelectMultipleField(coerce=str, validate_choice=False)
    all = BooleanField(_l("All"))
    all_matching = BooleanField(_l("All matching"))
    action = SelectField(choices=options([("accredit", _l("Accredit")), ("decline", _l("Decline")),
                                          ("badges", _l("Print badges"))]))


class ParticipantFilterForm(Form):
    """The GET filters of the list; an unknown value is reported and ignored, never a 500."""

    party = SelectField(_l("Party"), coerce=_int_or_none, validate_choice=True)
    role = SelectField(_l("Role"), choices=options([("", _l("All roles"))]) + enum_options(RegistrationRole),
                       coerce=_enum_or_none(RegistrationRole))
    status = SelectField(_l("Status"), choices=options([("", _l("All statuses"))]) + enum_options(AccreditationStatus),
                         coerce=_enum_or_none(AccreditationStatus))

    def value(self, name):
        field = getattr(self, name)
        return None if field.errors else field.data


class PartyFilterForm(Form):
    kind = SelectField(_l("Status"), choices=options([("", _l("All"))]) + enum_options(PartyKind), coerce=_enum_or_none(PartyKind))


class InviteForm(FlaskForm):
    parties = SelectMultipleField(_l("Parties to invite"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Invite the chosen parties"))


class DelegationForm(FlaskForm):
    reply = SelectField(_l("Reply"), choices=enum_options(DelegationReply), coerce=DelegationReply)
    head = SelectField(_l("Head of delegation"), coerce=_int_or_none, validate_choice=True)
    level = SelectField(_l("Level of the delegation"),
                        choices=options([("", "—")]) + enum_options(DelegationLevel),
                        coerce=_enum_or_none(DelegationLevel))
    submit = SubmitField(_l("Save"))


class ReplyForm(DelegationForm):
    """A focal point's reply for their party: an acceptance or a refusal (pending is no reply),
    who heads the delegation (choices: its registered people) and at which level."""

    reply = RadioField(_l("Reply"), choices=options([(DelegationReply.ACCEPTED.value, _l("We accept the invitation")),
                                                     (DelegationReply.DECLINED.value, _l("We decline the invitation"))]),
                       coerce=_enum_or_none(DelegationReply), validators=[DataRequired(_l("Accept or decline."))])
    submit = SubmitField(_l("Send the reply"))


class PhotoForm(FlaskForm):
    # Its content decides whether it is a photo (meetings/participants/photos.py), not its name.
    photo = FileField(_l("Photo (JPEG or PNG)"), validators=[FileRequired(_l("Choose a photo to upload."))],
                      render_kw={"accept": "image/jpeg,image/png"})
    submit = SubmitField(_l("Upload the photo"))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])
    submit = SubmitField(_l("Check and import"))
