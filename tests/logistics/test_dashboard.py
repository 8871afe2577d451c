"""The logistics dashboard of a meeting: who may see it, what it links to, and what it costs."""

import pytest

from meetings.models import AccreditationStatus, UserRole


@pytest.mark.parametrize("role, expected", [(UserRole.DELEGATE, 403), (UserRole.FOCAL_POINT, 403),
                                            (UserRole.STAFF, 200), (UserRole.ORGANIZER, 200)])
def test_the_dashboard_is_the_secretariats(client, auth, build, role, expected):
    meeting = build.meeting()
    fields = {"party_id": build.party("KZ").id} if role is UserRole.FOCAL_POINT else {}
    if role is UserRole.DELEGATE:
        fields = {"person_id": build.person(party_id=build.party("KZ").id).id}
    auth.login(role, **fields)
    response = client.get(f"/meetings/{meeting.id}/logistics")
    assert response.status_code == expected
    if expected == 200:
        assert response.headers["Cache-Control"] == "private, no-store"
        for part in ("hotels", "travel", "interpretation", "visas", "tasks"):
            assert f"/meetings/{meeting.id}/logistics/{part}" in response.text


def test_anonymous_visitors_are_sent_to_log_in(client, build):
    response = client.get(f"/meetings/{build.meeting().id}/logistics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_meeting_page_links_to_logistics_for_the_secretariat_only(client, auth, build):
    meeting = build.meeting()
    build.delegation(meeting, "KZ")
    link = f'href="/meetings/{meeting.id}/logistics"'
    assert link not in client.get(f"/meetings/{meeting.id}").text
    kz = build.party("KZ")
    for role, fields in ((UserRole.DELEGATE, {"person_id": build.person(party_id=kz.id).id}),
                         (UserRole.FOCAL_POINT, {"party_id": kz.id})):
        auth.login(role, **fields)
        assert link not in client.get(f"/meetings/{meeting.id}").text, role
        auth.logout()
    auth.login(UserRole.STAFF)
    assert link in client.get(f"/meetings/{meeting.id}").text
    auth.logout()
    auth.login(UserRole.ORGANIZER)  # and in the organizer's menu of the meeting
    assert link in client.get(f"/manage/meetings/{meeting.id}/timetable").text


def test_the_dashboards_query_count_does_not_grow_with_participants(client, auth, build, count_queries):
    meeting = build.meeting()
    auth.login(UserRole.ORGANIZER)

    def measure() -> int:
        with count_queries() as counter:
            assert client.get(f"/meetings/{meeting.id}/logistics").status_code == 200
        return counter.count

    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, family_name="Abenov")
    small = measure()
    for index, code in enumerate(("CN", "IN", "RU", "TR", "AZ") * 3):
        build.registration(meeting, code, status=AccreditationStatus.ACCREDITED, family_name=f"Person{index}")
    assert measure() == small
