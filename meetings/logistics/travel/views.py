"""Arrivals and departures: pages and files."""

from flask import render_template
from flask_login import current_user, login_required

from meetings.logistics.access import secretariat_meeting
from meetings.logistics.blueprint import bp


@bp.get("/meetings/<int:meeting_id>/logistics/travel")
@login_required
def travel(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    return render_template("logistics/_stub.html", meeting=meeting, title="Arrivals and departures")
