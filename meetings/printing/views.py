"""Print versions (HTML) and PDFs of the agenda, the list of participants and the badges.

The language of a document is the request's (``?lang=en|ru``; anything else falls back as the
locale selector decides). Each PDF is WeasyPrint's rendering of the print HTML of the same URL.

The HTML is made in the request (it is cheap, and making it is the access check); a large PDF is
then rendered by a job and kept per fingerprint (printing/storage.py): its URL answers the stored
file at once when there is one, else redirects to a page that shows the job's progress and links
to the file when it is ready. Every answer about a stored file (progress, download, retry) checks
again that the user may have the document of that meeting, whatever fingerprint they know.
"""

from functools import wraps

from flask import Blueprint, Response, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import NotFound

from meetings import jobs, names
from meetings.i18n import current_language, format_day, format_full_date
from meetings.models.base import MAX_ID
from meetings.printing import services, storage
from meetings.printing.pdf import pdf_response
from meetings.query import int_list_arg
from meetings.security import secretariat_required
from meetings.visibility import get_visible_meeting

bp = Blueprint("printing", __name__)


@bp.context_processor
def print_helpers():
    return {
        "printed_name": names.printed_name,
        "badge_name_size": services.badge_name_size,
        "honorific": names.honorific,
        "full_name": names.full_name,
        "qr_data_uri": services.qr_data_uri,
        "format_full_date": format_full_date,
        "format_day_heading": format_day,
        "utc_offset": services.utc_offset,
        "isolated": services.isolated,
    }


def _context(meeting, document: str) -> dict:
    return {
        "meeting": meeting,
        "lang": current_language(),
        "mark": services.document_mark(meeting),
        "issued": services.issue_date(meeting),
        "document": document,
    }


# The documents a stored PDF can be, and whether only the Secretariat may have it (personal data).
DOCUMENTS = {"agenda": False, "participants": True, "badges": True, "seating": True, "name_plates": True}


def document_pdf(html: str, name: str, meeting_id: int, document: str) -> Response:
    """The PDF of ``html``: its stored file, rendered here when small, else by a job (a redirect
    to its progress page). Its ETag is the fingerprint, so an unchanged document is a 304."""
    fp = storage.fingerprint(document, html)
    filename = f"{name}-{current_language()}.pdf"
    if fp in request.if_none_match:
        return Response(status=304, headers={"ETag": f'"{fp}"'})
    if storage.pdf_path(fp) is not None:
        return _send_stored(fp, filename)
    # A small document takes WeasyPrint a second at most: not worth a job, a file and a second request.
    if storage.small_enough_to_render_now(html):
        response = pdf_response(html, filename)
        response.set_etag(fp)
        return response
    storage.request_pdf(fp, html, storage.StoredDocument(meeting_id, document, filename, request.full_path))
    return redirect(url_for("printing.document_progress", meeting_id=meeting_id, document=document,
                            fingerprint=fp), 303)


def _send_stored(fp: str, filename: str) -> Response:
    return send_file(storage.pdf_path(fp), mimetype="application/pdf", download_name=filename, etag=fp,
                     conditional=True, max_age=0)


def _stored_document(meeting_id: int, document: str, fingerprint: str):
    """The meeting and the stored document, once the user may have that document of that meeting
    (the rules of its own URL: the meeting's visibility, the Secretariat for personal data: see
    _stored_view) and the fingerprint is one of that document of that meeting."""
    if document not in DOCUMENTS:
        raise NotFound()
    meeting = get_visible_meeting(current_user, meeting_id)
    stored = storage.read(fingerprint)
    if stored is None or stored.meeting_id != meeting_id or stored.document != document:
        raise NotFound()
    return meeting, stored


def _stored_view(view):
    """The access rule of every stored-file page: the Secretariat's documents behind
    secretariat_required (login, 403), the agenda for whoever sees the meeting."""
    checked = secretariat_required(view)

    @wraps(view)
    def wrapped(meeting_id: int, document: str, fingerprint: str):
        if DOCUMENTS.get(document):
            return checked(meeting_id=meeting_id, document=document, fingerprint=fingerprint)
        return view(meeting_id=meeting_id, document=document, fingerprint=fingerprint)

    return wrapped


@bp.get("/meetings/<int:meeting_id>/print/<document>/<fingerprint>")
@_stored_view
def document_progress(meeting_id: int, document: str, fingerprint: str):
    meeting, stored = _stored_document(meeting_id, document, fingerprint)
    state = storage.state(fingerprint)
    if state.state == jobs.MISSING:  # a job lost (Redis emptied, another process): queue it again
        if not storage.retry(fingerprint):
            return redirect(stored.source, 303)  # its input is gone too: the document's URL makes it again
        state = storage.state(fingerprint)
    return render_template("print/progress.html", stored=stored, state=state, fingerprint=fingerprint,
                           meeting=meeting, form=FlaskForm())


@bp.get("/meetings/<int:meeting_id>/print/<document>/<fingerprint>.pdf")
@_stored_view
def document_file(meeting_id: int, document: str, fingerprint: str):
    _meeting, stored = _stored_document(meeting_id, document, fingerprint)
    if storage.pdf_path(fingerprint) is None:
        raise NotFound()
    return _send_stored(fingerprint, stored.filename)


@bp.post("/meetings/<int:meeting_id>/print/<document>/<fingerprint>/retry")
@_stored_view
def document_retry(meeting_id: int, document: str, fingerprint: str):
    _meeting, stored = _stored_document(meeting_id, document, fingerprint)
    if not FlaskForm().validate_on_submit():  # the CSRF check: the form has no other field
        return redirect(url_for("printing.document_progress", meeting_id=meeting_id, document=document,
                                fingerprint=fingerprint), 303)
    if not storage.retry(fingerprint):
        return redirect(stored.source, 303)  # its input is gone: the document's URL makes it again
    return redirect(url_for("printing.document_progress", meeting_id=meeting_id, document=document,
                            fingerprint=fingerprint), 303)


def _agenda_html(meeting_id: int) -> str:
    meeting = get_visible_meeting(current_user, meeting_id, with_timetable=True)
    options = services.agenda_options(request.args)
    return render_template("print/agenda.html", days=services.agenda_days(meeting, options), options=options,
                           document_args=options.args, **_context(meeting, "agenda"))


@bp.get("/meetings/<int:meeting_id>/agenda")
def agenda(meeting_id: int):
    return _agenda_html(meeting_id)


@bp.get("/meetings/<int:meeting_id>/agenda.pdf")
def agenda_pdf(meeting_id: int):
    return document_pdf(_agenda_html(meeting_id), f"CICA-programme-{meeting_id}", meeting_id, "agenda")


def _participants_html(meeting_id: int) -> str:
    meeting = get_visible_meeting(current_user, meeting_id)
    sections = services.participants(meeting, current_language())
    return render_template("print/participants.html", sections=sections, **_context(meeting, "participants"))


@bp.get("/meetings/<int:meeting_id>/participants/print")
@secretariat_required
def participants(meeting_id: int):
    return _participants_html(meeting_id)


@bp.get("/meetings/<int:meeting_id>/participants/print.pdf")
@secretariat_required
def participants_pdf(meeting_id: int):
    return document_pdf(_participants_html(meeting_id), f"CICA-participants-{meeting_id}", meeting_id, "participants")


@bp.get("/meetings/<int:meeting_id>/badges.pdf")
@secretariat_required
def badges_pdf(meeting_id: int):
    """Every badge, or those of a selection of the list of participants (``?registrations=4,7,9``)."""
    meeting = get_visible_meeting(current_user, meeting_id)
    selection = int_list_arg(request.args, "registrations", 1, MAX_ID)
    html = render_template("print/badges.html", badges=services.badges(meeting, selection), selection=selection,
                           **_context(meeting, "badges"))
    return document_pdf(html, f"CICA-badges-{meeting_id}", meeting_id, "badges")
