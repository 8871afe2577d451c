from datetime import UTC, datetime

from meetings.models import MeetingStatus, UserRole, Visibility


def test_home_page_lists_demo_meetings(client, runner):
    runner.invoke(args=["demo"])
    body = client.get("/").get_data(as_text=True)
    assert "Upcoming meetings" in body and "Recent meetings" in body
    assert "7th CICA Summit" in body
    assert "Senior Officials Committee" in body


def test_anonymous_visitors_see_public_meetings_only(client, build):
    public = build.meeting(title_en="Open SOC", starts_at=datetime(2030, 1, 1, 5, tzinfo=UTC))
    draft = build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT, starts_at=datetime(2030, 2, 1, 5, tzinfo=UTC))
    members = build.meeting(title_en="Members SOC", visibility=Visibility.MEMBERS, starts_at=datetime(2030, 3, 1, 5, tzinfo=UTC))
    restricted = build.meeting(title_en="Closed SOC", visibility=Visibility.RESTRICTED, starts_at=datetime(2030, 4, 1, 5, tzinfo=UTC))
    body = client.get("/").get_data(as_text=True)
    assert "Open SOC" in body
    for hidden in ("Draft SOC", "Members SOC", "Closed SOC"):
        assert hidden not in body
    assert client.get(f"/meetings/{public.id}").status_code == 200
    for meeting in (draft, members, restricted):
        assert client.get(f"/meetings/{meeting.id}").status_code == 404


def test_secretariat_sees_drafts_and_focal_point_sees_members_meetings(client, auth, build):
    draft = build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT)
    members = build.meeting(title_en="Members SOC", visibility=Visibility.MEMBERS)
    auth.login(UserRole.STAFF)
    assert client.get(f"/meetings/{draft.id}").status_code == 200
    auth.logout()
    auth.login(UserRole.FOCAL_POINT)
    assert client.get(f"/meetings/{draft.id}").status_code == 404
    assert client.get(f"/meetings/{members.id}").status_code == 200


def test_meeting_page_shows_local_times_and_dates(client, runner):
    runner.invoke(args=["demo"])
    from sqlalchemy import select

    from meetings.extensions import db
    from meetings.models import Meeting

    summit = db.session.scalar(select(Meeting).where(Meeting.title_en == "6th CICA Summit"))
    body = client.get(f"/meetings/{summit.id}").get_data(as_text=True)
    assert "12–13 October 2022" in body
    assert "09:30–10:00" in body  # opening, in Astana time
    ru = client.get(f"/meetings/{summit.id}?lang=ru").get_data(as_text=True)
    assert "12–13 октября 2022 г." in ru
    assert "Шестой саммит СВМДА" in ru
