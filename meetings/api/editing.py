"""JSON API, write side, for organizers: meetings and their timetables through the scheduling
services, the same rules as the forms (texts, zones, times, rooms taken, the workflow, warnings to
confirm) and the same audit entries, the caller as their author.

Optimistic locking is HTTP's: a change names the version it was made from with ``If-Match: <the
ETag of its GET>``; without one it is a 428, with an old one a 412 (read it again, then change it).
The ETag checked is computed from the answer as the caller would read it now, and the service is
then held to the version loaded with it, so a change committed meanwhile is a 409 too.
"""

from flask import url_for
from flask_login import current_user

from meetings.api.schemas import (
    ItemAnswerSchema,
    ItemChangeSchema,
    ItemNewSchema,
    MeetingAnswerSchema,
    MeetingChangeSchema,
    MeetingNewSchema,
    MoveSchema,
    StatusChangeSchema,
)
from meetings.api.views import bp
from meetings.api.writes import item_input, meeting_input, move_input, organizers_only, refusals
from meetings.domain import found
from meetings.extensions import db
from meetings.models import AgendaItem, Meeting, MeetingStatus
from meetings.scheduling import services
from meetings.visibility import get_visible_meeting

# Every write may answer these besides its success (flask-smorest adds 412/428 where If-Match is
# needed); a removal has no body to refuse.
REFUSALS = (400, 401, 403, 409, 415, 422)
REMOVAL_REFUSALS = (401, 403, 404, 409)
# A body that does not fit its schema is content the API cannot process (422), like a rule's refusal.
BODY = {"location": "json", "error_status_code": 422}


def for_organizers(view):
    """A write: organizers only (401/403/415 before anything is read), and said so in the
    document: only a personal token opens it (the browser's session is for the pages)."""
    return bp.doc(security=[{"personalToken": []}])(organizers_only(view))


def _links(**targets: dict[str, str]) -> dict:
    """OpenAPI links of a 201: what a caller (or a stateful test) can do next with what was made,
    the ETag of the answer as its If-Match."""
    return {"links": {name: {"operationId": name, "parameters": parameters} for name, parameters in targets.items()}}


MADE_MEETING = {"meeting_id": "$response.body#/meeting/id"}
CHANGE_MEETING = {**MADE_MEETING, "header.If-Match": "$response.header.ETag"}
MADE_ITEM = {"meeting_id": "$request.path.meeting_id", "item_id": "$response.body#/item/id"}
CHANGE_ITEM = {**MADE_ITEM, "header.If-Match": "$response.header.ETag"}


def _checked_meeting(meeting_id: int) -> Meeting:
    """The meeting, if the caller's If-Match is its ETag as it is now (else 412)."""
    meeting = get_visible_meeting(current_user, meeting_id, with_timetable=True)
    bp.check_etag({"meeting": meeting}, MeetingAnswerSchema)
    return meeting


def _change_meeting(meeting_id: int, change) -> dict:
    """A change of a meeting as it is now (If-Match checked), made by ``change(meeting)`` under the
    services' rules; the answer is the meeting as a GET would give it."""
    meeting = _checked_meeting(meeting_id)
    with refusals():
        change(meeting)
    return {"meeting": get_visible_meeting(current_user, meeting_id, with_timetable=True)}


def _entry(meeting_id: int, item_id: int) -> AgendaItem:
    """An entry of a meeting the caller may see (the meeting alone is loaded, not its timetable)."""
    return _item(get_visible_meeting(current_user, meeting_id), item_id)


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    return found(db.session.get(AgendaItem, item_id), lambda item: item.meeting_id == meeting.id)


def _created(location: str) -> dict[str, str]:
    return {"Location": location}


@bp.post("/meetings", tags=["Meetings"])
@for_organizers
@bp.etag
@bp.arguments(MeetingNewSchema, **BODY)
@bp.response(201, MeetingAnswerSchema, headers={"Location": {"schema": {"type": "string", "format": "uri"}}})
@bp.refusals(*REFUSALS)
@bp.doc(responses={201: _links(meeting=MADE_MEETING, update_meeting=CHANGE_MEETING, change_status=CHANGE_MEETING,
                                 move_meeting=CHANGE_MEETING, add_item=MADE_MEETING)})
def create_meeting(body: dict):
    """Create a meeting (draft, planned or confirmed), as the New meeting form does."""
    with refusals():
        meeting = services.create_meeting(meeting_input(body), user=current_user,
                                          accept_warnings=body["accept_warnings"])
    meeting = get_visible_meeting(current_user, meeting.id, with_timetable=True)
    return {"meeting": meeting}, 201, _created(url_for("api.meeting", meeting_id=meeting.id, _external=True))


@bp.patch("/meetings/<int:meeting_id>", tags=["Meetings"])
@for_organizers
@bp.etag
@bp.arguments(MeetingChangeSchema, **BODY)
@bp.response(200, MeetingAnswerSchema)
@bp.refusals(*REFUSALS, 404)
def update_meeting(body: dict, meeting_id: int):
    """Change a meeting's details; only the fields sent change. New dates that would leave
    timetable entries outside are refused: move the meeting with PUT .../dates instead."""
    return _change_meeting(meeting_id, lambda meeting: services.update_meeting(
        meeting, meeting_input(body, meeting), user=current_user, expected_version=meeting.version,
        accept_warnings=body["accept_warnings"]))


@bp.put("/meetings/<int:meeting_id>/status", tags=["Meetings"])
@for_organizers
@bp.etag
@bp.arguments(StatusChangeSchema, **BODY)
@bp.response(200, MeetingAnswerSchema)
@bp.refusals(*REFUSALS, 404)
def change_status(body: dict, meeting_id: int):
    """Take a step of the status workflow; postponing (until further notice) and cancelling need a reason."""
    return _change_meeting(meeting_id, lambda meeting: services.change_status(
        meeting, MeetingStatus(body["status"]), user=current_user, expected_version=meeting.version,
        reason=body["reason"]))


@bp.put("/meetings/<int:meeting_id>/dates", tags=["Meetings"])
@for_organizers
@bp.etag
@bp.arguments(MoveSchema, **BODY)
@bp.response(200, MeetingAnswerSchema)
@bp.refusals(*REFUSALS, 404)
def move_meeting(body: dict, meeting_id: int):
    """Move the meeting to new dates with its timetable (postponed or rescheduled: the same
    meeting, its calendar entry updated), planned or confirmed there."""
    return _change_meeting(meeting_id, lambda meeting: services.postpone_meeting(
        meeting, move_input(body, meeting), user=current_user, expected_version=meeting.version,
        accept_warnings=body["accept_warnings"]))


@bp.get("/meetings/<int:meeting_id>/items/<int:item_id>", tags=["Timetable"])
@bp.etag
@bp.response(200, ItemAnswerSchema)
@bp.refusals(401, 404)
def item(meeting_id: int, item_id: int):
    """One entry of a meeting's timetable (its ETag is what a change of it names in If-Match)."""
    return {"item": _entry(meeting_id, item_id)}


@bp.post("/meetings/<int:meeting_id>/items", tags=["Timetable"])
@for_organizers
@bp.etag
@bp.arguments(ItemNewSchema, **BODY)
@bp.response(201, ItemAnswerSchema, headers={"Location": {"schema": {"type": "string", "format": "uri"}}})
@bp.refusals(*REFUSALS, 404)
@bp.doc(responses={201: _links(item=MADE_ITEM, update_item=CHANGE_ITEM, delete_item=CHANGE_ITEM)})
def add_item(body: dict, meeting_id: int):
    """Add an entry to the timetable: inside the meeting's dates, in a room free then."""
    meeting = get_visible_meeting(current_user, meeting_id)
    with refusals():
        added = services.add_agenda_item(meeting, item_input(body, meeting), user=current_user,
                                         accept_warnings=body["accept_warnings"])
    location = url_for("api.item", meeting_id=meeting_id, item_id=added.id, _external=True)
    return {"item": _entry(meeting_id, added.id)}, 201, _created(location)


def _checked_item(meeting_id: int, item_id: int) -> AgendaItem:
    entry = _entry(meeting_id, item_id)
    bp.check_etag({"item": entry}, ItemAnswerSchema)
    return entry


@bp.patch("/meetings/<int:meeting_id>/items/<int:item_id>", tags=["Timetable"])
@for_organizers
@bp.etag
@bp.arguments(ItemChangeSchema, **BODY)
@bp.response(200, ItemAnswerSchema)
@bp.refusals(*REFUSALS, 404)
def update_item(body: dict, meeting_id: int, item_id: int):
    """Change or move an entry; only the fields sent change."""
    entry = _checked_item(meeting_id, item_id)
    with refusals():
        services.update_agenda_item(entry, item_input(body, entry.meeting, entry), user=current_user,
                                    expected_version=entry.meeting.version, accept_warnings=body["accept_warnings"])
    return {"item": _entry(meeting_id, item_id)}


@bp.delete("/meetings/<int:meeting_id>/items/<int:item_id>", tags=["Timetable"])
@for_organizers
@bp.etag
@bp.response(204)
@bp.refusals(*REMOVAL_REFUSALS)
def delete_item(meeting_id: int, item_id: int):
    """Remove an entry from the timetable."""
    entry = _checked_item(meeting_id, item_id)
    with refusals():
        services.delete_agenda_item(entry, user=current_user, expected_version=entry.meeting.version)
