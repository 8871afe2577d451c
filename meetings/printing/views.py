"""Print versions (HTML) and PDFs of the agenda, the list of participants and the badges.

The language of a document is the request's (``?lang=en|ru``; anything else falls back as the
locale selector decides). Each PDF is WeasyPrint's rendering of the print HTML of the same URL.
"""

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from meetings import names
from meetings.i18n import current_language, format_day, format_full_date
from meetings.models.base import MAX_ID
from meetings.printing import services
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


def _pdf(html: str, name: str) -> Response:
    return pdf_response(html, f"{name}-{current_language()}.pdf")


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
    return _pdf(_agenda_html(meeting_id), f"CICA-programme-{meeting_id}")


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
    return _pdf(_participants_html(meeting_id), f"CICA-participants-{meeting_id}")


@bp.get("/meetings/<int:meeting_id>/badges.pdf")
@secretariat_required
def badges_pdf(meeting_id: int):
    """Every badge, or those of a selection of the list of participants (``?registrations=4,7,9``)."""
    meeting = get_visible_meeting(current_user, meeting_id)
    selection = int_list_arg(request.args, "registrations", 1, MAX_ID)
    html = render_template("print/badges.html", badges=services.badges(meeting, selection), selection=selection,
                           **_context(meeting, "badges"))
    return _pdf(html, f"CICA-badges-{meeting_id}")
