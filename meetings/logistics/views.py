"""The logistics area's pages: the dashboard here, each part's pages in its own package."""

from flask import render_template
from flask_login import current_user, login_required

from meetings.logistics.access import secretariat_meeting
from meetings.logistics.blueprint import bp
from meetings.logistics.dashboard import sections

# Each part adds its routes to bp when imported.
from meetings.logistics.hotels import views as _hotels  # noqa: E402, F401
from meetings.logistics.interpretation import views as _interpretation  # noqa: E402, F401
from meetings.logistics.tasks import views as _tasks  # noqa: E402, F401
from meetings.logistics.travel import views as _travel  # noqa: E402, F401
from meetings.logistics.visas import views as _visas  # noqa: E402, F401
from meetings.models import utcnow

__all__ = ["bp"]


@bp.get("/meetings/<int:meeting_id>/logistics")
@login_required
def dashboard(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    return render_template("logistics/dashboard.html", meeting=meeting,
                           sections=sections(meeting, utcnow()))
