"""Helpers shared by the forms of every area."""

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from meetings.domain import DomainError, RuleError, StaleVersionError, WarningsPending
from meetings.i18n import whole_number_range
from meetings.labels import choices as label_choices
from meetings.text import CONTROL_CHARACTERS, INVISIBLE_CHARACTERS

T = TypeVar("T")


def optional_int(value):
    """A select's coerce for an optional id: nothing chosen is None."""
    if value in (None, "", "None"):
        return None
    return int(value)


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


def show_error(form, error: DomainError, aliases: Mapping[str, tuple[str, ...]] = MappingProxyType({})) -> None:
    """A refusal beside the field it concerns (``aliases``: service field names that the form
    shows under other names, the first present wins), else at the top of the form."""
    name = next((n for n in aliases.get(error.field, (error.field,)) if n and n in form), None)
    if isinstance(error, StaleVersionError) or name is None:
        form.form_errors.append(str(error))
        form.form_errors.extend(str(change) for change in getattr(error, "changes", []))
    else:
        form[name].errors = [*form[name].errors, str(error)]
    if isinstance(error, StaleVersionError) and error.version is not None and "version" in form:
        form.version.data = str(error.version)


def attempt(form, action: Callable[[], T], aliases: Mapping[str, tuple[str, ...]] = MappingProxyType({})
            ) -> tuple[T | None, list[str]]:
    """Run a service for a submitted form: (result, warnings to confirm). A broken rule is shown
    on the form, which keeps what was typed; not found and not allowed go on to meetings/errors."""
    try:
        return action(), []
    except WarningsPending as pending:
        return None, pending.warnings
    except RuleError as error:
        show_error(form, error, aliases)
        return None, []


def no_invisible_characters(form, field) -> None:
    """WTForms validator of texts that may span lines (tab and line breaks allowed)."""
    if isinstance(field.data, str) and INVISIBLE_CHARACTERS.search(field.data):
        raise ValidationError(_l("Remove the invisible control characters from this text."))


class WholeNumberRange:
    """NumberRange with the application's message: its bounds grouped ("10,000" / «10 000»), which
    WTForms' own message prints raw."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def __call__(self, form, field) -> None:
        if field.data is not None and not self.low <= field.data <= self.high:
            raise ValidationError(whole_number_range(self.low, self.high))
