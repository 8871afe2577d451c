"""The archive's organizer forms: a document's details, a file upload, a new version. They check
the shape of every input and build the services' typed inputs; the rules live in the services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from meetings.collation import collation_key
from meetings.documents.files import UploadInput
from meetings.documents.languages import LANGUAGES, NATIVE_NAMES
from meetings.documents.symbols import MAX_LENGTH
from meetings.documents.workflow import TITLE_MAX, DocumentInput
from meetings.extensions import db
from meetings.formtools import enum_options, no_control_characters, optional_int, options
from meetings.i18n import current_language, format_local_time, localized
from meetings.models import AgendaItem, DocumentCategory, DocumentVersion, Meeting, Party, Visibility


def language_options():
    # Each language's name in itself, as in the language switch.
    return options([(lang, NATIVE_NAMES[lang], {"lang": lang}) for lang in LANGUAGES])


def version_options():
    return [choice for choice in enum_options(DocumentVersion) if choice.value != DocumentVersion.ORIGINAL.value]


class DocumentForm(FlaskForm):
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), no_control_characters,
                                                              Length(max=TITLE_MAX)])
    title_ru = StringField(_l("Title (Russian)"), validators=[Optional(), no_control_characters, Length(max=TITLE_MAX)])
    symbol = StringField(_l("Symbol"), validators=[Optional(strip_whitespace=False), Length(max=MAX_LENGTH)],
                         description=_l("Leave it empty on a new document to give it the next free symbol of its "
                                        "category, e.g. CICA/SOC/2026/DEC.3."))
    category = SelectField(_l("Category"), choices=enum_options(DocumentCategory), coerce=DocumentCategory)
    agenda_item_id = SelectField(_l("Agenda item"), coerce=optional_int)
    party_id = SelectField(_l("Submitted by"), coerce=optional_int)
    distribution = SelectField(_l("Distribution"), choices=enum_options(Visibility), coerce=Visibility,
                               description=_l("Who may read the document once it is issued: everyone, the "
                                              "Member States and observers, or the meeting's participants only."))
    original_language = SelectField(_l("Original language"), choices=language_options())

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        items = db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                                   .order_by(AgendaItem.starts_at, AgendaItem.position, AgendaItem.id))
        self.agenda_item_id.choices = options([("", "—")] + [
            (item.id, f"{format_local_time(item.starts_at, meeting.timezone)} {localized(item, 'title')}")
            for item in items])
        # Active parties, and the one a document already names even if it is no longer active.
        current = getattr(kwargs.get("obj"), "party_id", None)
        named = [(p.id, str(localized(p, "name"))) for p in db.session.scalars(
            select(Party).where(Party.active.is_(True) | (Party.id == current)))]
        self.party_id.choices = options([("", "—")] + sorted(named, key=lambda c: collation_key(c[1], current_language())))

    def to_input(self) -> DocumentInput:
        return DocumentInput(
            title_en=self.title_en.data or "", title_ru=self.title_ru.data or "", symbol=self.symbol.data or "",
            category=self.category.data, agenda_item_id=self.agenda_item_id.data, party_id=self.party_id.data,
            distribution=self.distribution.data, original_language=self.original_language.data)


class UploadForm(FlaskForm):
    language = SelectField(_l("Language of the file"), choices=language_options())
    # What the file is, its content decides (meetings/documents/uploads.py), never its name.
    file = FileField(_l("File (PDF, DOCX, XLSX, PNG or JPEG)"),
                     validators=[FileRequired(_l("Choose the file to upload."))])

    def to_input(self, max_bytes: int) -> UploadInput:
        # One byte past the limit is enough to say the file is too large; the rest is never read.
        data = self.file.data.read(max_bytes + 1)
        return UploadInput(language=self.language.data, filename=self.file.data.filename or "", data=data)


class VersionForm(FlaskForm):
    kind = SelectField(_l("New version"), choices=version_options(), coerce=DocumentVersion)
