"""The demo's documents: made through the services, with readable PDFs, and made once."""

import io

from pypdf import PdfReader
from sqlalchemy import func, select

from meetings import storage
from meetings.extensions import db
from meetings.models import Document, DocumentFile, OutboxMessage


def test_the_demo_gives_its_meetings_documents_once(runner, app_context):
    assert runner.invoke(args=["demo"]).exit_code == 0
    documents = db.session.scalars(select(Document).order_by(Document.symbol)).all()
    symbols = [d.symbol for d in documents]
    assert "CICA/SOC/2026/AGD.1" in symbols and "CICA/SOC/2026/DEC.1/Rev.1" in symbols
    assert any(d.issued_at is None for d in documents) and any(d.issued_at for d in documents)
    russian = db.session.scalar(select(DocumentFile).where(DocumentFile.language == "ru"))
    text = PdfReader(io.BytesIO(storage.get(russian.blob_key))).pages[0].extract_text()
    assert "Предварительная повестка дня" in text
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.subject.like("%CICA/SOC/2026/AGD.1")))
    files = db.session.scalar(select(func.count(DocumentFile.id)))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(select(func.count(Document.id))) == len(documents)
    assert db.session.scalar(select(func.count(DocumentFile.id))) == files
