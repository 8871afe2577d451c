"""A change that a calendar shows raises SEQUENCE and LAST-MODIFIED of every event that shows it,
whichever row it comes from (meetings/calendar_fields.py): venue, room, chair, meeting type."""

import time

import pytest
from icalendar import Calendar
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import MeetingType, Person, UserRole

ORGANIZER = UserRole.ORGANIZER


@pytest.fixture
def scene(client, auth, build, future):
    venue = build.venue("Palace of Independence", "Astana", "Asia/Almaty")
    hall, side = build.room("Hall A", venue=venue), build.room("Room 2", venue=venue)
    chair = build.person(family_name="Abenov", given_names="Nurlan")
    meeting = build.meeting(starts_at=future, venue=venue, timezone="Asia/Almaty")
    chaired = build.item(meeting, future, room=hall, chair=chair, title_en="Opening")
    other = build.item(meeting, future.replace(hour=7), room=side, title_en="Working group")
    elsewhere = build.meeting(starts_at=future, title_en="Elsewhere")
    auth.login(ORGANIZER)
    return {"venue": venue, "hall": hall, "chair": chair, "meeting": meeting, "chaired": chaired, "other": other,
            "elsewhere": elsewhere}


def _events(client, meeting) -> dict[str, tuple[int, object]]:
    body = client.get(f"/meetings/{meeting.id}.ics").data
    return {str(e["UID"]).split("@")[0]: (int(e["SEQUENCE"]), e["LAST-MODIFIED"].dt)
            for e in Calendar.from_ical(body).walk("VEVENT")}


def _risen(before, after) -> set[str]:
    for uid in before:
        assert after[uid][0] >= before[uid][0] and after[uid][1] >= before[uid][1], uid
    return {uid for uid in before if after[uid][0] > before[uid][0] and after[uid][1] > before[uid][1]}


def _change(client, scene, what):
    s = scene
    if what == "venue":
        data = {"name_en": "Palace of Peace and Reconciliation", "name_ru": "", "city_en": "Astana", "city_ru": "",
                "address": "", "timezone": "Asia/Almaty"}
        assert client.post(f"/manage/venues/{s['venue'].id}", data=data).status_code == 302
    elif what == "room":
        assert client.post(f"/manage/rooms/{s['hall'].id}/edit", data={"name": "Main Hall", "capacity": "400",
                                                                       "interpretation_booths": "2"}).status_code == 302
    elif what == "chair":
        chair = s["chair"]
        data = {"family_name": "Abenov", "given_names": "Nurlan B.", "party_id": ""}
        assert client.post(f"/people/{chair.id}/edit", data=data).status_code == 302
    elif what == "type":
        # Meeting types have no form: they come from the seed and the command line.
        db.session.scalar(select(MeetingType).where(MeetingType.code == "SOC")).name_en = "Committee of Senior Officials"
        db.session.commit()


@pytest.mark.parametrize(("what", "expected"), [
    ("venue", {"meeting-{m}", "agenda-item-{c}", "agenda-item-{o}"}),  # LOCATION of all three
    ("room", {"agenda-item-{c}"}),  # LOCATION of the session in that room
    ("chair", {"agenda-item-{c}"}),  # DESCRIPTION of the session chaired
    ("type", {"meeting-{m}", "agenda-item-{c}", "agenda-item-{o}"}),  # CATEGORIES
])
def test_a_shown_change_raises_exactly_the_events_that_show_it(client, scene, what, expected):
    ids = {"m": scene["meeting"].id, "c": scene["chaired"].id, "o": scene["other"].id}
    before, before_elsewhere = _events(client, scene["meeting"]), _events(client, scene["elsewhere"])
    version = scene["meeting"].version
    time.sleep(1)  # LAST-MODIFIED has whole seconds
    _change(client, scene, what)
    after = _events(client, scene["meeting"])
    shown = {uid.format(**ids) for uid in expected}
    if what == "type":  # the elsewhere meeting is of the same type
        assert _risen(before_elsewhere, _events(client, scene["elsewhere"])) == {f"meeting-{scene['elsewhere'].id}"}
    else:
        assert _events(client, scene["elsewhere"]) == before_elsewhere
    assert _risen(before, after) == shown
    db.session.expire_all()
    assert scene["meeting"].version == version  # an organizer's open form of the meeting stays valid


def test_a_change_no_calendar_shows_raises_nothing(client, scene):
    before = _events(client, scene["meeting"])
    chair = scene["chair"]
    data = {"family_name": "Abenov", "given_names": "Nurlan", "party_id": "", "passport_number": "N1234"}
    assert client.post(f"/people/{chair.id}/edit", data=data).status_code == 302
    assert _events(client, scene["meeting"]) == before


def test_deleting_a_chair_raises_the_sessions_they_chaired(client, scene):
    # People have no delete form; a deletion from the command line or a purge goes through the ORM.
    before = _events(client, scene["meeting"])
    time.sleep(1)  # LAST-MODIFIED has whole seconds
    db.session.delete(db.session.get(Person, scene["chair"].id))
    db.session.commit()
    assert _risen(before, _events(client, scene["meeting"])) == {f"agenda-item-{scene['chaired'].id}"}
