"""The organizer's desk: replies, accreditations, deadlines and changes that need the Secretariat."""

from flask import render_template
from flask_login import current_user, login_required

from meetings.desks import bp
from meetings.logistics.access import require_secretariat


@bp.get("/desk/secretariat")
@login_required
def secretariat():
    require_secretariat(current_user)
    return render_template("desks/secretariat.html")
