"""The feeds' window: upcoming meetings and those that ended in the last FEED_WINDOW_DAYS days
(counted in whole UTC days), cancelled ones also until 7 days after their cancellation, drafts
never; one meeting's own .ics has no window. Personal feeds keep the same window."""

from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest

from meetings.feeds.tokens import issue_token
from meetings.models import MeetingStatus, utcnow
from meetings.scheduling import services as scheduling

WINDOW_DAYS = 30


@pytest.fixture
def config_class(config_class):
    return type("MonthWindow", (config_class,), {"FEED_WINDOW_DAYS": WINDOW_DAYS})


def midnight(days_ago: int) -> datetime:
    return datetime.combine(utcnow().date() - timedelta(days=days_ago), time(), tzinfo=UTC)


def uids(response) -> dict[str, str]:
    """UID -> STATUS of the meetings a feed holds."""
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("meeting-")}


def uid(meeting) -> str:
    return f"meeting-{meeting.id}@meetings.s-cica.org"


def ending_at(build, end: datetime, **fields):
    return build.meeting(starts_at=end - timedelta(hours=2), ends_at=end, **fields)


def cancel(build, meeting, *, at: datetime):
    """Cancelled at ``at``, as the service records it (its clock is a parameter for such tests)."""
    scheduling.change_status(meeting, MeetingStatus.CANCELLED, user=build.secretariat,
                             expected_version=meeting.version, reason="The host withdrew.", now=at)


def test_the_window_edge_is_the_start_of_a_utc_day(client, build):
    edge = midnight(WINDOW_DAYS)
    at_edge = ending_at(build, edge)
    day_in = ending_at(build, edge + timedelta(days=1))
    second_out = ending_at(build, edge - timedelta(seconds=1))
    day_out = ending_at(build, edge - timedelta(days=1))
    upcoming = build.meeting(starts_at=midnight(-10), ends_at=midnight(-10) + timedelta(hours=8))
    draft = build.meeting(status=MeetingStatus.DRAFT, starts_at=midnight(-11), ends_at=midnight(-11) + timedelta(hours=8))
    organizer = build.user()
    feeds = ["/calendar.ics", "/calendar.ics?type=SOC", f"/feeds/{issue_token(user_id=organizer.id)}.ics"]
    for url in feeds:
        found = uids(client.get(url))
        assert {uid(at_edge), uid(day_in), uid(upcoming)} <= set(found), url
        assert not {uid(second_out), uid(day_out), uid(draft)} & set(found), url
    # One meeting's .ics has no window: an old meeting's file still opens, with the meeting in it.
    assert uid(day_out) in uids(client.get(f"/meetings/{day_out.id}.ics"))


def test_a_cancelled_meeting_stays_until_seven_days_after_its_cancellation(client, build):
    long_ago = midnight(WINDOW_DAYS + 30)
    six_days_ago, at_the_edge, eight_days_ago = (ending_at(build, long_ago) for _ in range(3))
    upcoming = build.meeting(starts_at=midnight(-5), ends_at=midnight(-5) + timedelta(hours=8))
    person = build.person()
    for meeting in (six_days_ago, at_the_edge, eight_days_ago, upcoming):
        build.registration(meeting, person=person)
    cancel(build, six_days_ago, at=utcnow() - timedelta(days=6))
    cancel(build, at_the_edge, at=midnight(7))
    cancel(build, eight_days_ago, at=midnight(7) - timedelta(seconds=1))
    # In the window, a cancellation long ago does not matter: it is shown as cancelled.
    cancel(build, upcoming, at=utcnow() - timedelta(days=100))
    for url in ("/calendar.ics", f"/feeds/{issue_token(person_id=person.id)}.ics"):
        found = uids(client.get(url))
        assert found == {uid(six_days_ago): "CANCELLED", uid(at_the_edge): "CANCELLED", uid(upcoming): "CANCELLED"}, url


def test_a_window_of_no_days_keeps_what_ended_today(make_app, build, app_context):
    client = make_app(FEED_WINDOW_DAYS=0).test_client()
    today = ending_at(build, midnight(0))
    yesterday = ending_at(build, midnight(0) - timedelta(seconds=1))
    upcoming = build.meeting(starts_at=midnight(-3), ends_at=midnight(-3) + timedelta(hours=8))
    person = build.person()
    for meeting in (today, yesterday, upcoming):
        build.registration(meeting, person=person)
    for url in ("/calendar.ics", f"/feeds/{issue_token(person_id=person.id)}.ics"):
        assert set(uids(client.get(url))) == {uid(today), uid(upcoming)}, url


def test_the_meeting_page_says_whether_the_personal_feed_holds_it(client, build):
    """in_personal_feed follows the same window: an old meeting is not in the feed any more."""
    from meetings.feeds import scopes

    organizer = build.user()
    old = ending_at(build, midnight(WINDOW_DAYS + 1))
    recent = ending_at(build, midnight(WINDOW_DAYS - 1))
    with client.application.test_request_context():
        window = scopes.current_window()
        assert window.ended_since == midnight(WINDOW_DAYS)
        assert not scopes.in_personal_feed(organizer, old, window)
        assert scopes.in_personal_feed(organizer, recent, window)
