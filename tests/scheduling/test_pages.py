"""Organizer pages: forms keep the input and show errors beside the field; nothing is written."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    AuditEntry,
    Meeting,
    MeetingStatus,
    OutboxMessage,
    Room,
    UserRole,
    Venue,
)
from meetings.scheduling import services
from meetings.timeutil import to_local
from tests.chromium import run_page


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Meeting, AgendaItem, AuditEntry))


def _form(build, **overrides) -> dict:
    data = {
        "title_en": "Senior Officials Committee", "title_ru": "", "type_id": str(build.meeting_type("SOC").id),
        "status": "planned", "visibility": "public", "timezone": "Asia/Baku", "start_date": "2026-12-09",
        "start_time": "09:00", "end_date": "2026-12-10", "end_time": "18:00", "format": "in_person",
        "host_party_id": "", "chair_party_id": "", "venue_id": "", "city_en": "Baku", "city_ru": "Баку",
    }
    data.update(overrides)
    return data


def _field_errors(body: str, field: str) -> str:
    """The text of the error list shown beside a field (empty if none)."""
    marker = f'<ul class="errors" id="{field}-errors">'
    if marker not in body:
        return ""
    return body.split(marker, 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize("role", [None, UserRole.STAFF, UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_only_organizers_and_admins_manage(client, auth, role):
    if role is not None:
        auth.login(role)
    response = client.get("/manage/meetings")
    assert response.status_code == (302 if role is None else 403)
    assert "Manage meetings" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", [UserRole.ORGANIZER, UserRole.ADMIN])
def test_organizers_see_the_link_and_pages(client, auth, build, role):
    draft = build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT)
    auth.login(role)
    assert 'href="/manage/meetings">Manage meetings</a>' in client.get("/").get_data(as_text=True)
    response = client.get("/manage/meetings")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Manage meetings</h1>" in body
    assert "Draft SOC" in body and f'href="/manage/meetings/{draft.id}/edit"' in body  # drafts too
    assert client.get("/manage/meetings/999/edit").status_code == 404
    assert client.get("/manage/venues/999").status_code == 404


def test_create_a_meeting_in_local_time(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    response = client.post("/manage/meetings/new", data=_form(build))
    meeting = db.session.scalars(select(Meeting)).one()
    assert response.headers["Location"] == f"/manage/meetings/{meeting.id}/timetable"
    assert to_local(meeting.starts_at, "Asia/Baku").replace(tzinfo=None) == datetime(2026, 12, 9, 9, 0)
    assert meeting.starts_at.isoformat() == "2026-12-09T05:00:00+00:00"
    assert meeting.status is MeetingStatus.PLANNED
    assert "The meeting was created." in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"end_date": "2026-12-08"}, "end_date", "The end must be after the start."),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Not a valid choice"),
    ({"start_date": "2025-02-31"}, "start_date", "Not a valid date"),
    ({"start_time": "25:00"}, "start_time", "Not a valid time"),
    ({"title_en": "x" * 301}, "title_en", "300"),
    ({"title_en": ""}, "title_en", "This field is required."),
    ({"type_id": "999999"}, "type_id", "Not a valid choice"),
    ({"type_id": "abc"}, "type_id", "Invalid Choice"),
    ({"number": "seven"}, "number", "Not a valid integer value"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "Invalid URL"),
    ({"start_date": "0001-12-09"}, "start_date", "Enter a year between 1992 and 2100."),
    ({"end_date": "9999-12-10"}, "end_date", "Enter a year between 1992 and 2100."),
    # 02:30 on 29 March 2026 does not exist in Berlin: the clocks jump from 02:00 to 03:00.
    ({"timezone": "Europe/Berlin", "start_date": "2026-03-29", "start_time": "02:30"}, "start_date",
     "does not exist in Berlin"),
])
def test_bad_meeting_input_is_shown_beside_the_field_and_kept(client, auth, build, overrides, field, message):
    auth.login(UserRole.ORGANIZER)
    before = _counts()
    response = client.post("/manage/meetings/new", data=_form(build, **overrides))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in _field_errors(body, field)
    assert 'value="Baku"' in body  # what the user typed elsewhere is kept
    if field == "start_date" and "02-31" in overrides.get("start_date", ""):
        assert 'value="2025-02-31"' in body
    assert _counts() == before


def test_an_ambiguous_local_time_is_accepted_as_its_first_occurrence(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    # 02:30 on 25 October 2026 happens twice in Berlin; the first one (summer time) is taken.
    response = client.post("/manage/meetings/new", data=_form(
        build, timezone="Europe/Berlin", start_date="2026-10-25", start_time="02:30"))
    assert response.status_code == 302
    assert db.session.scalars(select(Meeting)).one().starts_at.isoformat() == "2026-10-25T00:30:00+00:00"


def test_hostile_text_is_stored_as_text_and_escaped(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    client.post("/manage/meetings/new", data=_form(build, title_en="<script>alert(1)</script>"))
    meeting = db.session.scalars(select(Meeting)).one()
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


REFUSED_TEXT = "Remove the invisible control characters from this text."


def test_control_characters_are_refused_beside_the_field_with_the_text_kept(client, auth, build, plan, venue):
    """A NUL (PostgreSQL refuses it: a 500) or a vertical tab (Word's line break) pasted into a form
    is refused beside its field, never dropped silently: what was typed stays in the form, and
    nothing is saved. (Until issue #12 these characters were silently dropped.)"""
    auth.login(UserRole.ORGANIZER)
    before = _counts()
    response = client.post("/manage/meetings/new", data=_form(
        build, title_en="Senior\x00 Officials\x0bCommittee", city_en="Ba\x07ku",
        description_en="First line\x0bsecond line\x00", start_date="2031-03-03", end_date="2031-03-04"))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    for field in ("title_en", "city_en", "description_en"):
        assert REFUSED_TEXT in _field_errors(body, field)
    assert 'value="Senior\x00 Officials\x0bCommittee"' in body and 'value="Ba\x07ku"' in body
    assert "First line\x0bsecond line\x00</textarea>" in body
    assert _counts() == before
    meeting = plan.meeting(local_start=datetime(2031, 3, 3, 9), local_end=datetime(2031, 3, 4, 18))
    url = f"/manage/meetings/{meeting.id}/timetable"
    before = _counts()
    item = _item_form(day="2031-03-03", title_en="Ple\x00nary", documents="Draft\x0bdeclaration",
                      version=str(meeting.version))
    body = client.post(url, data=item).get_data(as_text=True)
    assert REFUSED_TEXT in _field_errors(body, "title_en") and REFUSED_TEXT in _field_errors(body, "documents")
    assert 'value="Ple\x00nary"' in body and "Draft\x0bdeclaration</textarea>" in body
    assert _counts() == before
    body = client.post(f"/manage/venues/{venue.id}/rooms", data={
        "name": "Room\x00 C", "capacity": "1", "interpretation_booths": "0"}).get_data(as_text=True)
    assert REFUSED_TEXT in _field_errors(body, "name") and 'value="Room\x00 C"' in body
    assert db.session.scalar(select(Room.name).where(Room.venue_id == venue.id, Room.capacity == 1)) is None
    db.session.expire_all()
    body = client.post(f"/manage/meetings/{meeting.id}/cancel",
                       data={"version": str(meeting.version), "reason": "No\x00 quorum"}).get_data(as_text=True)
    assert REFUSED_TEXT in _field_errors(body, "reason") and "No\x00 quorum</textarea>" in body
    db.session.expire_all()
    assert meeting.status is MeetingStatus.PLANNED
    assert _counts() == before


def test_texts_may_span_lines_where_the_field_does(client, auth, plan):
    """Tab and line breaks are text in a multi-line field (Windows line ends become line feeds)."""
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    url = f"/manage/meetings/{meeting.id}/timetable"
    item = _item_form(documents="CICA/SOC/2026/1\r\nCICA/SOC/2026/2\tdraft", version=str(meeting.version))
    assert client.post(url, data=item).status_code == 302
    assert db.session.scalars(select(AgendaItem.documents)).one() == "CICA/SOC/2026/1\nCICA/SOC/2026/2\tdraft"


def test_a_stale_edit_is_refused_with_what_changed_and_the_input_kept(client, auth, build, plan):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    page = client.get(f"/manage/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{meeting.version}"' in page
    mine = _form(build, title_en="My title", version=str(meeting.version))
    mine.pop("status")
    # A colleague saves first.
    colleague = dict(mine, title_en="Colleague's title")
    assert client.post(f"/manage/meetings/{meeting.id}/edit", data=colleague).status_code == 302
    before = _counts()
    response = client.post(f"/manage/meetings/{meeting.id}/edit", data=mine)
    body = response.get_data(as_text=True)
    assert "Someone else changed this meeting since you opened the form." in body
    assert "Title (English): Senior Officials Committee → Colleague&#39;s title" in body
    assert 'value="My title"' in body
    assert _counts() == before
    db.session.expire_all()
    assert meeting.title_en == "Colleague's title"
    # The form now carries the current version: saving again is a deliberate choice, and works.
    assert f'value="{meeting.version}"' in body
    assert client.post(f"/manage/meetings/{meeting.id}/edit", data=dict(mine, version=str(meeting.version))
                       ).status_code == 302


@pytest.mark.parametrize("version", ["abc", "²", "٣"])
def test_a_tampered_version_is_stale(client, auth, build, plan, version):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    data = _form(build, title_en="Mine", version=version)
    data.pop("status")
    body = client.post(f"/manage/meetings/{meeting.id}/edit", data=data).get_data(as_text=True)
    assert "Someone else changed this meeting" in body


def test_warnings_are_shown_and_accepted_with_the_checkbox(client, auth, build, plan):
    auth.login(UserRole.ORGANIZER)
    plan.meeting(type_code="MC", title_en="Ministerial Council")
    data = _form(build, type_id=str(build.meeting_type("IMC").id), title_en="Informal meeting")
    body = client.post("/manage/meetings/new", data=data).get_data(as_text=True)
    assert "of the same body (Council of Ministers of Foreign Affairs) overlaps these dates." in body
    assert 'name="confirm_warnings"' in body
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1
    assert client.post("/manage/meetings/new", data=dict(data, confirm_warnings="y")).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 2


def _item_form(**overrides) -> dict:
    data = {"day": "2026-12-09", "start_time": "10:00", "end_time": "12:00", "title_en": "Plenary",
            "title_ru": "", "kind": "plenary", "room_id": "", "chair_id": "", "position": "0"}
    data.update(overrides)
    return data


def test_the_item_form_offers_the_meetings_own_rooms_and_days(client, auth, plan, venue, almaty_room):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting(venue_id=venue.id)
    url = f"/manage/meetings/{meeting.id}/timetable"
    page = client.get(url).get_data(as_text=True)
    assert "Plenary Hall · Baku Congress Center" in page and "Main Hall" not in page
    day = page.split('id="day"', 1)[1].split(">", 1)[0]
    assert 'min="2026-12-09"' in day and 'max="2026-12-10"' in day and 'value="2026-12-09"' in day
    assert "Revision for calendars" in page and "Sequence" not in page
    # An entry already in a room elsewhere keeps it on its form.
    item = plan.item(meeting, room_id=almaty_room.id)
    assert "Main Hall · Palace of Independence" in client.get(f"{url}/{item.id}/edit").get_data(as_text=True)


def test_timetable_add_edit_move_delete(client, auth, plan, venue):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    url = f"/manage/meetings/{meeting.id}/timetable"
    assert client.post(url, data=_item_form(version=str(meeting.version))).status_code == 302
    item = db.session.scalars(select(AgendaItem)).one()
    edit = f"{url}/{item.id}/edit"
    assert 'value="2026-12-09"' in client.get(edit).get_data(as_text=True)
    db.session.expire_all()
    moved = _item_form(day="2026-12-10", start_time="15:00", end_time="16:00", room_id=str(venue.rooms[1].id),
                       version=str(meeting.version))
    assert client.post(edit, data=moved).status_code == 302
    db.session.expire_all()
    assert to_local(item.starts_at, "Asia/Baku").strftime("%Y-%m-%d %H:%M") == "2026-12-10 15:00"
    assert item.room_id == venue.rooms[1].id
    response = client.post(f"{url}/{item.id}/delete", data={"version": str(meeting.version)})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.meeting_id == meeting.id)  # not the venue's
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["meeting.created", "agenda_item.added", "agenda_item.edited", "agenda_item.deleted"]


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"day": "2026-12-11"}, "day", "The entry must lie within the meeting"),
    ({"start_time": "07:00", "end_time": "08:00"}, "day", "The entry must lie within the meeting"),
    ({"end_time": "09:00"}, "end_time", "The end must be after the start."),
    ({"day": "2026-02-31"}, "day", "Not a valid date"),
    ({"title_en": "y" * 301}, "title_en", "300"),
    ({"room_id": "424242"}, "room_id", "Not a valid choice"),
    ({"chair_id": "424242"}, "chair_id", "Not a valid choice"),
])
def test_bad_item_input(client, auth, plan, overrides, field, message):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    before = _counts()
    response = client.post(f"/manage/meetings/{meeting.id}/timetable",
                           data=_item_form(version=str(meeting.version), **overrides))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in _field_errors(body, field)
    assert _counts() == before


def test_a_room_conflict_is_shown_beside_the_room(client, auth, plan, venue):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    plan.item(meeting, room_id=venue.rooms[0].id)
    db.session.expire_all()
    response = client.post(f"/manage/meetings/{meeting.id}/timetable", data=_item_form(
        version=str(meeting.version), room_id=str(venue.rooms[0].id), title_en="Second"))
    assert "Plenary Hall is taken then by" in _field_errors(response.get_data(as_text=True), "room_id")
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 1


def test_postpone_reschedule_and_cancel_pages(client, auth, plan):
    """Moved to new dates: confirmed there, "Rescheduled from" the old ones. Postponed until further
    notice: dates kept, shown as postponed; from there only rescheduled or cancelled."""
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    plan.item(meeting)
    db.session.expire_all()
    url = f"/manage/meetings/{meeting.id}/postpone"
    page = client.get(url).get_data(as_text=True)
    assert '<option selected value="planned">' in page  # a planned meeting stays planned unless told
    data = {"version": str(meeting.version), "start_date": "2027-01-20", "start_time": "9.00",
            "end_date": "2027-01-21", "end_time": "1800", "timezone": "Asia/Baku", "format": "online",
            "venue_id": "", "city_en": "", "city_ru": "", "online_url": "", "reason": "", "status": "confirmed"}
    body = client.post(url, data=data).get_data(as_text=True)
    assert "This field is required." in _field_errors(body, "reason")
    assert 'value="9.00"' in body and 'value="1800"' in body  # the times as typed, kept
    assert client.post(url, data=dict(data, reason="Host's request")).status_code == 302
    db.session.expire_all()
    assert meeting.status is MeetingStatus.CONFIRMED
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Rescheduled from 9–10 December 2026" in page and "Host&#39;s request" in page
    assert "has been postponed" not in page
    assert "Dates: 9–10 December 2026, 09:00–18:00 (Baku, UTC+4) → 20–21 January 2027, 09:00–18:00 (Baku, UTC+4)" in page
    assert "Rescheduled from 9–10 December 2026" in client.get(f"/manage/meetings/{meeting.id}/timetable").get_data(
        as_text=True)

    later = f"/manage/meetings/{meeting.id}/postpone/until-further-notice"
    body = client.post(later, data={"later-version": str(meeting.version), "later-reason": ""}).get_data(as_text=True)
    assert "This field is required." in _field_errors(body, "later-reason")
    assert meeting.status is MeetingStatus.CONFIRMED
    assert client.post(later, data={"later-version": str(meeting.version),
                                    "later-reason": "Awaiting the host"}).status_code == 302
    db.session.expire_all()
    assert meeting.status is MeetingStatus.POSTPONED
    assert to_local(meeting.starts_at, "Asia/Baku").date().isoformat() == "2027-01-20"  # the dates stay
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "This meeting has been postponed until further notice." in page and "Awaiting the host" in page
    response = client.post(f"/manage/meetings/{meeting.id}/status", data={"version": str(meeting.version),
                                                                          "status": "confirmed"})
    assert "Give the new dates" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert meeting.status is MeetingStatus.POSTPONED
    page = client.get(url).get_data(as_text=True)
    assert "Reschedule the meeting" in page and "Postpone until further notice" not in page
    cancel = f"/manage/meetings/{meeting.id}/cancel"
    assert client.post(cancel, data={"version": str(meeting.version), "reason": "No quorum"}).status_code == 302
    db.session.expire_all()
    assert meeting.status is MeetingStatus.CANCELLED


def test_a_postponed_meeting_is_rescheduled_on_the_same_page(client, auth, plan):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    services.postpone_until_further_notice(meeting, reason="Awaiting the host", user=plan.user,
                                           expected_version=meeting.version)
    url = f"/manage/meetings/{meeting.id}/postpone"
    page = client.get(url).get_data(as_text=True)
    assert '<option selected value="planned">' in page  # new dates are tentative until confirmed
    response = client.post(url, data={
        "version": str(meeting.version), "start_date": "2027-02-03", "start_time": "10", "end_date": "2027-02-03",
        "end_time": "17.30", "timezone": "Asia/Baku", "format": "in_person", "venue_id": "", "city_en": "Baku",
        "city_ru": "Баку", "online_url": "", "reason": "New dates agreed", "status": "planned"})
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.status is MeetingStatus.PLANNED
    assert (to_local(meeting.starts_at, "Asia/Baku").strftime("%Y-%m-%d %H:%M"),
            to_local(meeting.ends_at, "Asia/Baku").strftime("%H:%M")) == ("2027-02-03 10:00", "17:30")
    assert "Rescheduled from 9–10 December 2026" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_a_move_that_changes_nothing_is_refused_and_tells_nobody(client, auth, plan):
    """The move form sent as it opens (its own dates and place) changed nothing, yet every
    participant was sent "Rescheduled: ..."; now it is refused beside the dates, the reason kept."""
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    plan.build.registration(meeting, person=plan.build.person(email="d@mfa.example.cn", party=plan.build.party("CN")))
    url = f"/manage/meetings/{meeting.id}/postpone"
    version = meeting.version
    body = client.post(url, data=dict(_form_values(client.get(url).get_data(as_text=True)),
                                      reason="Pressed by mistake")).get_data(as_text=True)
    assert "present dates and place" in _field_errors(body, "start_date")
    assert "Pressed by mistake" in body
    db.session.expire_all()
    assert meeting.version == version and meeting.rescheduled_from_start is None
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_tampered_status_at_the_new_dates_is_refused_beside_it(client, auth, plan):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    body = client.post(f"/manage/meetings/{meeting.id}/postpone", data={
        "version": str(meeting.version), "start_date": "2027-01-20", "start_time": "09:00",
        "end_date": "2027-01-20", "end_time": "18:00", "timezone": "Asia/Baku", "format": "online",
        "reason": "x", "status": "held"}).get_data(as_text=True)
    assert "Not a valid choice." in _field_errors(body, "status")
    db.session.expire_all()
    assert meeting.status is MeetingStatus.PLANNED


def test_duplicate_item_prefills_a_copy_and_saves_only_on_submit(client, auth, plan, venue):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting(venue_id=venue.id, local_start=datetime(2026, 12, 9, 9), local_end=datetime(2026, 12, 9, 18))
    speaker, chair = plan.build.person(), plan.build.person()
    original = plan.item(meeting, title_en="Working session", title_ru="Рабочее заседание", room_id=venue.rooms[0].id,
                         chair_id=chair.id, speaker_ids=(speaker.id,), kind=AgendaItemKind.WORKING_SESSION,
                         local_start=datetime(2026, 12, 9, 10, 0), local_end=datetime(2026, 12, 9, 11, 30))
    db.session.expire_all()
    timetable = client.get(f"/manage/meetings/{meeting.id}/timetable").get_data(as_text=True)
    url = f"/manage/meetings/{meeting.id}/timetable/{original.id}/duplicate"
    assert f'href="{url}"' in timetable
    page = client.get(url).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 1  # nothing saved by opening it
    form = _form_values(page)
    assert {name: form[name] for name in ("day", "start_time", "end_time", "title_en", "title_ru", "kind",
                                          "room_id", "chair_id", "speaker_ids")} == {
        "day": "2026-12-09", "start_time": "11:30", "end_time": "13:00", "title_en": "Working session",
        "title_ru": "Рабочее заседание", "kind": "working_session", "room_id": str(venue.rooms[0].id),
        "chair_id": str(chair.id), "speaker_ids": str(speaker.id)}
    # Submitted as prefilled, but over the original: the room and the chair are taken then.
    clash = dict(form, start_time="11:00")
    body = client.post(url, data=clash).get_data(as_text=True)
    assert "is taken then by" in _field_errors(body, "room_id")
    assert 'value="11:00"' in body
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 1
    response = client.post(url, data=form)
    assert response.status_code == 302
    copy = db.session.scalars(select(AgendaItem).where(AgendaItem.id != original.id)).one()
    assert (copy.title_en, copy.room_id, copy.chair_id, [p.id for p in copy.speakers]) == (
        "Working session", venue.rooms[0].id, chair.id, [speaker.id])
    assert (to_local(copy.starts_at, "Asia/Baku").strftime("%H:%M"),
            to_local(copy.ends_at, "Asia/Baku").strftime("%H:%M")) == ("11:30", "13:00")


def _form_values(page: str) -> dict[str, str]:
    """The values a browser would submit from the page's main form (inputs, selected options, textareas)."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.values, self.select, self.textarea = {}, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") not in ("checkbox", "submit"):
                self.values[a["name"]] = a.get("value") or ""
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                self.values[self.select] = a.get("value") or ""
            elif tag == "textarea":
                self.textarea = a.get("name")
                self.values[self.textarea] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.values[self.textarea] += data

    parser = Form()
    form = next(part for part in page.split("<form ")[1:] if "novalidate>" in part.split(">", 1)[0] + ">")
    parser.feed(form.split(">", 1)[1].split("</form>", 1)[0])
    return parser.values


@pytest.mark.parametrize(("typed", "shown"), [
    ("14.30", "14:30"), ("1430", "14:30"), ("9", "09:00"), ("900", "09:00"), ("0900", "09:00"), ("9:00", "09:00"),
])
def test_times_typed_the_way_people_type_them_are_saved(client, auth, plan, typed, shown):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting(local_start=datetime(2026, 12, 9, 8), local_end=datetime(2026, 12, 9, 18))
    response = client.post(f"/manage/meetings/{meeting.id}/timetable", data=_item_form(
        version=str(meeting.version), start_time=typed, end_time="", duration="30"))
    assert response.status_code == 302
    item = db.session.scalars(select(AgendaItem)).one()
    assert to_local(item.starts_at, "Asia/Baku").strftime("%H:%M") == shown


@pytest.mark.parametrize(("field", "typed", "error"), [
    ("start_time", "25:00", "Not a valid time"),
    ("start_time", "9.75", "Not a valid time"),
    ("end_time", "noon", "Not a valid time"),
    ("duration", "1.5", "Not a valid duration"),
    ("duration", "0", "Not a valid duration"),
    ("duration", "45", "The end time and the duration disagree"),
    ("end_time", "", "Enter the end time or the duration."),
])
def test_nonsense_times_are_refused_beside_the_field_and_kept(client, auth, plan, field, typed, error):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    overrides = {field: typed} if field != "duration" else {field: typed, "end_time": "11:00"}
    body = client.post(f"/manage/meetings/{meeting.id}/timetable", data=_item_form(
        version=str(meeting.version), title_en="Typed title", **overrides)).get_data(as_text=True)
    assert error in _field_errors(body, field)
    assert f'value="{typed}"' in body or not typed
    assert 'value="Typed title"' in body
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0


@pytest.mark.parametrize("url", ["/manage/meetings/{m}/timetable", "/manage/meetings/{m}/timetable/{i}/duplicate"])
def test_a_duration_past_the_last_day_a_calendar_knows_is_refused_not_a_crash(client, auth, plan, url):
    """9999-12-31 23:30 plus an hour is past what Python counts: the year is refused beside the
    day, as for an end time, and what was typed is kept."""
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    item = plan.item(meeting)
    response = client.post(url.format(m=meeting.id, i=item.id), data=_item_form(
        version=str(meeting.version), day="9999-12-31", start_time="23:30", end_time="", duration="1h",
        title_en="Far future"))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Enter a year between" in _field_errors(body, "day")
    assert 'value="1h"' in body and 'value="Far future"' in body
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 1


def test_the_meeting_form_takes_typed_times(client, auth, plan):
    auth.login(UserRole.ORGANIZER)
    meeting = plan.meeting()
    url = f"/manage/meetings/{meeting.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'inputmode="decimal"' in page and 'placeholder="09:00"' in page
    form = _form_values(page)
    body = client.post(url, data=dict(form, start_time="24.00")).get_data(as_text=True)
    assert "Not a valid time" in _field_errors(body, "start_time") and 'value="24.00"' in body
    assert client.post(url, data=dict(form, start_time="830", end_time="17.45")).status_code == 302
    db.session.expire_all()
    assert (to_local(meeting.starts_at, "Asia/Baku").strftime("%H:%M"),
            to_local(meeting.ends_at, "Asia/Baku").strftime("%H:%M")) == ("08:30", "17:45")


def test_venues_and_rooms(client, auth):
    auth.login(UserRole.ORGANIZER)
    bad = client.post("/manage/venues", data={"name_en": "Hall", "city_en": "Baku", "timezone": "Nowhere/Else"})
    assert "Not a valid choice" in _field_errors(bad.get_data(as_text=True), "timezone")
    assert client.post("/manage/venues", data={"name_en": "Hall", "city_en": "Baku", "timezone": "Asia/Baku"}
                       ).status_code == 302
    venue = db.session.scalars(select(Venue)).one()
    url = f"/manage/venues/{venue.id}/rooms"
    assert client.post(url, data={"name": "Room A", "capacity": "40", "interpretation_booths": "2"}).status_code == 302
    duplicate = client.post(url, data={"name": "Room A", "capacity": "10", "interpretation_booths": "0"})
    assert "already" in _field_errors(duplicate.get_data(as_text=True), "name")
    negative = client.post(url, data={"name": "Room B", "capacity": "-1", "interpretation_booths": "0"})
    assert "Enter a whole number from 0 to 100,000." in _field_errors(negative.get_data(as_text=True), "capacity")
    room = db.session.scalars(select(Room)).one()
    assert (room.capacity, room.interpretation_booths) == (40, 2)
    assert client.post(f"/manage/rooms/{room.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Room)) == 0


def test_forms_need_the_csrf_token(make_app, build):
    from tests.conftest import PASSWORD

    app = make_app(WTF_CSRF_ENABLED=True)
    user = build.user(UserRole.ORGANIZER)
    with app.test_client() as client:
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        page = client.get("/manage/meetings/new")  # logged in: the form
        assert (page.status_code, "<h1>New meeting</h1>" in page.get_data(as_text=True)) == (200, True)
        response = client.post("/manage/meetings/new", data=_form(build))
        assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_the_zone_list_starts_with_the_member_states_and_says_each_offset(client, auth, venue):
    auth.login(UserRole.ORGANIZER)
    page = client.get("/manage/meetings/new").get_data(as_text=True)
    zones = page.split('id="timezone"', 1)[1].split("</select>", 1)[0]
    members, others = zones.split('<optgroup label="Other zones">')
    assert '<optgroup label="CICA Member States">' in members
    # Cities with their offsets, in the order of the cities; the values stay the IANA identifiers.
    assert 'value="Asia/Almaty">Almaty, UTC+5<' in members and 'value="Asia/Baku">Baku, UTC+4<' in members
    assert 'value="Asia/Kolkata">Kolkata, UTC+5:30<' in members  # India
    assert members.index(">Almaty, ") < members.index(">Baku, ") < members.index(">Kolkata, ")
    assert "Africa/Abidjan" not in members and 'value="Africa/Abidjan">Abidjan, UTC+0<' in others
    assert "Asia/Almaty" not in others
    assert f'<option data-timezone="Asia/Baku" value="{venue.id}">' in page  # WTForms sorts attributes


def test_choosing_a_venue_sets_the_meetings_zone_in_a_browser(client, auth, venue, tmp_path):
    auth.login(UserRole.ORGANIZER)
    page = client.get("/manage/meetings/new").get_data(as_text=True)
    probe = (f"const venue = document.getElementById('venue_id'); venue.value = '{venue.id}';"
             " venue.dispatchEvent(new Event('change'));"
             " parent.document.body.dataset.zone = document.getElementById('timezone').value;")
    dom = run_page(page, tmp_path, probe, width=1280, scripts=("venue-zone.js",))
    assert 'data-zone="Asia/Baku"' in dom
