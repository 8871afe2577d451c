"""A document's files, one per language: stored by their content (meetings/storage.py), replaced
by a new upload in the same language, removed with their document.

The bytes of a file live in the store under their hash, so two documents with the same file share
one blob: a blob is deleted only when no DocumentFile row names it any more, and only once the
transaction that dropped the last row has committed (a rollback keeps the file its rows need).
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from meetings import audit, storage
from meetings.documents import extract
from meetings.documents.languages import LANGUAGES
from meetings.documents.uploads import UploadError, check_upload
from meetings.domain import NotAllowedError, NotFoundError
from meetings.extensions import db
from meetings.models import Document, DocumentFile, TextExtraction, utcnow
from meetings.transaction import operation

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_UNUSED = "documents.unused_blobs"
_TO_EXTRACT = "documents.files_to_extract"


@dataclass(frozen=True)
class UploadInput:
    language: str
    filename: str
    data: bytes


def max_bytes() -> int:
    return int(current_app.config.get("DOCUMENT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def forget_unused(keys) -> None:
    """Delete the blobs of ``keys`` that no file row names any more, once the transaction commits."""
    keys = set(keys)
    if not keys:
        return
    db.session.flush()
    used = set(db.session.scalars(select(DocumentFile.blob_key).where(DocumentFile.blob_key.in_(keys))))
    db.session.info.setdefault(_UNUSED, set()).update(keys - used)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for key in session.info.pop(_UNUSED, set()):
        storage.delete(key)
    for file_id in session.info.pop(_TO_EXTRACT, []):
        _queue_extraction(file_id)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_UNUSED, None)
    session.info.pop(_TO_EXTRACT, None)


def _queue_extraction(file_id: int) -> None:
    """The archive search reads the file's text in a job (after the response, or by the worker)."""
    extract.queue_extraction(file_id)


@operation
def upload_file(document: Document, value: UploadInput, *, user) -> DocumentFile:
    """Keep ``value`` as the document's file in its language (replacing the one there was), or
    UploadError saying what is wrong with it: then nothing is stored, neither bytes nor row."""
    if not user.is_organizer:
        raise NotAllowedError()
    if value.language not in LANGUAGES:
        raise UploadError(_l("Choose one of the listed languages."), "language")
    checked = check_upload(value.data, value.filename, max_bytes())
    existed = storage.exists(storage.key_of(checked.data))
    key = storage.put(checked.data)
    try:
        old = next((f for f in document.files if f.language == value.language), None)
        old_key = old.blob_key if old is not None else None
        values = {"filename": checked.filename, "content_type": checked.content_type, "size": len(checked.data),
                  "blob_key": key}
        if old is None:
            file = DocumentFile(document=document, language=value.language, **values)
            db.session.add(file)
            verb, changes = "file_uploaded", audit.created({"language": value.language, **values})
        else:
            file = old
            changes = audit.diff(file, values)
            for name, new in values.items():
                setattr(file, name, new)
            file.text, file.text_state, file.uploaded_at = "", TextExtraction.PENDING, utcnow()
            verb = "file_replaced"
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # another upload in the same language at the same moment
        if not existed:
            storage.delete(key)
        raise UploadError(_l("Another file in this language was uploaded at the same moment: please try again."),
                          "file") from error
    except BaseException:
        if not existed:
            storage.delete(key)
        raise
    if old_key is not None and old_key != key:
        forget_unused({old_key})
    audit.record(user, "document", verb, object_id=document.id, meeting_id=document.meeting_id,
                 summary=f"Document {document.symbol}: {value.language} file {checked.filename}", changes=changes)
    db.session.info.setdefault(_TO_EXTRACT, []).append(file.id)
    return file


def file_bytes(file: DocumentFile) -> bytes:
    """The stored bytes of ``file``; NotFoundError when the store has lost them."""
    data = storage.get(file.blob_key)
    if data is None:
        current_app.logger.error("the bytes of document file %s (%s) are missing from the store", file.id, file.blob_key)
        raise NotFoundError()
    return data
