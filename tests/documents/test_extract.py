"""Text extraction for the archive search (meetings/documents/extract.py): PDF and DOCX read,
other kinds NONE, damaged files FAILED without failing the job, the text capped and clean, and
the job's write invisible to the feeds' change counter."""

import io
import logging
import zipfile

import pytest
from openpyxl import Workbook

from meetings import changes, jobs, storage
from meetings.documents import extract
from meetings.extensions import db
from meetings.models import DocumentFile, TextExtraction
from tests.documents.conftest_search import add_document, add_file, docx_bytes, pdf_bytes
from tests.images import image_bytes


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Делегация"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_pdf_gives_its_text_in_any_script():
    state, text = extract.extract_text(pdf_bytes("Проект декларации СВМДА", "Draft declaration of CICA"), 10_000)
    assert state is TextExtraction.DONE
    assert "Проект декларации СВМДА" in text and "Draft declaration of CICA" in text


def test_a_docx_gives_its_paragraphs():
    data = docx_bytes("Концептуальная записка", "Concept paper", "третий \t  абзац")
    state, text = extract.extract_text(data, 10_000)
    assert (state, text) == (TextExtraction.DONE, "Концептуальная записка\nConcept paper\nтретий абзац")


def test_spreadsheets_images_and_other_zips_have_no_text():
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    for data in (xlsx_bytes(), image_bytes(fmt="PNG"), image_bytes(), other_zip.getvalue()):
        assert extract.extract_text(data, 10_000) == (TextExtraction.NONE, "")


def test_a_zip_signature_with_no_zip_behind_it_has_no_text():
    assert extract.extract_text(b"PK\x03\x04" + b"\x00" * 40, 10_000) == (TextExtraction.NONE, "")


def test_a_damaged_pdf_and_docx_are_unreadable():
    with pytest.raises(extract.UnreadableFileError):
        extract.extract_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog broken", 10_000)
    with pytest.raises(extract.UnreadableFileError):
        extract.extract_text(docx_bytes(document_xml="<w:document xmlns:w='urn:x'><w:p>unclosed"), 10_000)


def test_the_text_is_capped():
    paragraphs = [f"Пункт {n}: " + "слово " * 20 for n in range(2_000)]  # about 290,000 characters
    state, text = extract.extract_text(docx_bytes(*paragraphs), 5_000)
    assert state is TextExtraction.DONE and len(text) == 5_000 and text.startswith("Пункт 0: слово")


def test_the_job_keeps_the_text_of_each_kind_of_file(app_context, build):
    document = add_document(build.meeting())
    pdf = add_file(document, "ru", pdf_bytes("Проект решения о сотрудничестве"))
    sheet = add_file(document, "fr", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    job_ids = [extract.queue_extraction(pdf.id), extract.queue_extraction(sheet.id)]  # no request: run at once

    assert [jobs.status(job_id).state for job_id in job_ids] == [jobs.FINISHED, jobs.FINISHED]
    db.session.expire_all()
    assert db.session.get(DocumentFile, pdf.id).text_state is TextExtraction.DONE
    assert "Проект решения о сотрудничестве" in db.session.get(DocumentFile, pdf.id).text
    assert (db.session.get(DocumentFile, sheet.id).text_state, db.session.get(DocumentFile, sheet.id).text) == (
        TextExtraction.NONE, "")


def test_a_damaged_or_lost_file_is_failed_and_logged_and_the_job_ends_well(app_context, build, caplog):
    document = add_document(build.meeting())
    damaged = add_file(document, "ru", b"%PDF-1.7\n%\xe2\xe3 nothing of a PDF after this")
    lost = add_file(document, "fr", docx_bytes("Потерянный файл"))
    storage.delete(lost.blob_key)

    with caplog.at_level(logging.WARNING):
        job_ids = [extract.queue_extraction(damaged.id), extract.queue_extraction(lost.id)]

    assert [jobs.status(job_id).state for job_id in job_ids] == [jobs.FINISHED, jobs.FINISHED]
    db.session.expire_all()
    assert [db.session.get(DocumentFile, f.id).text_state for f in (damaged, lost)] == [TextExtraction.FAILED] * 2
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(f"document file {damaged.id} could not be read" in m for m in logged)
    assert any(f"document file {lost.id}: its stored bytes" in m for m in logged)


def test_a_file_deleted_before_its_job_is_no_error(app_context, build):
    document = add_document(build.meeting())
    file = add_file(document, "ru", docx_bytes("Удалён"))
    file_id = file.id
    db.session.delete(file)
    db.session.commit()
    assert jobs.status(extract.queue_extraction(file_id)).state == jobs.FINISHED


def test_the_extracted_text_moves_no_feed_but_other_changes_of_a_file_do(app_context, build):
    document = add_document(build.meeting())
    file = add_file(document, "ru", docx_bytes("Текст для поиска"))
    db.session.commit()
    before = changes.current(db.session).version

    extract.queue_extraction(file.id)

    db.session.expire_all()
    assert db.session.get(DocumentFile, file.id).text == "Текст для поиска"
    assert changes.current(db.session).version == before
    db.session.get(DocumentFile, file.id).filename = "renamed.docx"
    db.session.commit()
    assert changes.current(db.session).version == before + 1


def test_an_upload_through_the_task_name_runs_this_job(app_context, build):
    """Part A queues the job by its name after an upload: that name is this task."""
    document = add_document(build.meeting())
    file = add_file(document, "zh", docx_bytes("Queued by name"))
    jobs.enqueue("documents.extract_text", file.id)
    db.session.expire_all()
    assert db.session.get(DocumentFile, file.id).text == "Queued by name"


def test_the_command_queues_the_files_whose_text_is_pending_or_all_again(app_context, build, runner):
    document = add_document(build.meeting(), texts={"en": "Old text"})
    pending = add_file(document, "ru", docx_bytes("Текст, ожидавший извлечения"))

    result = runner.invoke(args=["documents", "extract-texts"])

    assert result.exit_code == 0 and "Files queued for text extraction: 1." in result.output
    assert db.session.get(DocumentFile, pending.id).text == "Текст, ожидавший извлечения"
    result = runner.invoke(args=["documents", "extract-texts", "--again"])
    assert "Files queued for text extraction: 2." in result.output
    assert db.session.get(DocumentFile, document.files[0].id).text_state is TextExtraction.FAILED  # not a real PDF
