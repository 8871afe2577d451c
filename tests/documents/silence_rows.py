"""Documents for the silence procedure's and the agenda links' tests, written as rows.

Part A's ``build.document(...)`` (through the documents services) replaces this at the merge;
until then the rows are what those services would make: a symbol, titles, a distribution, files.
"""

from datetime import datetime
from itertools import count

from meetings.documents import silence
from meetings.extensions import db
from meetings.models import AgendaItem, Document, DocumentCategory, DocumentFile, DocumentVersion, Meeting, Visibility
from meetings.models.base import utcnow

_numbers = count(1)


def document(meeting: Meeting, symbol: str | None = None, *, item: AgendaItem | None = None,
             distribution: Visibility = Visibility.PUBLIC, issued: bool = True, files: tuple[str, ...] = ("en", "ru"),
             original: Document | None = None, version: DocumentVersion = DocumentVersion.ORIGINAL,
             title_en: str = "Draft decision on confidence building measures",
             title_ru: str = "Проект решения о мерах доверия") -> Document:
    n = next(_numbers)
    number = 0 if original is None else 1 + sum(1 for v in original.versions if v.version is version)
    suffix = {DocumentVersion.REVISION: "Rev", DocumentVersion.ADDENDUM: "Add", DocumentVersion.CORRIGENDUM: "Corr"}
    if symbol is None:
        symbol = f"{original.symbol}/{suffix[version]}.{number}" if original is not None else f"CICA/SOC/2030/DEC.{n}"
    doc = Document(
        meeting_id=meeting.id, agenda_item_id=item.id if item is not None else None, symbol=symbol,
        original_id=original.id if original is not None else None, version=version, version_number=number,
        title_en=title_en, title_ru=title_ru, category=DocumentCategory.DECISION, distribution=distribution,
        issued_at=utcnow() if issued else None,
    )
    for lang in files:
        doc.files.append(DocumentFile(language=lang, filename=f"decision-{n}-{lang}.pdf",
                                      content_type="application/pdf", size=1000, blob_key=f"{n:064d}"))
    db.session.add(doc)
    db.session.commit()
    return doc


def under_silence(doc: Document, local_until: datetime, user, now: datetime | None = None) -> Document:
    """Put ``doc`` under silence until ``local_until``, a wall-clock time of its meeting's zone."""
    return silence.put_under_silence(doc, silence.SilenceInput(local_until), user=user, now=now)
