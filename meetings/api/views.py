"""JSON API: the meetings a caller may see, as the calendar pages show them (same visibility rule)."""

from datetime import date

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user

from meetings.calendar import services as calendar
from meetings.models import AgendaItem, Meeting
from meetings.timeutil import to_local
from meetings.visibility import get_visible_meeting

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _names(obj, field: str) -> dict[str, str]:
    return {"en": getattr(obj, f"{field}_en"), "ru": getattr(obj, f"{field}_ru")}


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "title": _names(meeting, "title"),
        "type": {"code": meeting.type.code, "name": _names(meeting.type, "name")},
        "number": meeting.number,
        "status": meeting.status.value,
        "visibility": meeting.visibility.value,
        "format": meeting.format.value,
        "timezone": meeting.timezone,
        # Local times with their offset: unambiguous, and what a reader of the programme expects.
        "start": to_local(meeting.starts_at, meeting.timezone).isoformat(),
        "end": to_local(meeting.ends_at, meeting.timezone).isoformat(),
        "city": _names(meeting, "city"),
        "venue": _names(meeting.venue, "name") if meeting.venue else None,
        "host": meeting.host_party.code if meeting.host_party else None,
        "sequence": meeting.sequence,
        "updated_at": meeting.updated_at.isoformat(),
        "url": url_for("calendar.meeting", meeting_id=meeting.id, _external=True),
        "ics": url_for("feeds.meeting_feed", meeting_id=meeting.id, _external=True),
    }


def _item(item: AgendaItem, tz: str) -> dict:
    return {
        "id": item.id,
        "title": _names(item, "title"),
        "kind": item.kind.value,
        "start": to_local(item.starts_at, tz).isoformat(),
        "end": to_local(item.ends_at, tz).isoformat(),
        "room": item.room.name if item.room else None,
        "chair": item.chair.display_name if item.chair else None,
        "speakers": [speaker.display_name for speaker in item.speakers],
    }


@bp.get("/meetings")
def meetings():
    """?year= (all years when absent), ?type=CODE, ?party=CODE (host), ?status=; a bad value is a 400."""
    try:
        query = calendar.parse_calendar_query({**request.args.to_dict(), "view": "list"}, date.today())
    except calendar.QueryError:
        abort(400)
    if query.year_given:
        found = calendar.meetings_in(current_user, query, date(query.year, 1, 1), date(query.year, 12, 31))
    else:
        found = calendar.all_meetings(current_user, query)
    return jsonify(meetings=[_meeting(m) for m in found])


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    found = get_visible_meeting(current_user, meeting_id, with_timetable=True)
    return jsonify(meeting=_meeting(found) | {"timetable": [_item(i, found.timezone) for i in found.agenda_items]})
