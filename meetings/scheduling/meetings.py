"""Creating and editing a meeting: its details, dates and place (not its status: workflow.py)."""

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings import audit
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.i18n import whole_number_range
from meetings.models import Meeting, MeetingStatus, MeetingType, Party, Venue
from meetings.scheduling import rules
from meetings.scheduling.inputs import MeetingInput
from meetings.scheduling.workflow import INITIAL_STATUSES
from meetings.transaction import operation

# A meeting's ordinal ("the 7th"): the forms' bound, the API's too.
MAX_NUMBER = 1000


def _meeting_values(data: MeetingInput) -> dict[str, Any]:
    tz = rules.zone(data.timezone)
    if data.number is not None and not 1 <= data.number <= MAX_NUMBER:
        raise RuleError(whole_number_range(1, MAX_NUMBER), "number")
    mtype = rules.exists(MeetingType, data.type_id, "type_id")
    if mtype is None:
        raise RuleError(_("This field is required."), "type_id")
    values: dict[str, Any] = {name: rules.text(getattr(data, name), name, Meeting, required=name == "title_en")
                              for name in ("title_en", "title_ru", "city_en", "city_ru", "cbm_dimension")}
    values.update(
        online_url=rules.web_address(data.online_url, "online_url", Meeting),
        description_en=rules.long_text(data.description_en, "description_en", rules.MEETING_DESCRIPTION_LENGTH),
        description_ru=rules.long_text(data.description_ru, "description_ru", rules.MEETING_DESCRIPTION_LENGTH),
        type_id=mtype.id, number=data.number, timezone=tz,
        host_party_id=rules.id_of(Party, data.host_party_id, "host_party_id"),
        chair_party_id=rules.id_of(Party, data.chair_party_id, "chair_party_id"),
        venue_id=rules.id_of(Venue, data.venue_id, "venue_id"),
        format=data.format, visibility=data.visibility, registration_deadline=data.registration_deadline,
        **rules.times(data.local_start, data.local_end, tz),
    )
    return values


def _items_outside(meeting: Meeting, starts_at: datetime, ends_at: datetime) -> None:
    outside = [i for i in meeting.agenda_items if i.starts_at < starts_at or i.ends_at > ends_at]
    if outside:
        raise RuleError(
            _("%(n)d timetable entries would lie outside the new dates (first: “%(title)s”). Move or delete them "
              "first, or postpone the meeting to move its timetable with it.",
              n=len(outside), title=outside[0].title_en), "starts_at")


@operation
def create_meeting(data: MeetingInput, *, user, accept_warnings: bool = False) -> Meeting:
    values = _meeting_values(data)
    if data.status not in INITIAL_STATUSES:
        raise RuleError(_("A new meeting is a draft, planned or confirmed."), "status")
    rules.warn(rules.body_warnings(None, values["type_id"], values["starts_at"], values["ends_at"]), accept_warnings)
    meeting = Meeting(status=data.status, **values)
    db.session.add(meeting)
    db.session.flush()
    rules.record(meeting, "created", f"Created: {meeting.title_en}", user=user, version_before=0,
                 changes={"status": [None, data.status.value]})
    return meeting


@operation
def update_meeting(meeting: Meeting, data: MeetingInput, *, user, expected_version: int | None,
                   accept_warnings: bool = False) -> Meeting:
    """Edit a meeting's details (not its status: see change_status, postpone_meeting, cancel_meeting)."""
    rules.check_version(meeting, expected_version)
    values = _meeting_values(data)
    if (values["starts_at"], values["ends_at"]) != (meeting.starts_at, meeting.ends_at):
        _items_outside(meeting, values["starts_at"], values["ends_at"])
        rules.warn(rules.body_warnings(meeting.id, values["type_id"], values["starts_at"], values["ends_at"]),
                   accept_warnings)
    changes = audit.diff(meeting, values)
    if not changes:
        return meeting
    version = meeting.version
    rules.apply(meeting, values, changes)
    rules.record(meeting, "edited", f"Edited: {', '.join(changes)}", user=user, changes=changes,
                 version_before=version)
    rules.flush(meeting, expected_version)
    return meeting


def meetings_for_management(*, status: MeetingStatus | None = None):
    """The statement of every meeting, latest first (the view pages through it: meetings/pagination)."""
    query = (
        select(Meeting).options(joinedload(Meeting.type), joinedload(Meeting.venue))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if status is not None:
        query = query.where(Meeting.status == status)
    return query


# The checks alone, without the write: bulk benchmark rows (meetings/bench_data.py) pass through them.
meeting_values = _meeting_values
