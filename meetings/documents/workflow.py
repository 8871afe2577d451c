"""A document's life: created as a draft for a meeting, edited, issued (circulated to the
meeting's delegations), given revisions, addenda and corrigenda, deleted. Organizers only.

A version (/Rev.N, /Add.N, /Corr.N) always hangs from the original, whichever version it was made
from, so that "the latest revision" is a question about one chain (meetings/documents/reading.py).
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from meetings import audit
from meetings.documents import circulation, files, symbols
from meetings.documents.languages import LANGUAGES
from meetings.domain import NotAllowedError, NotFoundError, RuleError
from meetings.extensions import db
from meetings.history import jsonable
from meetings.models import (
    AgendaItem,
    Document,
    DocumentCategory,
    DocumentVersion,
    Meeting,
    Party,
    Visibility,
    utcnow,
)
from meetings.models.base import MAX_ID
from meetings.transaction import operation

TITLE_MAX = 500


class DocumentError(RuleError):
    """A rule of the archive refuses the change."""


@dataclass(frozen=True)
class DocumentInput:
    title_en: str
    category: DocumentCategory
    title_ru: str = ""
    symbol: str = ""  # empty on a new document: the scheme proposes the next free one
    agenda_item_id: int | None = None
    party_id: int | None = None
    distribution: Visibility = Visibility.PUBLIC
    original_language: str = "en"


def require_organizer(user) -> None:
    if not user.is_organizer:
        raise NotAllowedError()


def _check(meeting: Meeting, value: DocumentInput) -> None:
    """What the forms check, checked again for every other way in (the demo, tests)."""
    if not value.title_en.strip():
        raise DocumentError(_l("Enter the document's title in English."), "title_en")
    for name in ("title_en", "title_ru"):
        if len(getattr(value, name)) > TITLE_MAX:
            raise DocumentError(_l("Use at most %(num)d characters.", num=TITLE_MAX), name)
    if value.original_language not in LANGUAGES:
        raise DocumentError(_l("Choose one of the listed languages."), "original_language")
    if value.agenda_item_id is not None and db.session.scalar(
            select(AgendaItem.id).where(AgendaItem.id == value.agenda_item_id,
                                        AgendaItem.meeting_id == meeting.id)) is None:
        raise DocumentError(_l("Choose an entry of this meeting's timetable."), "agenda_item_id")
    if value.party_id is not None and (not 0 < value.party_id <= MAX_ID or db.session.get(Party, value.party_id) is None):
        raise DocumentError(_l("Choose a party from the list."), "party_id")


def _values(value: DocumentInput) -> dict:
    return {"title_en": value.title_en.strip(), "title_ru": value.title_ru.strip(), "category": value.category,
            "agenda_item_id": value.agenda_item_id, "party_id": value.party_id, "distribution": value.distribution,
            "original_language": value.original_language}


def _flush_symbol() -> None:
    """Write now, so that a symbol taken by someone else in the meantime (two organizers saving at
    once) is a message on the form, not a 500: the unique constraint decides."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        text = str(error.orig).lower()
        if "symbol" in text:
            raise symbols.taken_error() from error
        if "uq_document_original_version" in text or "version_number" in text:
            raise DocumentError(_l("Another version was created at the same moment: please try again.")) from error
        raise


def _summary(document: Document, what: str) -> str:
    return f"Document {document.symbol}: {what}"


@operation
def create_document(meeting: Meeting, value: DocumentInput, *, user) -> Document:
    require_organizer(user)
    _check(meeting, value)
    symbol = symbols.check(value.symbol) if value.symbol else symbols.propose(meeting, value.category)
    if symbols.taken(symbol):
        raise symbols.taken_error()
    document = Document(meeting_id=meeting.id, symbol=symbol, **_values(value))
    db.session.add(document)
    _flush_symbol()
    audit.record(user, "document", "created", object_id=document.id, meeting_id=meeting.id,
                 summary=_summary(document, "created"),
                 changes=audit.created({"symbol": symbol, **_values(value)}))
    return document


@operation
def update_document(document: Document, value: DocumentInput, *, user) -> Document:
    require_organizer(user)
    _check(document.meeting, value)
    symbol = symbols.check(value.symbol)
    if symbols.taken(symbol, but=document.id):
        raise symbols.taken_error()
    values = {"symbol": symbol, **_values(value)}
    changes = audit.diff(document, values)
    for name, new in values.items():
        setattr(document, name, new)
    if "agenda_item_id" in changes and document.original_id is None:
        for version in document.versions:  # a chain belongs to one agenda item: the original's
            version.agenda_item_id = value.agenda_item_id
    _flush_symbol()
    if changes:
        audit.record(user, "document", "edited", object_id=document.id, meeting_id=document.meeting_id,
                     summary=_summary(document, "edited"), changes=changes)
    return document


@operation
def issue_document(document: Document, *, user, now: datetime | None = None) -> int:
    """Issue a draft: it is circulated from now on to whoever may see it, and the focal points of
    the meeting's delegations who may are told by e-mail. Returns how many e-mails were queued."""
    require_organizer(user)
    db.session.scalars(select(Document).where(Document.id == document.id).with_for_update()
                       .execution_options(populate_existing=True)).one()
    if document.issued_at is not None:
        raise DocumentError(_l("The document is already issued."))
    if not document.files:
        raise DocumentError(_l("Upload the document's file in at least one language before issuing it."))
    document.issued_at = now or utcnow()
    db.session.flush()
    audit.record(user, "document", "issued", object_id=document.id, meeting_id=document.meeting_id,
                 summary=_summary(document, "issued"), changes={"issued_at": [None, jsonable(document.issued_at)]})
    return circulation.notify_issued(document, now=document.issued_at)


@operation
def new_version(source: Document, kind: DocumentVersion, *, user) -> Document:
    """A revision, addendum or corrigendum of ``source``'s original, numbered after the last one
    of its kind, as a draft with the source's details (its files are uploaded anew)."""
    require_organizer(user)
    if kind is DocumentVersion.ORIGINAL or kind not in symbols.SUFFIXES:
        raise DocumentError(_l("Choose a revision, an addendum or a corrigendum."), "kind")
    original = source.original or source
    # The original's row is locked (PostgreSQL) so two versions made at once take turns for N.
    db.session.execute(select(Document.id).where(Document.id == original.id).with_for_update())
    number = (db.session.scalar(select(func.max(Document.version_number))
                                .where(Document.original_id == original.id, Document.version == kind)) or 0) + 1
    symbol = symbols.version_symbol(original, kind, number)
    if symbols.taken(symbol):
        raise symbols.taken_error()
    document = Document(
        meeting_id=original.meeting_id, original_id=original.id, version=kind, version_number=number, symbol=symbol,
        title_en=source.title_en, title_ru=source.title_ru, category=source.category,
        agenda_item_id=original.agenda_item_id, party_id=source.party_id, distribution=source.distribution,
        original_language=source.original_language)
    db.session.add(document)
    _flush_symbol()
    audit.record(user, "document", "version_created", object_id=document.id, meeting_id=document.meeting_id,
                 summary=_summary(document, f"created as {kind.value} {number} of {original.symbol}"),
                 changes=audit.created({"symbol": symbol, "original": original.symbol}))
    return document


@operation
def delete_document(document: Document, *, user) -> None:
    """Delete a document with its versions (an original's) and their files; a file's bytes leave
    the store once no other document's file holds the same bytes."""
    require_organizer(user)
    chain = [document, *document.versions]
    keys = {f.blob_key for d in chain for f in d.files}
    audit.record(user, "document", "deleted", object_id=document.id, meeting_id=document.meeting_id,
                 summary=_summary(document, "deleted" + (f" with {len(chain) - 1} versions" if len(chain) > 1 else "")),
                 changes={"symbol": [document.symbol, None]})
    db.session.delete(document)
    db.session.flush()
    files.forget_unused(keys)


def get_document(meeting: Meeting, document_id: int) -> Document:
    """A document of ``meeting`` for its organizers (drafts too), or NotFoundError."""
    document = db.session.get(Document, document_id) if 0 < document_id <= MAX_ID else None
    if document is None or document.meeting_id != meeting.id:
        raise NotFoundError()
    return document
