"""The check-in page of a meeting (the Secretariat at the door) and its live counts (JSON, polled
by static/js/checkin.js). Everything works without JavaScript: the scan is a plain form POST."""

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.domain import NotFoundError, RuleError
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


def _moment(meeting, day_text, session_text) -> tuple[date, object, RuleError | None]:
    """The day and session a request asks for (none sent: the page's default). A wrong one is not
    replaced by another moment: the error comes back with the default, for the page to show the
    choice again with the message beside it (and nothing counted or shown for that default)."""
    try:
        return *checkin.chosen_moment(meeting, day_text, session_text), None
    except RuleError as error:
        if error.field == "session":  # the day is right: its sessions are offered again
            return checkin.chosen_moment(meeting, day_text, None)[0], None, error
        return checkin.default_day(meeting), None, error


def _session_label(session, meeting) -> str:
    starts = to_local(session.starts_at, meeting.timezone)
    return f"{starts:%H:%M} {localized(session, 'title')}"


def _page(meeting, day, session, *, scan=None, scan_form=None, moment_error=None, status=200):
    """The page for a day and session; with ``moment_error`` (the day or session asked for is not
    one of the meeting), the choice again with the message beside it, inside the scan form so that
    a typed badge is kept and sent again with the corrected choice, and no counts."""
    moment = MomentForm(formdata=None, day=day.isoformat(), session=str(session.id) if session else "")
    moment.day.choices = options((d.isoformat(), format_full_date(d)) for d in checkin.meeting_days(meeting))
    moment.session.choices = [("", _("Whole day"))] + [(str(s.id), _session_label(s, meeting))
                                                       for s in checkin.sessions_of(meeting, day)]
    scan_form = scan_form or ScanForm(formdata=None)
    scan_form.day.data, scan_form.session.data = day.isoformat(), str(session.id) if session else ""
    if moment_error is not None:
        field = moment.session if moment_error.field == "session" else moment.day
        field.errors = [str(moment_error)]
    else:
        scan_form.code.data = ""  # the next badge: the field is empty and ready
    counts = checkin.counts(meeting, day, session) if moment_error is None else None
    person = scan.registration.person if scan and scan.registration else None
    return render_template(
        "protocol/checkin.html", meeting=meeting, day=day, session=session,
        session_label=_session_label(session, meeting) if session else None, moment=moment, scan_form=scan_form,
        scan=scan, reason=checkin.REASONS[scan.refusal] if scan and scan.refusal else None, person=person,
        photo_taken=photo_times([person.id]).get(person.id) if person else None, counts=counts,
        moment_error=moment_error,
        quorum_rule=checkin.QUORUM_RULE, poll_ms=POLL_INTERVAL_MS), status


@bp.get("/meetings/<int:meeting_id>/protocol/checkin")
@login_required
def checkin_page(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    day, session, error = _moment(meeting, request.args.get("day"), request.args.get("session"))
    return _page(meeting, day, session, moment_error=error, status=400 if error else 200)


@bp.post("/meetings/<int:meeting_id>/protocol/checkin")
@login_required
def scan(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    form = ScanForm()
    valid = form.validate_on_submit()
    day, session, error = _moment(meeting, form.day.data, form.session.data)
    if error is not None:  # refused before the badge is read: nothing counted, the badge kept
        return _page(meeting, day, session, scan_form=form, moment_error=error, status=400)
    result = None
    if valid:
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
    day, session, error = _moment(meeting, request.args.get("day"), request.args.get("session"))
    if error is not None:  # not another day's counts under this one's name
        raise NotFoundError()
    return polled_json(checkin.counts_json(checkin.counts(meeting, day, session), day, session, current_language()))
