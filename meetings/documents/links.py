"""Where a meeting's documents are linked from its agenda: each item's current documents, and the
file a reader gets of each (their language, else the other as a fallback).

Part A's services will hold ``documents_for_items``/``current_version``; until they are merged this
module answers the same question for the agenda, the meeting page and the timetable (one place to
dedupe at the merge).
"""

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from meetings.extensions import db
from meetings.models import Document, DocumentFile, DocumentVersion, Meeting
from meetings.visibility import visible_documents_clause

LANGUAGES = ("en", "ru")


def item_documents(meeting: Meeting, user) -> dict[int, list[Document]]:
    """The documents linked to each agenda item of ``meeting`` that ``user`` may see, each as its
    current version (the newest issued revision, else the original), with their files loaded:
    two queries however many items, documents and files there are.

    Only issued documents: the agenda is printed and handed out, and a draft the Secretariat
    still works on is not the document of an item yet. An item is the original's: a revision
    stands in for it there whatever item (if any) the revision names itself."""
    rows = db.session.scalars(
        select(Document)
        .join(Document.meeting)
        .where(Document.meeting_id == meeting.id, Document.issued_at.is_not(None),
               Document.version.in_((DocumentVersion.ORIGINAL, DocumentVersion.REVISION)),
               visible_documents_clause(user))
        .options(contains_eager(Document.meeting), selectinload(Document.files))
        .order_by(Document.symbol, Document.id)
    ).all()
    newest: dict[int, Document] = {}  # original id -> its newest visible revision
    for row in rows:
        if row.version is DocumentVersion.REVISION:
            held = newest.get(row.original_id)
            if held is None or row.version_number > held.version_number:
                newest[row.original_id] = row
    by_item: dict[int, list[Document]] = {}
    for row in rows:
        if row.version is DocumentVersion.ORIGINAL and row.agenda_item_id is not None:
            by_item.setdefault(row.agenda_item_id, []).append(newest.get(row.id, row))
    return by_item


@dataclass(frozen=True)
class FileLink:
    """The file a reader gets of a document: in their language, else in another (``fallback``)."""

    file: DocumentFile
    fallback: bool

    @property
    def language(self) -> str:
        return self.file.language


def file_for(document: Document, lang: str) -> FileLink | None:
    """The document's file in ``lang``, else in the other working language, else in its original
    language, else any; None when it has no file yet."""
    files = {f.language: f for f in document.files}
    other = next((code for code in LANGUAGES if code != lang), "en")
    for code in (lang, other, document.original_language):
        if code in files:
            return FileLink(files[code], code != lang)
    first = next(iter(document.files), None)
    return FileLink(first, True) if first is not None else None


# The document's own pages are part A's (documents.document, documents.file). Their paths are the
# brief's contract, built from the meeting's page so the links work before and after the merge.
def document_url(document: Document, *, external: bool = False) -> str:
    base = url_for("calendar.meeting", meeting_id=document.meeting_id, _external=external)
    return f"{base}/documents/{document.id}"


def file_url(document: Document, file: DocumentFile, *, external: bool = False) -> str:
    return f"{document_url(document, external=external)}/files/{file.language}"
