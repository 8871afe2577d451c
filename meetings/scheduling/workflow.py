"""A meeting's status: which changes the workflow allows; the move to new dates (same UID), which
takes the timetable along; and the postponement until further notice, which keeps the dates."""

from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _

from meetings import audit
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.labels import label
from meetings.logistics.tasks import services as tasks
from meetings.models import Meeting, MeetingStatus, Venue, utcnow
from meetings.notifications import notices
from meetings.scheduling import rules
from meetings.scheduling.inputs import PostponeInput
from meetings.scheduling.rules import TransitionError
from meetings.scheduling.timetable import check_room, lock_rooms
from meetings.timeutil import from_local, local_dates, to_local
from meetings.transaction import operation

S = MeetingStatus

# The status workflow, in one place. A status change alone (change_status):
# draft -> planned -> confirmed -> held; planned/confirmed -> postponed (until further notice, the
# dates kept); any but held -> cancelled.
TRANSITIONS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    S.DRAFT: frozenset({S.PLANNED, S.CANCELLED}),
    S.PLANNED: frozenset({S.CONFIRMED, S.POSTPONED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.HELD, S.POSTPONED, S.CANCELLED}),
    S.POSTPONED: frozenset({S.CANCELLED}),
    S.CANCELLED: frozenset(),
    S.HELD: frozenset(),
}
# A move to new dates (postpone_meeting), from MOVABLE: the meeting is then an ordinary planned
# (tentative) or confirmed meeting at them, as the organizer says. New dates may need confirming
# again, so a move may also make a confirmed meeting planned; a postponed one (until further
# notice) leaves that state only this way, or by its cancellation.
MOVABLE = frozenset({S.PLANNED, S.CONFIRMED, S.POSTPONED})
STATUSES_AFTER_MOVE = (S.PLANNED, S.CONFIRMED)
# A meeting may be entered as a draft, or directly as planned or confirmed (e.g. from an import).
INITIAL_STATUSES = (S.DRAFT, S.PLANNED, S.CONFIRMED)


def allowed_transitions(status: MeetingStatus) -> frozenset[MeetingStatus]:
    return TRANSITIONS[status]


def status_after_move(meeting: Meeting, wanted: MeetingStatus | None) -> MeetingStatus:
    """The status at the new dates: the one asked for, else the meeting's own (a postponed
    meeting's dates are new again: planned)."""
    if meeting.status not in MOVABLE:
        raise TransitionError(
            _("A meeting that is %(old)s cannot be moved to new dates.", old=label(meeting.status).lower()), "status")
    status = wanted or (S.PLANNED if meeting.status is S.POSTPONED else meeting.status)
    if status not in STATUSES_AFTER_MOVE:
        raise TransitionError(_("At its new dates a meeting is planned or confirmed."), "status")
    return status


def _check_transition(meeting: Meeting, new: MeetingStatus) -> None:
    if new not in TRANSITIONS[meeting.status]:
        if meeting.status is S.POSTPONED and new in STATUSES_AFTER_MOVE:
            raise TransitionError(_("Give the new dates: a postponed meeting is planned or confirmed again "
                                    "when it is rescheduled."), "status")
        raise TransitionError(
            _("A meeting that is %(old)s cannot become %(new)s.",
              old=label(meeting.status).lower(), new=label(new).lower()), "status")


@operation
def change_status(meeting: Meeting, status: MeetingStatus, *, user, expected_version: int | None,
                  reason: str = "", now: datetime | None = None) -> Meeting:
    """Every status change but a move to new dates (postpone_meeting). Postponed here means
    postponed until further notice: the dates stay as they were until it is rescheduled."""
    rules.check_version(meeting, expected_version)
    _check_transition(meeting, status)
    reason = rules.long_text(reason, "reason", rules.REASON_LENGTH)
    if status is S.POSTPONED and not reason:
        raise RuleError(_("Give the reason for the postponement."), "reason")
    if status is S.CANCELLED and not reason:
        raise RuleError(_("Give the reason for the cancellation."), "reason")
    if status is S.HELD and meeting.starts_at > (now or utcnow()):
        raise TransitionError(_("A meeting cannot be marked as held before it starts."), "status")
    old = meeting.status
    changes = {"status": [old.value, status.value]}
    version = meeting.version
    rules.apply(meeting, {"status": status}, changes)
    if status is S.CANCELLED:  # feeds keep it at least a week from now (meetings/feeds/scopes.py)
        meeting.cancelled_at = now or utcnow()
    action = {S.CANCELLED: "cancelled", S.HELD: "held", S.POSTPONED: "postponed"}.get(status, "status_changed")
    rules.record(meeting, action, f"Status: {old.value} -> {status.value}", user=user, changes=changes,
                 reason=reason, version_before=version)
    rules.flush(meeting, expected_version)
    notices.meeting_status_changed(meeting, user=user)  # a cancellation reaches the participants
    return meeting


def cancel_meeting(meeting: Meeting, *, reason: str, user, expected_version: int | None) -> Meeting:
    return change_status(meeting, S.CANCELLED, user=user, expected_version=expected_version, reason=reason)


def postpone_until_further_notice(meeting: Meeting, *, reason: str, user, expected_version: int | None) -> Meeting:
    return change_status(meeting, S.POSTPONED, user=user, expected_version=expected_version, reason=reason)


def mark_held(meeting: Meeting, *, user, expected_version: int | None, now: datetime | None = None) -> Meeting:
    return change_status(meeting, S.HELD, user=user, expected_version=expected_version, now=now)


def _place_values(meeting: Meeting, data: PostponeInput) -> dict[str, Any]:
    place = data.place(meeting)
    tz = rules.zone(place["timezone"])
    return {
        "timezone": tz,
        "venue_id": rules.id_of(Venue, place["venue_id"], "venue_id"),
        "format": place["format"],
        **{name: rules.text(place[name], name, Meeting) for name in ("city_en", "city_ru")},
        "online_url": rules.web_address(place["online_url"], "online_url", Meeting),
        **rules.times(data.new_start, data.new_end, tz),
    }


@operation
def postpone_meeting(meeting: Meeting, data: PostponeInput, *, user, expected_version: int | None,
                     accept_warnings: bool = False) -> Meeting:
    """Move a meeting to new local dates (optionally a new place and format): it stays the same
    meeting (same UID), planned or confirmed at the new dates (``data.status``), remembering the
    dates it was moved from; its timetable moves with it day for day, keeping the local times."""
    rules.check_version(meeting, expected_version)
    status = status_after_move(meeting, data.status)
    reason = rules.long_text(data.reason, "reason", rules.REASON_LENGTH)
    if not reason:
        raise RuleError(_("Give the reason for the postponement."), "reason")
    values = _place_values(meeting, data)
    tz = values["timezone"]
    # Day for day: the first local day moves to the new first local day, times of day stay.
    old_dates = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    shift = timedelta(days=(data.new_start.date() - old_dates[0]).days)
    venue_changed = values["venue_id"] != meeting.venue_id
    moved = {}
    for item in meeting.agenda_items:
        start = from_local(to_local(item.starts_at, meeting.timezone).replace(tzinfo=None) + shift, tz)
        end = from_local(to_local(item.ends_at, meeting.timezone).replace(tzinfo=None) + shift, tz)
        room_id = item.room_id
        if venue_changed and item.room is not None and item.room.venue_id != values["venue_id"]:
            room_id = None  # the old venue's rooms are not at the new place
        moved[item] = (start, end, room_id)
    outside = [i for i, (s, e, _r) in moved.items() if s < values["starts_at"] or e > values["ends_at"]]
    if outside:
        raise RuleError(
            _("The timetable does not fit the new dates: %(n)d entries would lie outside them (first: “%(title)s”).",
              n=len(outside), title=outside[0].title_en), "ends_at")
    lock_rooms(room_id for (_s, _e, room_id) in moved.values() if room_id is not None)
    for start, end, room_id in moved.values():
        if room_id is not None:
            check_room(room_id, start, end, exclude_meeting_id=meeting.id)
    rules.warn(rules.body_warnings(meeting.id, meeting.type_id, values["starts_at"], values["ends_at"]),
               accept_warnings)
    if local_dates(values["starts_at"], values["ends_at"], tz) != old_dates:
        values["rescheduled_from_start"], values["rescheduled_from_end"] = old_dates
    values["status"] = status
    version = meeting.version
    changes = audit.diff(meeting, values)
    if not changes:  # else every participant is told "Rescheduled" of a meeting that did not move
        raise RuleError(_("These are the meeting's present dates and place: change them to move the meeting."),
                        "starts_at")
    rules.apply(meeting, values, changes)
    with db.session.no_autoflush:
        for item, (start, end, room_id) in moved.items():
            item.starts_at, item.ends_at, item.room_id = start, end, room_id
    rules.record(meeting, "rescheduled", f"Rescheduled: {reason}", user=user, changes=changes, reason=reason,
                 version_before=version)
    rules.flush(meeting, expected_version)
    tasks.shift_due_dates(meeting, shift.days, user=user)  # the checklist moves with the meeting (own audit entry)
    notices.meeting_rescheduled(meeting, user=user)  # the participants get the new dates
    return meeting
