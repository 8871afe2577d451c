"""Helpers shared by the forms of every area."""

from wtforms.fields.choices import SelectChoice

from meetings.labels import choices as label_choices


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms options (tuples are deprecated since WTForms 3.3)."""
    return [p if isinstance(p, SelectChoice) else SelectChoice(*p) for p in pairs]


def enum_options(enum_class) -> list[SelectChoice]:
    """Options for a fixed vocabulary, labelled in the user's language."""
    return options(label_choices(enum_class))
