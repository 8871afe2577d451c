"""The organizer's desk: replies, accreditations, deadlines and changes that need the Secretariat."""

from flask import render_template, request
from flask_login import current_user, login_required

from meetings.desks import bp, overview
from meetings.logistics.access import require_secretariat
from meetings.models import utcnow


@bp.get("/desk/secretariat")
@login_required
def secretariat():
    require_secretariat(current_user)
    query = overview.read_query(request.args)
    return render_template("desks/secretariat.html", desk=overview.secretariat_desk(current_user, query, utcnow()),
                           query=query, types=overview.meeting_types(), horizons=overview.HORIZONS,
                           deadline_days=overview.DEADLINE_DAYS, recent_days=overview.RECENT_DAYS)
