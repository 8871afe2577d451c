"""The JSON API shows what the HTML pages show, to the same people."""

from datetime import UTC, datetime, timedelta

import pytest

from meetings.models import MeetingStatus, UserRole, Visibility


@pytest.fixture
def calendar(build):
    start = datetime(2026, 12, 9, 5, tzinfo=UTC)
    made = {
        "public": build.meeting(title_en="Public SOC", title_ru="КСДЛ", starts_at=start, ends_at=start + timedelta(hours=8)),
        "members": build.meeting(title_en="Members SWG", visibility=Visibility.MEMBERS, type_code="SWG"),
        "restricted": build.meeting(title_en="Closed talks", visibility=Visibility.RESTRICTED),
        "draft": build.meeting(title_en="Draft SOC", status=MeetingStatus.DRAFT),
    }
    build.item(made["public"], start + timedelta(hours=1), "Opening", "")
    return made


def titles(response) -> set[str]:
    assert response.status_code == 200 and response.mimetype == "application/json"
    return {m["title"]["en"] for m in response.get_json()["meetings"]}


def test_anonymous_callers_get_public_meetings_only(client, calendar):
    assert titles(client.get("/api/v1/meetings")) == {"Public SOC"}
    for kind in ("members", "restricted", "draft"):
        response = client.get(f"/api/v1/meetings/{calendar[kind].id}")
        assert response.status_code == 404
        assert response.get_json() == {"error": "Not Found", "status": 404}


def test_each_role_sees_what_its_pages_show(client, auth, build, calendar):
    person = build.person(party_id=build.party("KZ").id)
    build.registration(calendar["restricted"], person=person)
    auth.login(UserRole.DELEGATE, person_id=person.id)
    assert titles(client.get("/api/v1/meetings")) == {"Public SOC", "Members SWG", "Closed talks"}
    auth.logout()
    auth.login(UserRole.STAFF)
    assert titles(client.get("/api/v1/meetings")) == {"Public SOC", "Members SWG", "Closed talks", "Draft SOC"}


def test_one_meeting_with_its_timetable_in_local_time(client, calendar):
    body = client.get(f"/api/v1/meetings/{calendar['public'].id}").get_json()["meeting"]
    assert body["title"] == {"en": "Public SOC", "ru": "КСДЛ"}
    assert body["start"] == "2026-12-09T09:00:00+04:00"
    assert body["timezone"] == "Asia/Baku"
    assert [(i["title"]["en"], i["start"]) for i in body["timetable"]] == [("Opening", "2026-12-09T10:00:00+04:00")]
    assert body["ics"].endswith(f"/meetings/{calendar['public'].id}.ics")
    assert "email" not in str(body)


def test_filters_and_bad_values(client, auth, calendar):
    auth.login(UserRole.ORGANIZER)
    assert titles(client.get("/api/v1/meetings?type=SWG")) == {"Members SWG"}
    assert titles(client.get("/api/v1/meetings?year=2026&status=draft")) == {"Draft SOC"}
    for bad in ("year=abc", "year=99999", "status=lost"):
        response = client.get(f"/api/v1/meetings?{bad}")
        assert response.status_code == 400
        assert response.get_json()["status"] == 400


def test_query_count_does_not_grow(client, build, count_queries):
    def measure():
        with count_queries() as counter:
            client.get("/api/v1/meetings")
        return counter.count

    build.meeting()
    small = measure()
    for _ in range(15):
        build.meeting()
    assert measure() == small
