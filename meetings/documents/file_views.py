"""A document's files: the organizers' upload form, and the file itself for whoever may see the
document (a 404 to anyone else, as for the document)."""

import io
from urllib.parse import quote

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from meetings.documents import services
from meetings.documents.forms import UploadForm
from meetings.documents.languages import LANGUAGES, NATIVE_NAMES
from meetings.documents.views import BASE, bp, organizer_document
from meetings.domain import DomainError, NotFoundError
from meetings.errors import render_error
from meetings.formtools import attempt

# How long a reader's browser may keep a file without asking again: the file of a language can be
# replaced, and then its ETag (the hash of its bytes) changes.
FILE_MAX_AGE = 300


@bp.route(f"{BASE}/<int:document_id>/upload", methods=["GET", "POST"])
@login_required
def upload_file(meeting_id: int, document_id: int):
    meeting, document = organizer_document(meeting_id, document_id)
    form = UploadForm()
    if request.method == "GET" and request.args.get("language") in LANGUAGES:
        form.language.data = request.args["language"]
    if form.validate_on_submit():
        file, _warnings = attempt(form, lambda: services.upload_file(
            document, form.to_input(services.max_bytes()), user=current_user))
        if file is not None:
            flash(_("The file %(name)s is kept as the document's file in this language: %(language)s.",
                    name=file.filename, language=NATIVE_NAMES[file.language]), "success")
            return redirect(url_for(".document", meeting_id=meeting.id, document_id=document.id))
    return render_template("documents/upload.html", meeting=meeting, document=document, form=form,
                           max_mb=f"{services.max_bytes() / (1024 * 1024):g}")


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """A body past MAX_CONTENT_LENGTH is refused before it is read: on the upload page, said
    beside the file field (nothing of the form could be read, so it comes back empty)."""
    if request.endpoint != "documents.upload_file" or not current_user.is_authenticated:
        return render_error(error)  # the application's own 413 page
    args = request.view_args or {}
    try:
        meeting, document = organizer_document(args.get("meeting_id", 0), args.get("document_id", 0))
    except DomainError:  # not theirs to upload to: told no more than by the 413 page
        return render_error(error)
    form = UploadForm(formdata=None)
    max_mb = f"{services.max_bytes() / (1024 * 1024):g}"
    form.file.errors = [_("The file is larger than %(mb)s MB: upload a smaller file.", mb=max_mb)]
    return render_template("documents/upload.html", meeting=meeting, document=document, form=form,
                           max_mb=max_mb), 413


@bp.get(f"{BASE}/<int:document_id>/files/<lang>")
def file(meeting_id: int, document_id: int, lang: str):
    """The file of one language, after the document's own access check. PDFs and images open in
    the browser, DOCX and XLSX are saved; the type is the one its content was recognised as."""
    page = services.document_page(current_user, meeting_id, document_id)
    stored = next((f for f in page.document.files if f.language == lang), None)
    if stored is None:
        raise NotFoundError()
    response = send_file(io.BytesIO(services.file_bytes(stored)), mimetype=stored.content_type,
                         as_attachment=stored.content_type not in services.INLINE_TYPES,
                         download_name=stored.filename, etag=stored.blob_key, last_modified=stored.uploaded_at,
                         conditional=True, max_age=FILE_MAX_AGE)
    response.cache_control.private = True  # whoever may read it, a shared cache is not the place to decide
    response.cache_control.public = False
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not stored.filename.isascii():
        # For readers that ignore filename* (RFC 5987): the symbol and language rather than what
        # is left of a Cyrillic name once its letters are dropped.
        extension = stored.filename.rpartition(".")[2]
        fallback = secure_filename(f"{page.document.symbol.replace('/', '-')}-{lang}.{extension}")
        disposition = "inline" if stored.content_type in services.INLINE_TYPES else "attachment"
        response.headers.set("Content-Disposition", disposition, filename=fallback,
                             **{"filename*": f"UTF-8''{quote(stored.filename, safe='')}"})
    return response
