"""Reading the archive: a meeting's documents as its reader may see them, one document with its
chain of versions, the current version of a chain, and the documents of each agenda item. Every
query goes through the one rule (meetings/visibility.visible_documents_clause) and loads what the
page shows in a fixed number of queries, however many documents there are.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload, selectinload

from meetings.domain import NotFoundError
from meetings.extensions import db
from meetings.models import Document, DocumentCategory, DocumentVersion, Meeting, Visibility
from meetings.models.base import MAX_ID
from meetings.security import mark_private
from meetings.visibility import get_visible_meeting, visible_documents_clause

CATEGORY_ORDER = {category: n for n, category in enumerate(DocumentCategory)}


def _visible(user):
    return (select(Document).join(Meeting, Meeting.id == Document.meeting_id).where(visible_documents_clause(user))
            .options(selectinload(Document.files), joinedload(Document.party)))


def _order(document: Document) -> tuple:
    return CATEGORY_ORDER[document.category], document.symbol


def _current_in(chain: list[Document]) -> Document | None:
    """Of a chain's documents (one original and its versions, those the reader sees): the newest
    issued revision, else the original; None when the reader sees neither."""
    revisions = [d for d in chain if d.version is DocumentVersion.REVISION and d.issued_at is not None]
    if revisions:
        return max(revisions, key=lambda d: d.version_number)
    return next((d for d in chain if d.version is DocumentVersion.ORIGINAL), None)


def _superseded(document: Document, current: Document | None) -> bool:
    """Whether a newer issued revision replaces ``document`` (addenda and corrigenda stand beside it)."""
    if current is None or current is document or current.version is not DocumentVersion.REVISION:
        return False
    if document.version is DocumentVersion.ORIGINAL:
        return True
    return document.version is DocumentVersion.REVISION and document.version_number < current.version_number


def current_version(document: Document) -> Document:
    """The version of ``document``'s chain that stands now: its newest issued revision, else its
    original (addenda and corrigenda add to a text; they do not replace it)."""
    original = document.original or document
    return _current_in([original, *original.versions]) or original


@dataclass
class Row:
    document: Document
    superseded: bool  # a newer revision of its chain is issued


def _private(user, documents) -> None:
    if any(d.distribution is not Visibility.PUBLIC or d.issued_at is None for d in documents):
        mark_private()


def meeting_documents(meeting: Meeting, user) -> dict[DocumentCategory, list[Row]]:
    """The documents of ``meeting`` the user may see (the Secretariat: drafts too), by category in
    the categories' order, by symbol inside each; two queries (documents and parties, files)."""
    documents = db.session.scalars(_visible(user).where(Document.meeting_id == meeting.id)).unique().all()
    _private(user, documents)
    chains: dict[int, list[Document]] = defaultdict(list)
    for document in documents:
        chains[document.original_id or document.id].append(document)
    current = {key: _current_in(chain) for key, chain in chains.items()}
    grouped: dict[DocumentCategory, list[Row]] = {}
    for document in sorted(documents, key=_order):
        superseded = _superseded(document, current[document.original_id or document.id])
        grouped.setdefault(document.category, []).append(Row(document, superseded))
    return grouped


@dataclass
class DocumentPage:
    meeting: Meeting
    document: Document
    chain: list[Row]  # the original and its versions the user sees, in order
    current: Document | None


def document_page(user, meeting_id: int, document_id: int) -> DocumentPage:
    """One document of a meeting, as the user may see it (otherwise NotFoundError: a 404, never a
    403 that says it exists), with its chain of versions; a fixed number of queries."""
    meeting = get_visible_meeting(user, meeting_id)
    document = None
    if 0 < document_id <= MAX_ID:
        document = db.session.scalars(_visible(user).where(Document.id == document_id, Document.meeting_id == meeting.id)
                                      .options(joinedload(Document.agenda_item))).unique().one_or_none()
    if document is None:
        raise NotFoundError()
    original_id = document.original_id or document.id
    chain = db.session.scalars(_visible(user).where(
        (Document.id == original_id) | (Document.original_id == original_id))).unique().all()
    _private(user, chain)
    order = {kind: n for n, kind in enumerate(DocumentVersion)}
    chain = sorted(chain, key=lambda d: (order[d.version], d.version_number))
    current = _current_in(chain)
    rows = [Row(d, _superseded(d, current)) for d in chain]
    return DocumentPage(meeting, document, rows, current)


def documents_for_items(meeting: Meeting, user) -> dict[int, list[Document]]:
    """Agenda item id -> the current versions (meetings/documents/reading.current_version) of the
    documents linked to it that ``user`` may see, files loaded, by category and symbol; two
    queries however many items and documents. A chain belongs to the item of its original."""
    original = aliased(Document)
    item_id = db.func.coalesce(original.agenda_item_id, Document.agenda_item_id)
    rows = db.session.execute(
        _visible(user).add_columns(item_id)
        .outerjoin(original, original.id == Document.original_id)
        .where(Document.meeting_id == meeting.id, item_id.is_not(None),
               Document.version.in_((DocumentVersion.ORIGINAL, DocumentVersion.REVISION)))).unique().all()
    chains: dict[tuple[int, int], list[Document]] = defaultdict(list)
    for document, item in rows:
        chains[item, document.original_id or document.id].append(document)
    found: dict[int, list[Document]] = defaultdict(list)
    for (item, _key), chain in chains.items():
        current = _current_in(chain)
        if current is not None:
            found[item].append(current)
    return {item: sorted(documents, key=_order) for item, documents in found.items()}
