import re
from datetime import UTC, datetime

from meetings.models import MeetingStatus, UserRole, Visibility
from tests.chromium import run_page


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
    assert _meeting_page(client, public) == (200, True)
    for meeting in (draft, members, restricted):
        assert _meeting_page(client, meeting) == (404, False), meeting.title_en


def _meeting_page(client, meeting) -> tuple[int, bool]:
    """The answer to the meeting's page, and whether it shows the meeting's title as its heading."""
    response = client.get(f"/meetings/{meeting.id}")
    body = response.get_data(as_text=True)
    assert (f"<h1>{meeting.title_en}</h1>" in body) == (meeting.title_en in body), "the title, if shown, is the heading"
    return response.status_code, meeting.title_en in body


def test_secretariat_sees_drafts_and_focal_point_sees_members_meetings(client, auth, build):
    draft = build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT)
    members = build.meeting(title_en="Members SOC", visibility=Visibility.MEMBERS)
    auth.login(UserRole.STAFF)
    assert _meeting_page(client, draft) == (200, True)
    assert _meeting_page(client, members) == (200, True)
    auth.logout()
    auth.login(UserRole.FOCAL_POINT)
    assert _meeting_page(client, draft) == (404, False)
    assert _meeting_page(client, members) == (200, True)


def test_meeting_page_shows_local_times_and_dates(client, runner, app_context):
    runner.invoke(args=["demo"])
    from sqlalchemy import select

    from meetings.extensions import db
    from meetings.models import Meeting

    summit = db.session.scalar(select(Meeting).where(Meeting.title_en == "6th CICA Summit"))
    body = client.get(f"/meetings/{summit.id}").get_data(as_text=True)
    assert "12–13 October 2022" in body
    assert "09:30–10:00" in body  # opening, in Astana time
    ru = client.get(f"/meetings/{summit.id}?lang=ru").get_data(as_text=True)
    assert "12–13 октября 2022\u00a0г." in ru
    assert "Шестой саммит СВМДА" in ru


# The layout probe: the page's widths in a 390 px wide frame (an iPhone's width).
PROBE = ("const root = document.documentElement;"
         " parent.document.body.dataset.widths = root.scrollWidth + ' ' + root.clientWidth;")


def _page_widths(html: str, tmp_path) -> tuple[int, int]:
    scroll, client = re.search(r'data-widths="(\d+) (\d+)"', run_page(html, tmp_path, PROBE)).groups()
    return int(scroll), int(client)


def test_meeting_page_timetable_fits_a_phone_in_russian(client, runner, tmp_path, app_context):
    runner.invoke(args=["demo"])
    from sqlalchemy import select

    from meetings.extensions import db
    from meetings.models import Meeting

    summit = db.session.scalar(select(Meeting).where(Meeting.title_en == "7th CICA Summit"))
    html = client.get(f"/meetings/{summit.id}?lang=ru").get_data(as_text=True)
    assert "Совместное фотографирование" in html  # the long word that used to push the table sideways
    scroll, width = _page_widths(html, tmp_path)
    assert (scroll, width) == (390, 390)
