"""What a calendar shows of each row, and the rule that a change to it raises SEQUENCE.

RFC 5545 clients (Google among them) keep an event as it was unless its SEQUENCE rises, and
LAST-MODIFIED tells them which copy is newer. A meeting's event shows fields of other rows too:
its venue's name (LOCATION), its type's name (CATEGORIES); a session shows its room's name and
its chair's name. So whenever such a row changes in a way an event shows, every event that shows
it rises: one session hook here, whatever the entry point (form, import, command, seed).
Party names reach only a feed's own name, which has no SEQUENCE (the feed's ETag covers them).
"""

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session

from meetings.models import AgendaItem, Meeting, MeetingType, Person, Room, Venue, utcnow

# Fields of the meeting and session themselves that their events show (the scheduling rules raise
# SEQUENCE for these when a meeting or item is saved).
MEETING_CALENDAR_FIELDS = (
    "title_en", "title_ru", "starts_at", "ends_at", "timezone", "city_en", "city_ru", "venue_id",
    "format", "online_url", "status", "type_id", "visibility", "description_en", "description_ru",
    "rescheduled_from_start", "rescheduled_from_end",  # "Rescheduled from ..." in DESCRIPTION
)
ITEM_CALENDAR_FIELDS = ("title_en", "title_ru", "starts_at", "ends_at", "room_id", "chair_id", "kind",
                        "description_en", "description_ru")

# Other rows: the fields events show, and which events show them.
SHOWN_ELSEWHERE = {
    Venue: (("name_en", "name_ru", "address", "address_ru"), Meeting, Meeting.venue_id),
    MeetingType: (("name_en", "name_ru"), Meeting, Meeting.type_id),
    Room: (("name", "name_ru"), AgendaItem, AgendaItem.room_id),
    Person: (("printed_name", "printed_name_ru", "given_names", "family_name", "given_names_ru", "family_name_ru"),
             AgendaItem, AgendaItem.chair_id),
}


def _changed(obj, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


@event.listens_for(Session, "before_flush")
def raise_sequence_of_events_showing_changed_rows(session: Session, flush_context, instances) -> None:
    ids: dict[type, set[int]] = {}
    for obj in session.dirty:
        shown = SHOWN_ELSEWHERE.get(type(obj))
        if shown is not None and obj.id is not None and _changed(obj, shown[0]):
            ids.setdefault(type(obj), set()).add(obj.id)
    # A deleted row leaves the events that showed it (the database sets their reference to NULL):
    # they change too. This runs before the DELETE, while the references still point at it.
    for obj in session.deleted:
        if type(obj) in SHOWN_ELSEWHERE and obj.id is not None:
            ids.setdefault(type(obj), set()).add(obj.id)
    now = utcnow()
    for model, changed in ids.items():
        _fields, target, column = SHOWN_ELSEWHERE[model]
        # A plain UPDATE, not ORM attributes: the meeting's optimistic-lock version stays, since
        # nobody edited the meeting itself (an organizer's open form is still valid).
        session.connection().execute(
            update(target.__table__).where(column.in_(changed))
            .values(sequence=target.__table__.c.sequence + 1, updated_at=now)
        )
