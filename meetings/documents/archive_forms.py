"""The archive search's form: GET filters, each read and checked on its own; a value that cannot
be read is refused beside its field and that filter left out, never a 500."""

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length, ValidationError

from meetings.documents.search import ArchiveQuery
from meetings.formtools import no_control_characters, options
from meetings.i18n import localized
from meetings.labels import LABELS
from meetings.models import DocumentCategory
from meetings.query import int_arg

FIRST_YEAR, LAST_YEAR = 1992, 2100  # CICA's first year (Almaty, 1992); a later one is a typing slip


def language_name(code: str) -> str:
    """A language's name in the reader's language (Babel's CLDR names), or its code if unknown."""
    name = Locale.parse(str(get_locale())).languages.get(code)
    return f"{name[:1].upper()}{name[1:]}" if name else code.upper()


def _known_choice(form, field) -> None:
    if field.data not in {str(choice.value) for choice in field.choices}:
        raise ValidationError(_l("Choose a value from the list."))


class ArchiveSearchForm(Form):
    q = StringField(_l("Words"), validators=[no_control_characters, Length(max=200, message=_l(
        "At most 200 characters."))], render_kw={"type": "search"})
    symbol = StringField(_l("Symbol"), validators=[no_control_characters, Length(max=120, message=_l(
        "At most 120 characters."))], render_kw={"placeholder": "CICA/SOC/2025/DEC.1"})
    party = SelectField(_l("Submitted by"), validate_choice=False, validators=[_known_choice])
    category = SelectField(_l("Category"), validate_choice=False, validators=[_known_choice])
    year = StringField(_l("Year"), render_kw={"inputmode": "numeric", "size": 6})
    language = SelectField(_l("Language"), validate_choice=False, validators=[_known_choice])

    NAMES = ("q", "symbol", "party", "category", "year", "language")

    def setup(self, parties, languages) -> "ArchiveSearchForm":
        self.party.choices = options([("", _l("Any party"))] + [(str(p.id), str(localized(p, "name")))
                                                                 for p in parties])
        self.category.choices = options([("", _l("Any category"))] + [(c.value, label)
                                                                      for c, label in LABELS[DocumentCategory].items()])
        self.language.choices = options([("", _l("Any language"))] + [(code, language_name(code))
                                                                      for code in languages])
        for field in (self.party, self.category, self.language):
            field.data = field.data or ""
        for field in (self.q, self.symbol, self.year):
            field.data = (field.data or "").strip()
        return self

    def validate_year(self, field) -> None:
        if field.data and int_arg({"value": field.data}, "value", FIRST_YEAR, LAST_YEAR) is None:
            raise ValidationError(_l("Enter a year from %(first)d to %(last)d, e.g. 2025.", first=FIRST_YEAR,
                                     last=LAST_YEAR))

    def _value(self, name: str) -> str:
        field = self[name]
        return "" if field.errors else field.data

    def to_query(self) -> ArchiveQuery:
        """The filters that were read; one refused beside its field is left out."""
        category = self._value("category")
        return ArchiveQuery(
            q=self._value("q"), symbol=self._value("symbol"),
            party_id=int(self._value("party")) if self._value("party") else None,
            category=DocumentCategory(category) if category else None,
            year=int(self._value("year")) if self._value("year") else None, language=self._value("language"))

    def as_args(self) -> dict[str, str]:
        """The filters read, as arguments of a link (the next page): never the raw query string."""
        return {name: self[name].data for name in self.NAMES if self[name].data and not self[name].errors}
