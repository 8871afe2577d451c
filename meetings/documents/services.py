"""The documents archive's rules, split by the rule they hold and gathered here for the pages,
the demo and the other areas (the agenda links call ``current_version`` and ``documents_for_items``):

- workflow.py: create, edit, issue, version, delete (organizers), with symbols.py's scheme;
- files.py: the files per language, stored by content (uploads.py decides what a file is);
- circulation.py: the e-mails of an issue; reading.py: what a reader sees, in few queries.
"""

from meetings.documents.files import UploadInput, file_bytes, max_bytes, upload_file
from meetings.documents.reading import (
    DocumentPage,
    Row,
    current_version,
    document_page,
    documents_for_items,
    meeting_documents,
)
from meetings.documents.symbols import propose as propose_symbol
from meetings.documents.uploads import INLINE_TYPES, UploadError
from meetings.documents.workflow import (
    DocumentError,
    DocumentInput,
    create_document,
    delete_document,
    get_document,
    issue_document,
    new_version,
    require_organizer,
    update_document,
)

__all__ = [
    "INLINE_TYPES", "DocumentError", "DocumentInput", "DocumentPage", "Row", "UploadError", "UploadInput",
    "create_document", "current_version", "delete_document", "document_page", "documents_for_items", "file_bytes",
    "get_document", "issue_document", "max_bytes", "meeting_documents", "new_version", "propose_symbol",
    "require_organizer", "update_document", "upload_file",
]
