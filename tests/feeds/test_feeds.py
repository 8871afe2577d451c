"""The HTTP side of the feeds: what each feed holds, visibility, caching, tokens."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AgendaItemKind, FeedToken, MeetingStatus, UserRole, Visibility
from meetings.scheduling import services as scheduling
from tests.calendar_export.parsers import assert_parses_everywhere


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_public_feed_is_a_calendar_that_parses_everywhere(client, build, future):
    meeting = build.meeting(title_en="Senior Officials Committee", timezone="Asia/Almaty", starts_at=future,
                            ends_at=future + timedelta(days=1, hours=8))
    build.item(meeting, future + timedelta(hours=1))
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response.headers["Cache-Control"]
    parsed = assert_parses_everywhere(response.data)
    assert [p.uid for p in parsed] == [f"meeting-{meeting.id}@meetings.s-cica.org"]
    event = events(response)[f"meeting-{meeting.id}@meetings.s-cica.org"]
    local_start = future.astimezone(ZoneInfo("Asia/Almaty")).date()
    assert event["DTSTART"].dt == local_start  # two local days: all-day
    assert event["DTEND"].dt == local_start + timedelta(days=2)  # exclusive end
    assert str(event["URL"]).endswith(f"/meetings/{meeting.id}")
    assert b"METHOD" not in response.data


def test_public_feed_holds_only_public_non_draft_meetings(client, build, future):
    shown = build.meeting(title_en="Open", starts_at=future)
    hidden = [
        build.meeting(title_en="Draft", status=MeetingStatus.DRAFT, starts_at=future),
        build.meeting(title_en="Members", visibility=Visibility.MEMBERS, starts_at=future),
        build.meeting(title_en="Restricted", visibility=Visibility.RESTRICTED, starts_at=future),
    ]
    uids = set(events(client.get("/calendar.ics")))
    assert uids == {f"meeting-{shown.id}@meetings.s-cica.org"}
    for meeting in hidden:
        assert client.get(f"/meetings/{meeting.id}.ics").status_code == 404


def test_feed_filters_by_type_and_party_and_speaks_russian(client, build, future):
    soc = build.meeting(title_en="SOC", title_ru="КСДЛ", type_code="SOC", starts_at=future,
                        host_party=build.party("AZ"))
    swg = build.meeting(title_en="SWG", type_code="SWG", starts_at=future, host_party=build.party("KZ"))
    assert set(events(client.get("/calendar.ics?type=soc"))) == {f"meeting-{soc.id}@meetings.s-cica.org"}
    assert set(events(client.get("/calendar.ics?party=KZ"))) == {f"meeting-{swg.id}@meetings.s-cica.org"}
    # A code that names nothing: a 404 (a mistyped address says so), never cached.
    assert client.get("/calendar.ics?type=NOPE").status_code == 404
    assert client.get("/calendar.ics?party=XX").status_code == 404
    assert client.get("/calendar.ics?type=NO%00PE&party=%00").status_code == 404  # was a 500 on PostgreSQL
    russian = events(client.get("/calendar.ics?type=SOC&lang=ru"))
    assert str(russian[f"meeting-{soc.id}@meetings.s-cica.org"]["SUMMARY"]) == "КСДЛ"
    calendar = icalendar.Calendar.from_ical(client.get("/calendar.ics?type=SOC&lang=ru").data)
    assert str(calendar["X-WR-CALNAME"]) == "Мероприятия СВМДА: Комитет старших должностных лиц (КСДЛ)"


def test_meeting_feed_has_timed_sessions_in_local_time_without_breaks(client, build):
    start = datetime(2026, 12, 9, 5, 0, tzinfo=UTC)  # 09:00 in Baku
    meeting = build.meeting(timezone="Asia/Baku", starts_at=start, ends_at=start + timedelta(hours=9))
    plenary = build.item(meeting, start + timedelta(hours=1), title_en="Opening")
    lunch = build.item(meeting, start + timedelta(hours=3), kind=AgendaItemKind.BREAK, title_en="Lunch")
    response = client.get(f"/meetings/{meeting.id}.ics")
    parsed = {p.uid: p for p in assert_parses_everywhere(response.data)}
    item_uid = f"agenda-item-{plenary.id}@meetings.s-cica.org"
    assert set(parsed) == {f"meeting-{meeting.id}@meetings.s-cica.org", item_uid}
    assert parsed[item_uid].start == datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Asia/Baku:20261209T100000" in response.data
    with_breaks = events(client.get(f"/meetings/{meeting.id}.ics?breaks=1"))
    assert f"agenda-item-{lunch.id}@meetings.s-cica.org" in with_breaks


@pytest.mark.parametrize(("status", "ical_status"), [(MeetingStatus.PLANNED, "TENTATIVE"),
                                                     (MeetingStatus.CONFIRMED, "CONFIRMED")])
def test_a_meeting_moved_to_new_dates_keeps_its_uid_and_is_planned_or_confirmed_there(client, build, status,
                                                                                       ical_status):
    start = datetime(2026, 11, 11, 5, tzinfo=UTC)  # 09:00 in Baku
    meeting = build.meeting(timezone="Asia/Baku", starts_at=start, ends_at=start + timedelta(hours=8))
    item = build.item(meeting, start + timedelta(hours=1))
    before = client.get(f"/meetings/{meeting.id}.ics")
    scheduling.postpone_meeting(meeting, scheduling.PostponeInput(
        new_start=datetime(2026, 12, 17, 9), new_end=datetime(2026, 12, 17, 17), status=status,
        reason="The host asked for later dates."), user=build.user(UserRole.ORGANIZER), expected_version=meeting.version)
    after = client.get(f"/meetings/{meeting.id}.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert before.headers["ETag"] != after.headers["ETag"]
    old, new = events(before), events(after)
    assert set(old) == set(new)
    uid = f"meeting-{meeting.id}@meetings.s-cica.org"
    assert new[uid]["SEQUENCE"] == old[uid]["SEQUENCE"] + 1
    assert (str(new[uid]["SUMMARY"]), new[uid]["STATUS"]) == (meeting.title_en, ical_status)  # no "POSTPONED:"
    assert str(new[uid]["DESCRIPTION"]).startswith("Rescheduled from 11 November 2026\n\n")
    item_uid = f"agenda-item-{item.id}@meetings.s-cica.org"
    assert new[item_uid]["SEQUENCE"] > old[item_uid]["SEQUENCE"]
    assert (str(new[item_uid]["SUMMARY"]), new[item_uid]["STATUS"]) == (item.title_en, ical_status)
    assert "Rescheduled from 11 November 2026" in str(new[item_uid]["DESCRIPTION"])
    assert new[item_uid]["DTSTART"].dt == datetime(2026, 12, 17, 10, tzinfo=ZoneInfo("Asia/Baku"))
    russian = events(client.get(f"/meetings/{meeting.id}.ics?lang=ru"))
    assert "Перенесено с прежних дат: 11 ноября 2026\u00a0г." in str(russian[uid]["DESCRIPTION"])
    assert_parses_everywhere(after.data)


def test_a_meeting_postponed_until_further_notice_is_postponed_and_tentative(client, build):
    start = datetime(2026, 11, 11, 5, tzinfo=UTC)
    meeting = build.meeting(status=MeetingStatus.CONFIRMED, timezone="Asia/Baku", starts_at=start,
                            ends_at=start + timedelta(hours=8))
    before = events(client.get(f"/meetings/{meeting.id}.ics"))
    scheduling.postpone_until_further_notice(meeting, reason="Awaiting the host", user=build.user(UserRole.ORGANIZER),
                                             expected_version=meeting.version)
    uid = f"meeting-{meeting.id}@meetings.s-cica.org"
    after = events(client.get(f"/meetings/{meeting.id}.ics"))
    assert (str(after[uid]["SUMMARY"]), after[uid]["STATUS"]) == (f"POSTPONED: {meeting.title_en}", "TENTATIVE")
    assert after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
    assert after[uid]["DTSTART"].dt == before[uid]["DTSTART"].dt  # the dates stay until it is rescheduled
    assert "Rescheduled" not in str(after[uid]["DESCRIPTION"])


def test_etag_and_last_modified_give_304_and_head_works(client, build, future):
    meeting = build.meeting(starts_at=future)
    first = client.get("/calendar.ics")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["Last-Modified"]
    cached = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.data == b""
    assert cached.headers["ETag"] == etag
    since = client.get("/calendar.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    # If-None-Match wins over If-Modified-Since.
    both = client.get("/calendar.ics", headers={"If-None-Match": '"other"', "If-Modified-Since": first.headers["Last-Modified"]})
    assert both.status_code == 200
    head = client.head("/calendar.ics")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == etag
    meeting.title_en = "Renamed"
    db.session.commit()
    changed = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert client.get("/calendar.ics?lang=ru").headers["ETag"] != changed.headers["ETag"]


def test_same_data_gives_the_same_bytes(client, build, future):
    build.meeting(starts_at=future)
    assert client.get("/calendar.ics").data == client.get("/calendar.ics").data


def test_queries_stay_constant_for_feed_and_304(client, build, count_queries, future):
    from meetings.feeds.tokens import issue_token

    person = build.person()
    token = issue_token(person_id=person.id)
    first = build.meeting(starts_at=future, ends_at=future + timedelta(days=1))  # long enough for grow(15)
    build.registration(first, person=person)

    def grow(n):
        for i in range(n):
            meeting = build.meeting(starts_at=future + timedelta(days=i + 1))
            build.registration(meeting, person=person)
            for j in range(3):
                build.item(meeting, future + timedelta(days=i + 1, hours=j))
                build.item(first, future + timedelta(hours=i, minutes=10 * j), minutes=5)

    def measure():
        build.person()  # any change: every feed is built again (cold), then served from the cache
        counts = []
        for url in ("/calendar.ics", "/calendar.ics?type=SOC&party=KZ", f"/meetings/{first.id}.ics",
                    f"/feeds/{token}.ics"):
            with count_queries() as cold:
                built = client.get(url)
            with count_queries() as warm:
                assert client.get(url).data == built.data
            with count_queries() as cached:
                assert client.get(url, headers={"If-None-Match": built.headers["ETag"]}).status_code == 304
            counts.append((cold.count, warm.count, cached.count))
        return counts

    grow(2)
    client.get(f"/feeds/{token}.ics")  # its first use is recorded (a write), then not for an hour
    small = measure()
    grow(15)
    assert measure() == small
    # Warm 200 and 304 alike: the change counter (an anonymous reader's meeting: the meeting, then
    # the counter; a token: the token and the counter in one query), nothing else.
    assert [(warm, cached) for _cold, warm, cached in small] == [(1, 1), (1, 1), (2, 2), (1, 1)]
    assert all(cold > warm for cold, warm, _cached in small)


def test_personal_feed_of_a_delegate_holds_their_restricted_meeting(client, auth, build, future):
    person = build.person()
    delegate = auth.login(UserRole.DELEGATE, person_id=person.id)
    restricted = build.meeting(title_en="Closed consultations", visibility=Visibility.RESTRICTED, starts_at=future)
    other = build.meeting(title_en="Someone else's", visibility=Visibility.RESTRICTED, starts_at=future)
    build.registration(restricted, person=person)
    session_item = build.item(restricted, future + timedelta(hours=1))
    client.post("/account/feeds", data={"label": "phone"})
    page = client.get("/account").get_data(as_text=True)
    url = page.split('id="new-feed-url" value="')[1].split('"')[0]
    path = url.replace("http://localhost", "")
    assert path.startswith("/feeds/") and path.endswith(".ics")
    token = path.removeprefix("/feeds/").removesuffix(".ics")
    # Shown once; stored only as a hash.
    assert token not in client.get("/account").get_data(as_text=True)
    stored = db.session.scalar(select(FeedToken).where(FeedToken.user_id == delegate.id))
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]
    uids = {p.uid for p in assert_parses_everywhere(response.data)}
    assert f"meeting-{restricted.id}@meetings.s-cica.org" in uids
    assert f"agenda-item-{session_item.id}@meetings.s-cica.org" in uids
    assert f"meeting-{other.id}@meetings.s-cica.org" not in uids
    # Restricted meetings never reach the public feed.
    assert f"meeting-{restricted.id}@meetings.s-cica.org" not in events(client.get("/calendar.ics"))


def test_revoked_and_unknown_tokens_are_404_without_a_calendar(client, auth, build):
    user = auth.login(UserRole.STAFF)
    client.post("/account/feeds", data={})
    page = client.get("/account").get_data(as_text=True)
    path = page.split('id="new-feed-url" value="')[1].split('"')[0].replace("http://localhost", "")
    assert client.get(path).status_code == 200
    token = db.session.scalar(select(FeedToken).where(FeedToken.user_id == user.id))
    client.post(f"/account/feeds/{token.id}/revoke")
    for url in (path, "/feeds/unknown-token.ics", "/feeds/" + "x" * 300 + ".ics"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.mimetype == "text/plain"
        assert b"BEGIN:VCALENDAR" not in response.data


def test_a_user_cannot_revoke_someone_elses_token(client, auth, build):
    owner = build.user(UserRole.STAFF)
    from meetings.feeds.tokens import issue_token

    issue_token(user_id=owner.id)
    token = db.session.scalar(select(FeedToken))
    auth.login(UserRole.STAFF)
    assert client.post(f"/account/feeds/{token.id}/revoke").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None


def test_the_name_of_a_calendar_address_loses_control_characters(client, auth):
    """A NUL in the name was a 500 on PostgreSQL."""
    user = auth.login(UserRole.STAFF)
    assert client.post("/account/feeds", data={"label": "  my\x00 phone\x0b " + "x" * 200}).status_code == 302
    label = db.session.scalar(select(FeedToken.label).where(FeedToken.user_id == user.id))
    assert label == ("my phone " + "x" * 200)[:100]


def test_personal_feeds_are_rate_limited(make_app, build):
    from meetings.feeds.tokens import issue_token

    app = make_app(FEED_RATE_LIMIT="3 per minute")
    client = app.test_client()
    token = issue_token(user_id=build.user(UserRole.STAFF).id)
    codes = [client.get(f"/feeds/{token}.ics").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_meeting_page_offers_subscribe_links(client, build, future):
    """More in test_links.py: the exact addresses, and that no one-off copies are offered."""
    meeting = build.meeting(starts_at=future)
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/meetings/{meeting.id}.ics" in body
    assert "webcal://localhost/meetings/" in body
    home = client.get("/").get_data(as_text=True)
    assert "webcal://localhost/calendar.ics" in home
