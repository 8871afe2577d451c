"""Uploads through the organizers' form: what the archive takes (by content, whatever the name),
what it refuses (disguised types, programs, oversize, path tricks, empty files) with a message
beside the field and nothing stored, neither bytes nor row."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from meetings.documents.uploads import UploadError, check_upload
from meetings.extensions import db
from meetings.models import DocumentFile, UserRole
from tests.conftest import Auth
from tests.documents.samples import EXE, docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, xlsx_bytes


def stored(app) -> list[Path]:
    return [p for p in (Path(app.config["FILES_DIR"]) / "blobs").rglob("*") if p.is_file()]


@pytest.fixture
def draft(auth, build):
    auth.login(UserRole.ORGANIZER)
    meeting = build.meeting()
    return build.document(meeting)


def upload(client, document, data: bytes, name: str, language: str = "en", **kwargs):
    return client.post(f"/meetings/{document.meeting_id}/documents/{document.id}/upload",
                       data={"language": language, "file": (io.BytesIO(data), name, "application/pdf")},
                       content_type="multipart/form-data", **kwargs)


@pytest.mark.parametrize(("data", "name", "content_type", "kept_as"), [
    (pdf_bytes(), "decision.pdf", "application/pdf", "decision.pdf"),
    (docx_bytes(), "concept paper.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "concept paper.docx"),
    (xlsx_bytes(), "list.XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "list.XLSX"),
    (png_bytes(), "map.png", "image/png", "map.png"),
    (jpeg_bytes(), "photo.jpeg", "image/jpeg", "photo.jpeg"),
    (pdf_bytes(), "Проект решения.pdf", "application/pdf", "Проект решения.pdf"),  # Cyrillic stays readable
    (pdf_bytes(), "без расширения", "application/pdf", "без расширения.pdf"),  # the name gets the type's ending
    (pdf_bytes(), "a<b>:c|?*.pdf", "application/pdf", "a_b_c_.pdf"),
])
def test_every_kind_the_archive_takes_is_recognised_by_its_content(app, client, draft, data, name, content_type,
                                                                   kept_as):
    response = upload(client, draft, data, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    file = db.session.scalar(select(DocumentFile))
    assert (file.content_type, file.filename, file.size) == (content_type, kept_as, len(data))
    assert len(stored(app)) == 1


@pytest.mark.parametrize(("data", "name", "message"), [
    (pdf_bytes(), "decision.docx", "The file&#39;s name ends in .docx but the file is a PDF: rename it to end in .pdf"),
    (docx_bytes(), "paper.pdf", "The file&#39;s name ends in .pdf but the file is a Word (DOCX)"),
    (EXE, "decision.pdf", "Upload a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG file; this file is none of them"),
    (b"%PDF-1.7\nnot really a PDF", "decision.pdf", "this file is none of them (or it is damaged)"),
    (b"PK\x03\x04 a zip that is not", "x.docx", "this file is none of them"),
    (b"<html><script>alert(1)</script></html>", "page.png", "this file is none of them"),
    (pdf_bytes(), "../../etc/passwd.pdf", "must not contain folder names"),
    (b"", "empty.pdf", "The file is empty"),
])
def test_refusals_say_why_beside_the_field_and_store_nothing(app, client, draft, data, name, message):
    response = upload(client, draft, data, name, language="ru")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert message in text, text[text.find("errors"):][:500]
    assert 'id="file-errors"' in text and '<option lang="ru" selected value="ru">' in text  # the language kept
    assert db.session.scalar(select(func.count(DocumentFile.id))) == 0
    assert stored(app) == []


def test_a_file_over_the_limit_is_refused_with_the_limit(app, client, draft):
    app.config["DOCUMENT_MAX_BYTES"] = 512 * 1024
    with upload(client, draft, pdf_bytes() + b"%" + b" " * 512 * 1024, "big.pdf", follow_redirects=True) as response:
        assert response.status_code == 200
        assert "The file is larger than 0.5 MB" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(DocumentFile.id))) == 0 and stored(app) == []


def test_a_request_too_large_to_read_is_a_form_error_too(app, client, draft):
    """Past MAX_CONTENT_LENGTH nothing of the request is read: still the upload page, with the message."""
    app.config["MAX_CONTENT_LENGTH"] = 4096
    # Werkzeug's client closes the temporary file of a large body with the response only when
    # following redirects.
    with upload(client, draft, b"%PDF-" + b"x" * 10_000, "huge.pdf", follow_redirects=True) as response:
        assert response.status_code == 413
        text = response.get_data(as_text=True)
    assert "The file is larger than 20 MB: upload a smaller file." in text and 'id="file-errors"' in text
    assert stored(app) == []


def test_a_request_too_large_from_someone_else_is_the_plain_413_page(app, build, draft):
    """With CSRF on (as in production), the check reads the form before any view: past
    MAX_CONTENT_LENGTH that is a 413, and only an organizer gets it on the upload form."""
    anonymous, focal = app.test_client(), app.test_client()
    Auth(focal, build).login(UserRole.FOCAL_POINT)
    app.config["MAX_CONTENT_LENGTH"] = 4096
    app.config["WTF_CSRF_ENABLED"] = True
    for other in (anonymous, focal):
        with upload(other, draft, b"%PDF-" + b"x" * 10_000, "huge.pdf", follow_redirects=True) as response:
            assert response.status_code == 413
            assert 'id="file-errors"' not in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_name_with_a_windows_path_is_refused_too():
    with pytest.raises(UploadError, match="must not contain folder names"):
        check_upload(pdf_bytes(), "..\\..\\windows\\system.pdf", 1024 * 1024)


def test_the_upload_form_needs_its_csrf_token(app, client, draft):
    app.config["WTF_CSRF_ENABLED"] = True
    response = upload(client, draft, pdf_bytes(), "decision.pdf")
    assert response.status_code == 400
    assert stored(app) == []
