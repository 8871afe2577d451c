"""Texts through the services, as an API, the CLI or an import sends them: a control character
is refused with the field it is in, never dropped silently, and nothing is saved."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import AgendaItem, AuditEntry, Meeting, MeetingStatus, Room, Venue
from meetings.scheduling import services
from meetings.scheduling.services import PostponeInput, RoomInput, SchedulingError, VenueInput

REFUSED = "Remove the invisible control characters from this text."


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Meeting, AgendaItem, AuditEntry, Venue, Room))


@pytest.mark.parametrize(("field", "value"), [
    ("title_en", "Senior\x00 Officials Committee"),
    ("title_ru", "Комитет\x0bстарших"),
    ("city_en", "Ba\x07ku"),
    ("city_ru", "Баку\n"),  # a line break is no part of a one-line text
    ("online_url", "https://meet.example.org/\tx"),
    ("cbm_dimension", "Economic\x7f"),
    ("description_en", "First line\x0bsecond line"),  # Word's line break: not a line feed
    ("description_ru", "\x00"),
])
def test_a_meeting_text_with_a_control_character_is_refused(plan, field, value):
    before = _counts()
    with pytest.raises(SchedulingError) as refused:
        plan.meeting(**{field: value})
    assert (refused.value.field, str(refused.value)) == (field, REFUSED)
    assert _counts() == before


def test_an_edit_with_a_control_character_changes_nothing(plan):
    meeting = plan.meeting()
    version, before = meeting.version, _counts()
    with pytest.raises(SchedulingError) as refused:
        services.update_meeting(meeting, plan.meeting_data(title_en="Renamed\x00"), user=plan.user,
                                expected_version=meeting.version)
    assert refused.value.field == "title_en"
    db.session.expire_all()
    assert (meeting.title_en, meeting.version, _counts()) == ("Senior Officials Committee", version, before)


def test_multi_line_texts_keep_tab_and_line_breaks(plan):
    meeting = plan.meeting(description_en="  First line\r\nsecond\tline\n  ", title_en="  Spaced  ")
    assert (meeting.description_en, meeting.title_en) == ("First line\nsecond\tline", "Spaced")


@pytest.mark.parametrize(("field", "value"), [
    ("title_en", "Ple\x00nary"), ("title_ru", "Пленарное\r"), ("documents", "Draft\x0cdeclaration"),
    ("description_en", "\x1b[31m"),
])
def test_an_item_text_with_a_control_character_is_refused(plan, field, value):
    meeting = plan.meeting()
    before = _counts()
    with pytest.raises(SchedulingError) as refused:
        plan.item(meeting, **{field: value})
    assert (refused.value.field, str(refused.value)) == (field, REFUSED)
    assert _counts() == before


@pytest.mark.parametrize("reason", ["No\x00 quorum", "Off\x0b"])
def test_a_reason_with_a_control_character_is_refused(plan, reason):
    meeting = plan.meeting()
    before = _counts()
    with pytest.raises(SchedulingError) as refused:
        services.cancel_meeting(meeting, reason=reason, user=plan.user, expected_version=meeting.version)
    assert refused.value.field == "reason"
    with pytest.raises(SchedulingError) as refused:
        services.postpone_meeting(meeting, PostponeInput(new_start=datetime(2027, 1, 5, 9),
                                                         new_end=datetime(2027, 1, 5, 18), reason=reason),
                                  user=plan.user, expected_version=meeting.version)
    assert refused.value.field == "reason"
    with pytest.raises(SchedulingError) as refused:
        services.postpone_meeting(meeting, PostponeInput(new_start=datetime(2027, 1, 5, 9),
                                                         new_end=datetime(2027, 1, 5, 18), reason="Later",
                                                         city_en="Ast\x00ana"),
                                  user=plan.user, expected_version=meeting.version)
    assert refused.value.field == "city_en"
    db.session.expire_all()
    assert (meeting.status, _counts()) == (MeetingStatus.PLANNED, before)


def test_venue_and_room_names_with_a_control_character_are_refused(organizer, venue):
    before = _counts()
    with pytest.raises(SchedulingError) as refused:
        services.save_venue(None, VenueInput(name_en="Hall\x00", city_en="Baku", timezone="Asia/Baku"),
                            user=organizer)
    assert refused.value.field == "name_en"
    with pytest.raises(SchedulingError) as refused:
        services.save_venue(venue, VenueInput(name_en="Hall", city_en="Baku", timezone="Asia/Baku",
                                              address="Street 1\nBaku"), user=organizer)
    assert refused.value.field == "address"
    with pytest.raises(SchedulingError) as refused:
        services.save_room(venue, None, RoomInput(name="Room\x00 C"), user=organizer)
    assert refused.value.field == "name"
    db.session.expire_all()
    assert (venue.name_en, venue.address, _counts()) == ("Baku Congress Center", "", before)
