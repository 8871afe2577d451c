"""What the audit trail's actions and kinds of object are called, in the reader's language: one
label for every action the code records (tests/audit/test_labels.py reads every ``audit.record``)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

ACTION_LABELS = {
    "meeting.created": _lp("meeting history", "Created"),
    "meeting.edited": _l("Edited"),
    # Entries before migration 0012 name a move to new dates "postponed" (their changes say the dates).
    "meeting.rescheduled": _l("Rescheduled"),
    "meeting.postponed": _lp("meeting history", "Postponed"),
    "meeting.cancelled": _lp("meeting history", "Cancelled"),
    "meeting.held": _l("Marked as held"),
    "meeting.status_changed": _l("Status changed"),
    "meeting.notified": _l("Invitations sent"),
    "agenda_item.added": _l("Timetable entry added"),
    "agenda_item.edited": _l("Timetable entry changed"),
    "agenda_item.deleted": _l("Timetable entry deleted"),
    "venue.created": _l("Venue added"),
    "venue.edited": _l("Venue changed"),
    "room.created": _l("Room added"),
    "room.edited": _l("Room changed"),
    "room.deleted": _l("Room deleted"),
    "party.edited": _l("Party changed"),
    "person.created": _l("Person added"),
    "person.edited": _l("Person's data changed"),
    "person.photo_added": _l("Photo added"),
    "person.photo_replaced": _l("Photo replaced"),
    "person.photo_removed": _l("Photo removed"),
    "delegation.invited": _l("Party invited"),
    "delegation.edited": _l("Delegation changed"),
    "registration.registered": _lp("registration history", "Registered"),
    "registration.edited": _l("Registration changed"),
    "registration.status_changed": _l("Accreditation status changed"),
    # what focal points enter for their delegation besides its registrations (the organizer's desk lists it)
    "travel.added": _l("Arrival or departure added"),
    "travel.edited": _l("Arrival or departure changed"),
    "travel.removed": _l("Arrival or departure removed"),
    "visa_letter.requested": _l("Visa letter requested"),
    "visa_letter.edited": _l("Visa letter request changed"),
    "visa_letter.issued": _l("Visa letter issued"),
    "visa_letter.sent": _l("Visa letter sent"),
    "visa_letter.cancelled": _l("Visa letter cancelled"),
    "feed_token.issued": _l("Feed address issued"),
    "feed_token.revoked": _l("Feed address revoked"),
    "user.created": _l("User created"),
    "user.edited": _l("User changed"),
    "outbox_message.retried": _l("E-mail sent again"),
    "user.deactivated": _l("User deactivated"),
    "user.reactivated": _l("User reactivated"),
    "user.password_reset": _l("Password reset"),
    "user.password_changed": _l("Password changed"),
    "person.exported": _l("Personal data exported"),
    "person.purged": _l("Personal data cleared after the retention period"),
    "visa_letter.requested_again": _l("Visa letter requested again"),
    "task.created": _l("Task added"),
    "task.edited": _l("Task changed"),
    "task.status_changed": _l("Task status changed"),
    "task.deleted": _l("Task deleted"),
    "task.template_applied": _l("Checklist applied"),
    "task.moved": _l("Due dates moved with the meeting"),
    "hotel.created": _l("Hotel added"),
    "hotel.edited": _l("Hotel changed"),
    "hotel_block.created": _l("Room block added"),
    "hotel_block.edited": _l("Room block changed"),
    "hotel_block.deleted": _l("Room block deleted"),
    "hotel_assignment.created": _l("Room assigned"),
    "hotel_assignment.edited": _l("Room assignment changed"),
    "hotel_assignment.deleted": _l("Room assignment removed"),
    "interpreter.created": _l("Interpreter added"),
    "interpreter.edited": _l("Interpreter changed"),
    "interpretation.edited": _l("Interpretation changed"),
    "interpretation.defaults_applied": _l("Interpretation into English and Russian applied"),
}
# Kinds of object; one not listed here (added later) is shown by its stored name.
OBJECT_TYPE_LABELS = {
    "meeting": _l("Meeting"),
    "agenda_item": _l("Timetable entry"),
    "venue": _l("Venue"),
    "room": _l("Room"),
    "party": _l("Party"),
    "person": _l("Person"),
    "delegation": _l("Delegation"),
    "registration": _l("Registration"),
    "feed_token": _l("Feed address"),
    "user": _l("User"),
    "outbox_message": _l("E-mail"),
    "task": _l("Task"),
    "travel": _l("Arrival or departure"),
    "visa_letter": _l("Visa letter"),
    "hotel": _l("Hotel"),
    "hotel_block": _l("Room block"),
    "hotel_assignment": _l("Room assignment"),
    "interpreter": _l("Interpreter"),
    "interpretation": _l("Interpretation"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def object_type_label(object_type: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(object_type, object_type))
