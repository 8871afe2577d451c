"""Forms of interpretation: an interpreter, and the languages and interpreters of one item."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from meetings.domain import RuleError
from meetings.formtools import no_control_characters, no_invisible_characters, options
from meetings.i18n import language_name
from meetings.logistics.interpretation.inputs import InterpreterInput, ItemLanguagesInput
from meetings.logistics.interpretation.languages import parse


class InterpreterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), no_control_characters, Length(max=200)])
    languages = StringField(_l("Languages"), validators=[DataRequired(), no_control_characters, Length(max=100)],
                            description=_l("BCP 47 codes separated by commas, e.g. en, ru, zh"))
    email = EmailField(_l("E-mail"), validators=[Optional(), no_control_characters, Email(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), no_control_characters, Length(max=50)])
    note = TextAreaField(_l("Note"), validators=[Optional(), no_invisible_characters, Length(max=2000)])

    def validate_languages(self, field) -> None:
        try:
            parse(field.data or "", "languages")
        except RuleError as error:
            raise ValidationError(str(error)) from None

    def to_input(self) -> InterpreterInput:
        return InterpreterInput(name=self.name.data or "", languages=self.languages.data or "",
                                email=self.email.data or "", phone=self.phone.data or "", note=self.note.data or "")


class ItemLanguagesForm(FlaskForm):
    """Built by ``item_languages_form``: one checkbox per language offered, and per language a
    choice of interpreters (``interpreters_<tag>``)."""

    languages = SelectMultipleField(_l("Languages needed"), widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())
    other = StringField(_l("Other languages"), validators=[Optional(), no_control_characters, Length(max=100)],
                        description=_l("BCP 47 codes separated by commas, e.g. hi, ko"))

    tags: list[str] = []

    def validate_other(self, field) -> None:
        try:
            parse(field.data or "", "other")
        except RuleError as error:
            raise ValidationError(str(error)) from None

    def interpreters_of(self, tag: str):
        return self[f"interpreters_{tag}"]

    def rows(self):
        """(checkbox, interpreters field, tag) per language offered, in the order offered."""
        return [(box, self.interpreters_of(tag), tag) for box, tag in zip(self.languages, self.tags, strict=True)]

    def to_input(self) -> ItemLanguagesInput:
        chosen = [tag for tag in self.tags if tag in (self.languages.data or [])]
        chosen += [tag for tag in parse(self.other.data or "", "other") if tag not in chosen]
        return ItemLanguagesInput(languages=chosen, interpreters={
            tag: list(self.interpreters_of(tag).data or []) for tag in self.tags if tag in chosen})


def item_languages_form(tags: list[str], interpreters, speaks, **kwargs) -> ItemLanguagesForm:
    """The form for an item offering ``tags``; each language's choice lists first the interpreters
    who speak it (``speaks(interpreter, tag)``), then the others."""

    class Form(ItemLanguagesForm):
        pass

    for tag in tags:
        ordered = sorted(interpreters, key=lambda i, t=tag: (not speaks(i, t), i.name, i.id))
        setattr(Form, f"interpreters_{tag}", SelectMultipleField(
            _l("Interpreters for %(language)s", language=language_name(tag)), coerce=int,
            choices=options((i.id, f"{i.name} ({i.languages})") for i in ordered), validators=[Optional()]))
    Form.tags = list(tags)
    form = Form(**kwargs)
    form.languages.choices = options((tag, f"{language_name(tag)} ({tag})") for tag in tags)
    return form

