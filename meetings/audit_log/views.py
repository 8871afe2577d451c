"""The audit log: administrators read every change, filter it and take it away as CSV; nobody
changes it (there is no route that could)."""

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _

from meetings.audit_log import services
from meetings.audit_log.forms import AuditFilterForm
from meetings.models import Meeting, UserRole
from meetings.models.base import MAX_ID
from meetings.query import int_arg
from meetings.security import role_required

bp = Blueprint("audit_log", __name__, url_prefix="/admin")
admin_required = role_required(UserRole.ADMIN)

# Where an entry's object is shown: (endpoint, its argument, taken from the entry's object or meeting).
OBJECT_PAGES = {
    "meeting": ("calendar.meeting", "meeting_id", "meeting_id"),
    "agenda_item": ("scheduling.timetable", "meeting_id", "meeting_id"),
    "registration": ("participants.participants", "meeting_id", "meeting_id"),
    "delegation": ("participants.delegations", "meeting_id", "meeting_id"),
    "person": ("participants.person", "person_id", "object_id"),
    "party": ("participants.party", "party_id", "object_id"),
    "venue": ("scheduling.venue", "venue_id", "object_id"),
    "room": ("scheduling.edit_room", "room_id", "object_id"),
}


def object_url(row: services.AuditRow) -> str | None:
    """The page of the entry's object while it exists; an administrator may see every one."""
    page = OBJECT_PAGES.get(row.entry.object_type)
    if page is None or not row.exists:
        return None
    endpoint, argument, source = page
    value = getattr(row.entry, source)
    return url_for(endpoint, **{argument: value}) if value is not None else None


def _filters() -> tuple[AuditFilterForm, Meeting | None]:
    """The filter form, read and checked, and the meeting it names (if one)."""
    form = AuditFilterForm(request.args).setup(
        services.users(), services.recorded_object_types(), services.recorded_actions())
    form.validate()
    meeting_id = form.to_query().meeting_id
    meeting = services.get_meeting(meeting_id) if meeting_id is not None else None
    if meeting_id is not None and meeting is None:
        form.meeting.errors = [*form.meeting.errors, _("There is no meeting with this number.")]
    return form, meeting


@bp.get("/audit")
@admin_required
def index():
    form, meeting = _filters()
    before = int_arg(request.args, "before", 1, MAX_ID)
    page = services.audit_page(form.to_query(), before=before)
    return render_template("audit_log/index.html", form=form, page=page, filters=form.as_args(), before=before,
                           object_url=object_url, meeting=meeting)


@bp.get("/audit.csv")
@admin_required
def export_csv():
    form, _meeting = _filters()
    return Response(services.export_csv(form.to_query()), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="audit-log.csv"'})
