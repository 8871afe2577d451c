"""JSON API, read side: the meetings a caller may see, as the calendar pages show them (the same
visibility rule, meetings/visibility.py), the parties, and for the Secretariat a meeting's
participants. Thin views: the schemas parse and dump, the services choose the rows.

The caller is ``current_user``, as on the pages: the session's user, or a personal API token's
(meetings/accounts/bearer.py)."""

from datetime import date

from flask_login import current_user

from meetings.api.framework import Blueprint
from meetings.api.paging import Page
from meetings.api.schemas import (
    MeetingAnswerSchema,
    MeetingListSchema,
    MeetingQuerySchema,
    ParticipantListSchema,
    PartyListSchema,
)
from meetings.calendar import services as calendar
from meetings.calendar.services import CalendarQuery
from meetings.domain import NotFoundError
from meetings.models import MeetingStatus
from meetings.participants.access import participants_access
from meetings.participants.listing import participant_list
from meetings.participants.parties import list_parties
from meetings.visibility import get_visible_meeting

# Every answer carries an ETag that flask-smorest computes from the dumped body (so it changes
# exactly when the bytes do), and an If-None-Match that matches it is answered 304.
bp = Blueprint("api", __name__, url_prefix="/api/v1", description="The CICA calendar as data.")

LINK_HEADER = {"Link": {"description": "RFC 8288 links to the first, last, previous and next pages",
                        "schema": {"type": "string"}}}


def _window(args: dict) -> tuple[date | None, date | None]:
    """``from``/``to``, narrowed to ``year`` when given (the first API's filter, kept)."""
    first, last = args.get("from_"), args.get("to")
    if "year" in args:
        year_first, year_last = date(args["year"], 1, 1), date(args["year"], 12, 31)
        first, last = max(first or year_first, year_first), min(last or year_last, year_last)
    return first, last


@bp.get("/meetings", tags=["Meetings"])
@bp.etag
@bp.arguments(MeetingQuerySchema, location="query", as_kwargs=False)
@bp.response(200, MeetingListSchema, headers=LINK_HEADER)
@bp.refusals(400, 401)
def meetings(args: dict):
    """Meetings the caller may see, in start order, a page at a time."""
    query = CalendarQuery(view="list", year=args.get("year", 0), month=1, type=args.get("type", ""),
                          party=args.get("party", ""),
                          status=MeetingStatus(args["status"]) if "status" in args else None)
    first, last = _window(args)
    page = Page(args["page"], args["per_page"], 0)
    rows, total = calendar.meetings_page(current_user, query, first, last, page.offset, page.per_page)
    page = Page(page.page, page.per_page, total)
    return {"meetings": rows, "pagination": page.as_dict()}, 200, {"Link": page.link_header()}


@bp.get("/meetings/<int:meeting_id>", tags=["Meetings"])
@bp.etag
@bp.response(200, MeetingAnswerSchema)
@bp.refusals(401, 404)
def meeting(meeting_id: int):
    """One meeting with its timetable; 404 for a meeting the caller may not see."""
    return {"meeting": get_visible_meeting(current_user, meeting_id, with_timetable=True)}


@bp.get("/parties", tags=["Parties"])
@bp.etag
@bp.response(200, PartyListSchema)
@bp.refusals(401)
def parties():
    """Member States, observers, partners and the Secretariat, by English name."""
    return {"parties": list_parties("en")}


@bp.get("/meetings/<int:meeting_id>/participants", tags=["Participants"])
@bp.etag
@bp.response(200, ParticipantListSchema)
@bp.refusals(401, 404)
def participants(meeting_id: int):
    """A meeting's registrations, for Secretariat roles; to anyone else a 404, as for a meeting
    they may not see. No personal data beyond name, position, party, role, status and badge."""
    if not current_user.is_authenticated or not current_user.is_secretariat:
        raise NotFoundError()
    return {"participants": participant_list(participants_access(current_user, meeting_id), "en").rows}
