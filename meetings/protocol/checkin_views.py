"""The check-in page of a meeting (the Secretariat at the door) and its live counts (JSON, polled
by static/js/checkin.js). Everything works without JavaScript: the scan is a plain form POST."""

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.formtools import attempt, options
from meetings.http import polled_json
from meetings.i18n import current_language, format_full_date, localized
from meetings.logistics.access import secretariat_meeting
from meetings.participants.photos import photo_times
from meetings.protocol import checkin
from meetings.protocol.blueprint import bp
from meetings.protocol.forms import MomentForm, ScanForm
from meetings.timeutil import to_local

# The counts are asked for again this often (milliseconds), by the page's script.
POLL_INTERVAL_MS = 5000


def _moment(meeting, args) -> tuple[date, object]:
    """The day and session a request asks for; an unknown or mistyped one is the default (the
    page is a tool at the door: an old link still opens it)."""
    try:
        day = date.fromisoformat(args.get("day", ""))
    except ValueError:
        day = None
    if day not in checkin.meeting_days(meeting):
        day = checkin.default_day(meeting)
    session_id = args.get("session", "")
    session = next((s for s in checkin.sessions_of(meeting, day) if str(s.id) == session_id), None)
    return day, session


def _session_label(session, meeting) -> str:
    starts = to_local(session.starts_at, meeting.timezone)
    return f"{starts:%H:%M} {localized(session, 'title')}"


def _page(meeting, day, session, *, scan=None, scan_form=None, status=200):
    moment = MomentForm(formdata=None, day=day.isoformat(), session=str(session.id) if session else "")
    moment.day.choices = options((d.isoformat(), format_full_date(d)) for d in checkin.meeting_days(meeting))
    moment.session.choices = [("", _("Whole day"))] + [(str(s.id), _session_label(s, meeting))
                                                       for s in checkin.sessions_of(meeting, day)]
    scan_form = scan_form or ScanForm(formdata=None)
    scan_form.day.data, scan_form.session.data = day.isoformat(), str(session.id) if session else ""
    scan_form.code.data = ""  # the next badge: the field is empty and ready
    counts = checkin.counts(meeting, day, session)
    person = scan.registration.person if scan and scan.registration else None
    return render_template(
        "protocol/checkin.html", meeting=meeting, day=day, session=session,
        session_label=_session_label(session, meeting) if session else None, moment=moment, scan_form=scan_form,
        scan=scan, reason=checkin.REASONS[scan.refusal] if scan and scan.refusal else None, person=person,
        photo_taken=photo_times([person.id]).get(person.id) if person else None, counts=counts,
        quorum_rule=checkin.QUORUM_RULE, poll_ms=POLL_INTERVAL_MS), status


@bp.get("/meetings/<int:meeting_id>/protocol/checkin")
@login_required
def checkin_page(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    day, session = _moment(meeting, request.args)
    return _page(meeting, day, session)


@bp.post("/meetings/<int:meeting_id>/protocol/checkin")
@login_required
def scan(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    form = ScanForm()
    day, session = _moment(meeting, {"day": form.day.data or "", "session": form.session.data or ""})
    result = None
    if form.validate_on_submit():
        result, _warnings = attempt(form, lambda: checkin.check_in(
            meeting, form.code.data or "", day, session.id if session else None, user=current_user))
    # A refused badge is an answer (200, as the others); only a broken form is a 400.
    return _page(meeting, day, session, scan=result, scan_form=form, status=200 if result else 400)


@bp.get("/meetings/<int:meeting_id>/protocol/checkin/counts.json")
@login_required
def checkin_counts(meeting_id: int):
    """The live counts of a day (or session): a small JSON, with an ETag over its bytes, so a poll
    that finds nothing new costs a 304."""
    meeting = secretariat_meeting(current_user, meeting_id)
    day, session = _moment(meeting, request.args)
    return polled_json(checkin.counts_json(checkin.counts(meeting, day, session), day, session, current_language()))
