"""Where a meeting's documents are linked from its agenda: each item's current documents, and the
file a reader gets of each (their language, else the other as a fallback).

Which documents stand for an item is reading.documents_for_items (the documents pages' rule too);
the agenda shows the issued ones.
"""

from dataclasses import dataclass

from flask import url_for

from meetings.documents.reading import documents_for_items
from meetings.models import Document, DocumentFile, Meeting

LANGUAGES = ("en", "ru")


def item_documents(meeting: Meeting, user) -> dict[int, list[Document]]:
    """The documents linked to each agenda item of ``meeting`` that ``user`` may see, each as its
    current version (reading.current_version), with their files loaded: two queries however many
    items, documents and files there are.

    Only issued documents: the agenda is printed and handed out, and a draft the Secretariat
    still works on is not the document of an item yet. An item is the original's: a revision
    stands in for it there whatever item (if any) the revision names itself."""
    by_item = documents_for_items(meeting, user)
    issued = {item: [d for d in documents if d.issued_at is not None] for item, documents in by_item.items()}
    return {item: documents for item, documents in issued.items() if documents}


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


def document_url(document: Document, *, external: bool = False) -> str:
    return url_for("documents.document", meeting_id=document.meeting_id, document_id=document.id, _external=external)


def file_url(document: Document, file: DocumentFile, *, external: bool = False) -> str:
    return url_for("documents.file", meeting_id=document.meeting_id, document_id=document.id, lang=file.language,
                   _external=external)
