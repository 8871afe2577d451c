
"""Month, list and year views, their filters, the meeting page, and constant query counts."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from meetings.models import MeetingStatus, UserRole


def _body(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_month_view_places_meetings_on_their_local_days(client, build):
    # 23:30 UTC on 30 November is already 1 December in Baku (UTC+4): the local day counts.
    build.meeting(title_en="Late SOC", starts_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    build.meeting(title_en="November SOC", starts_at=datetime(2026, 11, 10, 5, tzinfo=UTC))
    december = _body(client, "/calendar?view=month&year=2026&month=12")
    assert "Late SOC" in december and "November SOC" not in december
    assert "December 2026" in december
    november = _body(client, "/calendar?view=month&year=2026&month=11")
    assert "November SOC" in november and "Late SOC" not in november


def test_filters_by_type_party_status_and_year(client, build):
    build.meeting(title_en="Baku SOC", host_party=build.party("AZ"))
    build.meeting(title_en="Astana workshop", type_code="WORKSHOP", host_party=build.party("KZ"),
                  status=MeetingStatus.CANCELLED)
    build.meeting(title_en="Old SOC", starts_at=datetime(2023, 8, 22, 4, tzinfo=UTC))
    url = "/calendar?view=list&year=2026"
    assert ("Baku SOC" in _body(client, url), "Old SOC" in _body(client, url)) == (True, False)
    by_type = _body(client, url + "&type=WORKSHOP")
    assert "Astana workshop" in by_type and "Baku SOC" not in by_type
    by_party = _body(client, url + "&party=AZ")
    assert "Baku SOC" in by_party and "Astana workshop" not in by_party
    by_status = _body(client, url + "&status=cancelled")
    assert "Astana workshop" in by_status and "Baku SOC" not in by_status
    year = _body(client, "/calendar?view=year&year=2023")
    assert "Old SOC" in year and "1 meeting" in year and "Baku SOC" not in year


@pytest.mark.parametrize("query", [
    "month=13", "month=0", "year=abc", "year=1800", "view=week", "status=unknown", "month=-1", "year=2026.5",
])
def test_bad_query_parameters_give_a_400_page(client, query):
    response = client.get(f"/calendar?{query}")
    assert response.status_code == 400
    assert "The request could not be understood" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [
    {"month": "13"}, {"year": "abc"}, {"view": "week"}, {"status": "unknown"}, {"month": "-1"},
])
def test_the_calendar_service_refuses_what_it_cannot_read(query):
    """Reading the query string refuses with QueryError (which the views answer with 400), never abort."""
    from datetime import date

    from meetings.calendar.services import QueryError, parse_calendar_query

    with pytest.raises(QueryError) as refused:
        parse_calendar_query(query, date(2026, 5, 1))
    assert refused.value.field == next(iter(query)) and refused.value.status == 400
    read = parse_calendar_query({"view": "list", "year": " 2027 ", "status": "cancelled"}, date(2026, 5, 1))
    assert (read.view, read.year, read.month, read.status, read.year_given) == (
        "list", 2027, 5, MeetingStatus.CANCELLED, True)


def test_unknown_type_or_party_simply_matches_nothing(client, build):
    build.meeting(title_en="Baku SOC")
    assert "Baku SOC" not in _body(client, "/calendar?view=list&year=2026&type=NOPE&party=ZZ")
    # A NUL in a code was a 500 on PostgreSQL; a code is compared without case, as the feed does.
    assert "Baku SOC" not in _body(client, "/calendar?view=list&year=2026&type=NO%00PE&party=%00")
    assert "Baku SOC" in _body(client, "/calendar?view=list&year=2026&type=soc")


def test_meeting_page_has_timetable_in_local_time_viewer_toggle_history_and_subscribe_slot(client, auth, build):
    from meetings.scheduling import services

    organizer = build.user(UserRole.ORGANIZER)
    meeting = build.meeting(title_en="SOC")
    services.add_agenda_item(meeting, services.ItemInput(title_en="Opening", local_start=datetime(2026, 12, 9, 9, 30),
                                                         local_end=datetime(2026, 12, 9, 10, 0)), user=organizer)
    services.postpone_meeting(meeting, services.PostponeInput(
        new_start=datetime(2026, 12, 16, 8), new_end=datetime(2026, 12, 16, 16),
        reason="At the request of the host"), user=organizer, expected_version=meeting.version)
    body = _body(client, f"/meetings/{meeting.id}")
    assert '<time class="instant" datetime="2026-12-16T05:30:00+00:00" data-end="2026-12-16T06:00:00+00:00">09:30–10:00</time>' in body
    # By its fingerprinted name (meetings/http.py), which changes with the file's content.
    assert re.search(r"/static/js/viewer-time\.[0-9a-f]{12}\.js", body)
    assert "History of changes" in body and "At the request of the host" in body
    assert "Rescheduled" in body and "Rescheduled from 9 December 2026" in body
    assert "Dates: 9 December 2026, 08:00–16:00 (Baku, UTC+4) → 16 December 2026, 08:00–16:00 (Baku, UTC+4)" in body
    assert "Postponed" not in body
    assert "Timetable entry added" not in body  # internal history is for the Secretariat
    assert organizer.email not in body  # no personal data in public views
    auth.login(organizer)
    internal = _body(client, f"/meetings/{meeting.id}")
    assert "Timetable entry added" in internal and organizer.email in internal


def test_the_viewer_time_script_is_served(client):
    response = client.get("/static/js/viewer-time.js")
    assert response.status_code == 200
    assert "Intl.DateTimeFormat" in response.get_data(as_text=True)
    response.close()


def _calendar_of(build, n_meetings: int, n_items: int):
    start = datetime(2026, 12, 1, 5, tzinfo=UTC)
    speaker = build.person()
    for i in range(n_meetings):
        # Postponed, so that its history has an entry to show.
        meeting = build.meeting(title_en=f"SOC {i}", starts_at=start + timedelta(days=i % 25), host_party=build.party("AZ"),
                                status=MeetingStatus.POSTPONED)
        for j in range(n_items):
            build.item(meeting, timedelta(minutes=10 * j), f"Item {j}", minutes=10, chair=speaker,
                       speakers=[speaker, build.person(family_name=f"S{i}-{j}")])
    return meeting


URLS = ["/", "/calendar?view=month&year=2026&month=12", "/calendar?view=list&year=2026", "/calendar?view=list",
        "/calendar?view=year&year=2026", "/calendar?view=list&year=2026&type=SOC&party=AZ"]


@pytest.mark.parametrize("who", [None, UserRole.DELEGATE, UserRole.ORGANIZER])
def test_query_counts_do_not_grow_with_meetings_or_items(client, auth, build, count_queries, who):
    if who is not None:
        auth.login(who)

    def counts(meeting):
        result = []
        for url in [*URLS, f"/meetings/{meeting.id}"]:
            with count_queries() as counter:
                _body(client, url)
            result.append(counter.count)
        return result

    small = counts(_calendar_of(build, 2, 2))
    large = counts(_calendar_of(build, 12, 9))
    assert small == large
