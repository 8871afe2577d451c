"""A meeting's history shows the meeting's own changes, whatever else the audit trail holds."""

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AuditEntry, MeetingStatus, UserRole
from tests.participants.conftest import world  # noqa: F401 - the fixture

ROLES = [None, UserRole.ORGANIZER, UserRole.STAFF, UserRole.DELEGATE]


def _page(client, auth, role, url):
    auth.logout()
    if role is not None:
        auth.login(role)
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_accrediting_someone_through_the_list_leaves_the_meeting_page_readable(client, auth, world):  # noqa: F811
    organizer = auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants/{world.kz_delegate.id}/status"
    response = client.post(url, data={"status": "accredited"}, follow_redirects=True)
    assert "Daniyar Seitkali: Accredited." in response.get_data(as_text=True)  # the flash, read here
    entry = db.session.scalars(select(AuditEntry).where(  # the world's registrations have entries of their own
        AuditEntry.object_type == "registration", AuditEntry.action == "registration.status_changed")).one()
    assert (entry.action, entry.user_id, entry.changes["status"]) == (
        "registration.status_changed", organizer.id, ["registered", "accredited"])
    for role in ROLES:
        for lang in ("en", "ru"):
            status, body = _page(client, auth, role, f"/meetings/{world.meeting.id}?lang={lang}")
            assert status == 200, (role, lang)
            assert "accredited" not in body.lower() and "аккредит" not in body.lower(), (role, lang)


def test_a_meeting_status_change_is_still_in_its_history(client, auth, world):  # noqa: F811
    auth.login(UserRole.ORGANIZER)
    meeting = world.meeting
    response = client.post(f"/manage/meetings/{meeting.id}/status",
                           data={"status": "confirmed", "version": str(meeting.version)})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.get(type(meeting), meeting.id).status is MeetingStatus.CONFIRMED
    status, body = _page(client, auth, None, f"/meetings/{meeting.id}")
    assert status == 200
    assert "Status changed" in body and "Planned → Confirmed" in body


@pytest.mark.parametrize("changes", [
    {"status": ["registered", "no-such-status"]},  # not members of the meeting's statuses
    {"format": ["carrier pigeon", "online"], "visibility": [None, "secret"], "kind": ["x", "plenary"]},
    {"starts_at": ["yesterday", "2026-12-09T04:00:00+00:00"], "ends_at": [None, "2026-12-09T12:00:00+00:00"]},
    {"starts_at": ["2026-12-09T04:00:00+00:00", "2026-12-10T04:00:00+00:00"],
     "ends_at": ["2026-12-09T12:00:00+00:00", "2026-12-10T12:00:00+00:00"], "timezone": ["Mars/Olympus", "Asia/Baku"]},
    {"status": "not a pair", "title_en": ["only one"], "city_en": [1, 2, 3]},
])
def test_history_never_trusts_stored_values(client, auth, build, changes):
    meeting = build.meeting()
    # Written directly: these are values no service records (stored by an older version, or
    # tampered with), which the page must show without trusting them.
    db.session.add(AuditEntry(action="meeting.edited", object_type="meeting", object_id=meeting.id,
                              meeting_id=meeting.id, changes=changes, reason="Stored long ago"))
    db.session.commit()
    for role in ROLES:
        status, body = _page(client, auth, role, f"/meetings/{meeting.id}")
        assert status == 200, role
        assert "Stored long ago" in body


def test_unknown_stored_values_are_shown_as_stored(client, auth, build):
    meeting = build.meeting()
    # Written directly: a status no workflow knows (stored by another version), shown as stored.
    db.session.add(AuditEntry(action="meeting.status_changed", object_type="meeting", object_id=meeting.id,
                              meeting_id=meeting.id, changes={"status": ["planned", "on_hold"]}))
    db.session.commit()
    status, body = _page(client, auth, None, f"/meetings/{meeting.id}")
    assert status == 200
    assert "Planned → on_hold" in body
