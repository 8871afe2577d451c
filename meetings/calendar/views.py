from datetime import date, timedelta

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from meetings.calendar import services
from meetings.i18n import format_month
from meetings.models import MeetingStatus, utcnow
from meetings.pagination import paginate
from meetings.timeutil import to_local
from meetings.visibility import get_visible_meeting

bp = Blueprint("calendar", __name__)


@bp.get("/")
def index():
    upcoming, more, recent = services.upcoming_and_recent(current_user, current_app.config["HOME_UPCOMING_LIMIT"])
    return render_template("calendar/index.html", upcoming=upcoming, more_upcoming=more, recent=recent)


@bp.get("/calendar")
def calendar():
    """Month, list and year views of the meetings the visitor may see, with filters."""
    today = to_local(utcnow(), "Asia/Almaty").date()  # the Secretariat's day, the same for every visitor
    try:
        query = services.parse_calendar_query(request.args, today)
    except services.QueryError:
        abort(400)
    context = {"query": query, "today": today, "statuses": [s for s in MeetingStatus if s is not MeetingStatus.DRAFT]}
    context["types"], context["parties"] = services.filter_options()
    if query.view == "month":
        first = date(query.year, query.month, 1)
        last = date(query.year + (query.month == 12), query.month % 12 + 1, 1) - timedelta(days=1)
        meetings = services.meetings_in(current_user, query, first, last)
        context.update(weeks=services.month_grid(meetings, query.year, query.month), meetings=meetings,
                       month_start=first)
    elif query.view == "year" or query.year_given:
        meetings = services.meetings_in(current_user, query, date(query.year, 1, 1), date(query.year, 12, 31))
        context.update(months=services.by_month(meetings), meetings=meetings,
                       month_starts=[date(query.year, m, 1) for m in range(1, 13)])
    else:
        page = paginate(services.upcoming(current_user, query))
        context.update(months=services.by_month(page.items), meetings=page.items, page=page)
    return render_template(f"calendar/{query.view}.html", **context)


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    meeting = get_visible_meeting(current_user, meeting_id, with_timetable=True)
    return render_template(
        "calendar/meeting.html", meeting=meeting, days=meeting.timetable_days(),
        history=services.meeting_history(meeting, current_user),
        party_invited=services.party_invited(current_user, meeting),
    )


@bp.app_template_filter("month_title")
def month_title(day: date, heading: bool = True) -> str:
    """ "December 2024" / «Декабрь 2024 г.»: the stand-alone month name, as a heading (lowercase
    after a colon with ``heading=False``)."""
    return format_month(day, heading=heading)
