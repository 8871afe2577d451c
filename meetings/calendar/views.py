from itertools import groupby

from flask import Blueprint, render_template
from flask_login import current_user

from meetings.calendar import services
from meetings.timeutil import to_local

bp = Blueprint("calendar", __name__)


@bp.get("/")
def index():
    upcoming, recent = services.upcoming_and_recent(current_user)
    return render_template("calendar/index.html", upcoming=upcoming, recent=recent)


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    meeting = services.get_visible_meeting(current_user, meeting_id, with_timetable=True)
    days = [
        (day, list(items))
        for day, items in groupby(meeting.agenda_items, key=lambda i: to_local(i.starts_at, meeting.timezone).date())
    ]
    return render_template("calendar/meeting.html", meeting=meeting, days=days)
