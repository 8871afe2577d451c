"""Helpers shared by the forms of every area."""


from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from meetings.labels import choices as label_choices
from meetings.text import CONTROL_CHARACTERS


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms options (tuples are deprecated since WTForms 3.3)."""
    return [p if isinstance(p, SelectChoice) else SelectChoice(*p) for p in pairs]


def enum_options(enum_class) -> list[SelectChoice]:
    """Options for a fixed vocabulary, labelled in the user's language."""
    return options(label_choices(enum_class))


def no_control_characters(form, field) -> None:
    """WTForms validator of one-line text fields."""
    if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_l("Remove the invisible control characters from this text."))
