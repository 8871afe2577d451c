"""Documents and files for the archive search's tests, written as rows (part A's
``build.document`` goes through the services; these tests need states and texts set directly:
an extracted text, a draft, a distribution) and files of each kind made on the spot."""

import io
import zipfile
from datetime import UTC, datetime
from itertools import count
from xml.sax.saxutils import escape

from meetings import storage
from meetings.extensions import db
from meetings.models import Document, DocumentCategory, DocumentFile, Meeting, TextExtraction, Visibility

_N = count(1)
ISSUED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def add_document(meeting: Meeting, *, symbol: str | None = None, title_en: str = "Draft decision",
                 title_ru: str = "Проект решения", category: DocumentCategory = DocumentCategory.DECISION,
                 distribution: Visibility = Visibility.PUBLIC, issued: bool = True, party_id: int | None = None,
                 texts: dict[str, str] | None = None) -> Document:
    """A document of ``meeting`` with a file per language of ``texts`` (its extracted text)."""
    n = next(_N)
    document = Document(meeting=meeting, symbol=symbol or f"CICA/SOC/2026/DEC.{n}", title_en=title_en,
                        title_ru=title_ru, category=category, distribution=distribution, party_id=party_id,
                        issued_at=ISSUED if issued else None)
    for language, text in (texts or {"en": ""}).items():
        data = f"%PDF-1.4 file {n} {language}".encode()
        document.files.append(DocumentFile(language=language, filename=f"{language}.pdf", content_type="application/pdf",
                                           size=len(data), blob_key=storage.put(data), text=text,
                                           text_state=TextExtraction.DONE if text else TextExtraction.PENDING))
    db.session.add(document)
    db.session.commit()
    return document


def add_file(document: Document, language: str, data: bytes, content_type: str = "application/pdf") -> DocumentFile:
    """A stored file whose text is still to be extracted."""
    file = DocumentFile(document=document, language=language, filename=f"{language}.bin", content_type=content_type,
                        size=len(data), blob_key=storage.put(data))
    db.session.add(file)
    db.session.commit()
    return file


def pdf_bytes(*paragraphs: str) -> bytes:
    """A real PDF (WeasyPrint, fonts embedded with their Unicode maps) of ``paragraphs``, any script."""
    import weasyprint  # as the app does: a second to import, only for the tests that make PDFs

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def docx_bytes(*paragraphs: str, document_xml: str | None = None) -> bytes:
    """A Word document with ``paragraphs`` (or the raw ``document_xml``)."""
    if document_xml is None:
        runs = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
        document_xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                        f'wordprocessingml/2006/main"><w:body>{runs}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
                                                'org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()
