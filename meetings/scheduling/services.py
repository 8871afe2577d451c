"""Planning meetings: every rule of scheduling, whatever the way in (form, CLI, API, import).

The package's public face: the services and their errors, each kept in the module of the rule
it holds. Services take typed inputs (inputs.py), are operations (meetings/transaction.py: the
commit is the transaction's, a refusal rolls everything back) and refuse with meetings.domain
exceptions; warnings raise WarningsPending unless the caller accepted them.

- meetings.py: create and edit a meeting (with the warning for two meetings of one body)
- workflow.py: status changes (TRANSITIONS), cancel, mark as held, postpone until further notice,
  move to new dates (postpone_meeting)
- timetable.py: entries of the timetable, rooms taken, people booked twice
- venues.py: venues and rooms
- rules.py: checks shared by them (times, texts, choices, versions, SEQUENCE)
"""

from meetings.domain import ConflictError, StaleVersionError, WarningsPending
from meetings.scheduling.inputs import KEEP, ItemInput, MeetingInput, PostponeInput, RoomInput, VenueInput
from meetings.scheduling.meetings import create_meeting, meetings_for_management, update_meeting
from meetings.scheduling.rules import SchedulingError, TransitionError
from meetings.scheduling.timetable import add_agenda_item, delete_agenda_item, update_agenda_item
from meetings.scheduling.venues import delete_room, save_room, save_venue, venue_list
from meetings.scheduling.workflow import (
    INITIAL_STATUSES,
    MOVABLE,
    STATUSES_AFTER_MOVE,
    TRANSITIONS,
    allowed_transitions,
    cancel_meeting,
    change_status,
    mark_held,
    postpone_meeting,
    postpone_until_further_notice,
)

__all__ = [
    "INITIAL_STATUSES", "KEEP", "MOVABLE", "STATUSES_AFTER_MOVE", "TRANSITIONS", "ConflictError", "ItemInput", "MeetingInput", "PostponeInput",
    "RoomInput", "SchedulingError", "StaleVersionError", "TransitionError", "VenueInput", "WarningsPending",
    "add_agenda_item", "allowed_transitions", "cancel_meeting", "change_status", "create_meeting",
    "delete_agenda_item", "delete_room", "mark_held", "meetings_for_management", "postpone_meeting", "postpone_until_further_notice", "save_room",
    "save_venue", "update_agenda_item", "update_meeting", "venue_list",
]
