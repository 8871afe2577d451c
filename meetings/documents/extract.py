"""The searchable text of a document's file, extracted off the request path.

An upload queues ``documents.extract_text`` with the file's id (``queue_extraction``); the job
reads the stored bytes and keeps their text on the file's row (``text``, ``text_state``) for the
archive search. PDF through pypdf, DOCX from its word/document.xml (the standard library reads
it: no dependency for one XML part); spreadsheets and images have no text to search (NONE). A
file that cannot be read (corrupt, encrypted, not what it says) is FAILED and logged, never an
error of the job: a retry would read the same bytes. A store that does not answer is an error,
so the job is tried again.
"""

import io
import re
import warnings
import zipfile
from xml.etree import ElementTree

from flask import current_app
from pypdf import PdfReader
from sqlalchemy import select

from meetings import jobs, storage
from meetings.extensions import db
from meetings.models import DocumentFile, TextExtraction
from meetings.transaction import operation

TASK = "documents.extract_text"
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What PostgreSQL's text cannot hold (NUL) and other control characters a PDF's text may carry.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class UnreadableFileError(Exception):
    """The bytes are not a file of the kind they claim to be, or not one we can read."""


def _clean(text: str, limit: int) -> str:
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BLANK_LINES.sub("\n\n", _SPACES.sub(" ", text))
    return text.strip()[:limit]


def _pdf_text(data: bytes, limit: int) -> str:
    with warnings.catch_warnings():  # pypdf warns of damage it works around: the text is still good
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # only a PDF with an empty user password
            raise UnreadableFileError("encrypted PDF")
        parts, length = [], 0
        for page in reader.pages:  # page by page, to stop once enough text is kept
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= limit:
                break
    return "\n".join(parts)


def _docx_text(data: bytes, limit: int) -> str:
    """The paragraphs of the document's body (tables included), streamed: a decompression bomb
    is read only as far as the limit."""
    parts, length = [], 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as xml:
        paragraph: list[str] = []
        for _event, element in ElementTree.iterparse(xml, events=("end",)):
            tag = element.tag
            if tag == f"{_WORD}t":
                paragraph.append(element.text or "")
            elif tag == f"{_WORD}tab":
                paragraph.append("\t")
            elif tag in (f"{_WORD}br", f"{_WORD}cr"):
                paragraph.append("\n")
            elif tag == f"{_WORD}p":
                text = "".join(paragraph)
                parts.append(text)
                length += len(text) + 1
                paragraph = []
                element.clear()  # what is read is forgotten: memory stays flat on a long document
                if length >= limit:
                    break
    return "\n".join(parts)


def _kind(data: bytes) -> str:
    """What the bytes are, by content (as the upload checked them), never by a name."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else "other"
        except zipfile.BadZipFile:
            return "other"
    return "other"


def extract_text(data: bytes, limit: int) -> tuple[TextExtraction, str]:
    """The text of a PDF or DOCX file (at most ``limit`` characters, whitespace tidied) and
    DONE; NONE for another kind of file; UnreadableFileError for a file that cannot be read."""
    kind = _kind(data)
    if kind == "other":
        return TextExtraction.NONE, ""
    try:
        text = _pdf_text(data, limit) if kind == "pdf" else _docx_text(data, limit)
    except Exception as failure:  # noqa: BLE001 - a damaged file may fail anywhere in a parser
        raise UnreadableFileError(f"{type(failure).__name__}: {failure}") from failure
    return TextExtraction.DONE, _clean(text, limit)


@operation
def record_text(file_id: int, state: TextExtraction, text: str) -> None:
    """Keep the file's text. Set on the loaded row (not a bulk UPDATE) so that the change counter
    sees which columns changed: the text reaches no feed (meetings/changes.py)."""
    file = db.session.get(DocumentFile, file_id)
    if file is None:  # deleted since the upload
        return
    file.text, file.text_state = text, state


@jobs.task(TASK)
def extract_file_text(file_id: int) -> None:
    file = db.session.get(DocumentFile, file_id)
    if file is None:
        return
    data = storage.get(file.blob_key)  # a store away raises: the job is tried again
    if data is None:
        current_app.logger.warning("Text of document file %s: its stored bytes %s are missing", file_id, file.blob_key)
        record_text(file_id, TextExtraction.FAILED, "")
        return
    try:
        state, text = extract_text(data, current_app.config["DOCUMENT_TEXT_MAX_CHARS"])
    except UnreadableFileError as failure:
        current_app.logger.warning("Text of document file %s could not be read: %s", file_id, failure)
        state, text = TextExtraction.FAILED, ""
    record_text(file_id, state, text)


def queue_extraction(file_id: int) -> str:
    """Extract the file's text off the request path (after the response, or by the worker); the
    job's id. A job for the same file still waiting is not queued twice."""
    return jobs.enqueue(TASK, file_id, job_id=f"documents-extract-text-{file_id}")


def queue_files(*, again: bool = False) -> int:
    """Queue the extraction of every file whose text is still pending (its job was lost: queued
    while Redis was away, or before this job existed); with ``again``, of every file (after a
    change of DOCUMENT_TEXT_MAX_CHARS, say). How many were queued."""
    query = select(DocumentFile.id).order_by(DocumentFile.id)
    if not again:
        query = query.where(DocumentFile.text_state == TextExtraction.PENDING)
    file_ids = list(db.session.scalars(query))
    for file_id in file_ids:
        queue_extraction(file_id)
    return len(file_ids)
