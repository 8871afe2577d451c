"""The JSON API shows what the HTML pages show, to the same people, a page at a time."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from meetings.extensions import db
from meetings.models import Meeting, MeetingStatus, UserRole, Visibility


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
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == 404 and response.get_json()["title"] == "Not Found"


def test_each_role_sees_what_its_pages_show(client, auth, build, calendar):
    person = build.person(party_id=build.party("KZ").id)
    build.registration(calendar["restricted"], person=person)
    auth.login(UserRole.DELEGATE, person_id=person.id)
    assert titles(client.get("/api/v1/meetings")) == {"Public SOC", "Members SWG", "Closed talks"}
    auth.logout()
    auth.login(UserRole.STAFF)
    assert titles(client.get("/api/v1/meetings")) == {"Public SOC", "Members SWG", "Closed talks", "Draft SOC"}


@pytest.mark.parametrize("kind, role, seen", [
    ("members", None, False), ("members", UserRole.FOCAL_POINT, True),
    ("restricted", None, False), ("restricted", UserRole.FOCAL_POINT, False), ("restricted", UserRole.STAFF, True),
    ("draft", UserRole.FOCAL_POINT, False), ("draft", UserRole.ORGANIZER, True),
])
def test_the_api_and_the_page_agree_on_who_sees_a_meeting(client, auth, calendar, kind, role, seen):
    if role is not None:
        auth.login(role, party_id=auth.build.party("KZ").id) if role is UserRole.FOCAL_POINT else auth.login(role)
    meeting_id = calendar[kind].id
    expected = 200 if seen else 404
    assert client.get(f"/meetings/{meeting_id}").status_code == expected
    assert client.get(f"/api/v1/meetings/{meeting_id}").status_code == expected
    listed = {m["id"] for m in client.get("/api/v1/meetings").get_json()["meetings"]}
    assert (meeting_id in listed) is seen


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
    # Local dates decide: 21:00 UTC on the 10th is the 11th in Baku.
    late = datetime(2026, 12, 10, 21, tzinfo=UTC)
    auth.build.meeting(title_en="Late", starts_at=late, ends_at=late + timedelta(hours=2))
    assert titles(client.get("/api/v1/meetings?from=2026-12-11")) == {"Late"}
    assert "Late" not in titles(client.get("/api/v1/meetings?to=2026-12-10"))
    assert titles(client.get("/api/v1/meetings?from=2026-12-10&to=2026-12-10")) == set()
    assert titles(client.get("/api/v1/meetings?from=2026-12-10&to=2026-12-01")) == set()  # an empty window
    assert "Late" in titles(client.get("/api/v1/meetings?from=0001-01-01&to=9999-12-31"))
    assert titles(client.get("/api/v1/meetings?party=NOWHERE")) == set()
    # Codes in any case and blank values ("any"), as the pages' filter form sends them.
    assert titles(client.get("/api/v1/meetings?type=swg")) == {"Members SWG"}
    assert titles(client.get("/api/v1/meetings?type=&year=&status=&party=")) == titles(client.get("/api/v1/meetings"))
    for bad, field in (("year=abc", "year"), ("year=%C2%B2", "year"), ("year=99999", "year"), ("status=lost", "status"),
                       ("from=2026-02-30", "from"), ("per_page=101", "per_page"),
                       ("page=0", "page"), ("type=%00", "type")):
        response = client.get(f"/api/v1/meetings?{bad}")
        assert response.status_code == 400, bad
        assert response.mimetype == "application/problem+json"
        assert list(response.get_json()["errors"]) == [field], bad


def test_pages_in_a_stable_order_with_links(client, build):
    start = datetime(2027, 3, 1, 6, tzinfo=UTC)
    made = [build.meeting(title_en=f"M{i}", starts_at=start, ends_at=start + timedelta(hours=2)) for i in range(5)]
    first = client.get("/api/v1/meetings?per_page=2&type=SOC")
    assert [m["id"] for m in first.get_json()["meetings"]] == [made[0].id, made[1].id]  # same start: by id
    assert first.get_json()["pagination"] == {"page": 1, "per_page": 2, "total": 5, "pages": 3}
    links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', first.headers["Link"])}
    assert set(links) == {"first", "last", "next"}
    assert links["next"] == "http://localhost/api/v1/meetings?per_page=2&type=SOC&page=2"
    last = client.get(links["last"])
    assert [m["id"] for m in last.get_json()["meetings"]] == [made[4].id]
    assert 'rel="prev"' in last.headers["Link"] and 'rel="next"' not in last.headers["Link"]
    past = client.get("/api/v1/meetings?per_page=2&page=9")
    assert past.status_code == 200 and past.get_json()["meetings"] == []
    assert "page=3>; rel=\"prev\"" in past.headers["Link"]
    # Parameters named like url_for's own are passed along as any other, never a 500 or a bent link.
    odd = client.get("/api/v1/meetings?per_page=2&_external=0&_anchor=x&endpoint=y&_method=POST")
    assert odd.status_code == 200
    links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', odd.headers["Link"])}
    assert links["next"] == "http://localhost/api/v1/meetings?per_page=2&_external=0&_anchor=x&endpoint=y&_method=POST&page=2"


def test_etag_from_the_body_and_304(client, build, calendar):
    for url in ("/api/v1/meetings", f"/api/v1/meetings/{calendar['public'].id}", "/api/v1/parties"):
        response = client.get(url)
        etag = response.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert (again.status_code, again.data) == (304, b"")
    before = client.get("/api/v1/meetings").headers["ETag"]
    build.meeting(title_en="Another")
    assert client.get("/api/v1/meetings", headers={"If-None-Match": before}).status_code == 200


def test_parties_are_public(client, build):
    body = client.get("/api/v1/parties").get_json()
    kz = next(p for p in body["parties"] if p["code"] == "KZ")
    assert kz["name"]["en"] == "Kazakhstan" and kz["kind"] == "member_state"


def test_participants_for_the_secretariat_only_without_private_data(client, auth, build, calendar):
    person = build.person(party_id=build.party("KZ").id, passport_number="N1234567", phone="+7 700 000 00 00")
    registration = build.registration(calendar["public"], person=person)
    url = f"/api/v1/meetings/{calendar['public'].id}/participants"
    assert client.get(url).status_code == 404
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(UserRole.STAFF)
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    [row] = response.get_json()["participants"]
    assert (row["id"], row["person"]["id"], row["party"], row["status"]) == (
        registration.id, person.id, "KZ", registration.status.value)
    assert "N1234567" not in response.text and "700" not in response.text and "birth" not in response.text
    assert client.get(f"/api/v1/meetings/{10**6}/participants").status_code == 404


def test_errors_under_the_api_are_problems(client):
    for response, status in ((client.delete("/api/v1/meetings"), 405), (client.get("/api/v1/nothing"), 404)):
        assert response.status_code == status and response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == status
    assert {"GET", "POST"} <= set(client.delete("/api/v1/meetings").headers["Allow"].split(", "))


@pytest.mark.parametrize("url", ["/api/v1/meetings", "/api/v1/meetings?from=2026-01-01&to=2030-12-31"])
def test_query_count_does_not_grow(client, build, count_queries, url):
    def measure():
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    build.meeting()
    small = measure()
    for _ in range(15):
        build.meeting()
    assert measure() == small


def test_one_meeting_query_count_does_not_grow_with_its_timetable(client, build, count_queries):
    meeting = build.meeting()
    build.item(meeting, timedelta(hours=1), "Opening", "", minutes=30)

    def measure():
        with count_queries() as counter:
            assert client.get(f"/api/v1/meetings/{meeting.id}").status_code == 200
        return counter.count

    small = measure()
    room, chair = build.room(), build.person()
    for hour in range(2, 7):
        build.edit_item(build.item(meeting, timedelta(hours=hour), f"Session {hour}", "", minutes=30), room=room,
                        speakers=[chair],
                        chair=chair)
    assert measure() == small


def test_a_compressed_answer_is_304_to_its_own_etag(client, build):
    for n in range(8):
        build.meeting(title_en=f"Meeting with a long enough title to be compressed {n}")
    first = client.get("/api/v1/meetings", headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    again = client.get("/api/v1/meetings", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]  # a 304 names what it confirms


def test_a_304_carries_the_etag_and_answers_vary_on_who_asks(client, build):
    build.meeting(title_en="One")
    first = client.get("/api/v1/meetings", headers={"Accept-Encoding": "identity"})
    assert "Authorization" in first.headers["Vary"]
    again = client.get("/api/v1/meetings", headers={"Accept-Encoding": "identity", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"] and "Authorization" in again.headers["Vary"]


def test_a_dated_page_reads_its_rows_not_the_whole_window(client, build):
    """With from/to, SQL pages: only the page's meetings and those at the window's edges (whose
    local dates decide) are read, however many the window holds."""
    start = datetime(2027, 2, 1, 5, tzinfo=UTC)
    for day in range(20):
        build.meeting(starts_at=start + timedelta(days=day), ends_at=start + timedelta(days=day, hours=6))
    # At the edges: ends 21:00 UTC on 31 January, in Baku already 1 February (inside); starts 21:00
    # UTC on 28 February, in Baku 1 March (outside).
    build.meeting(title_en="Inside by Baku's clock", starts_at=datetime(2027, 1, 31, 18, tzinfo=UTC),
                  ends_at=datetime(2027, 1, 31, 21, tzinfo=UTC))
    build.meeting(title_en="Outside by Baku's clock", starts_at=datetime(2027, 2, 28, 21, tzinfo=UTC),
                  ends_at=datetime(2027, 2, 28, 23, tzinfo=UTC))
    loaded = []

    def count(target, _context):
        loaded.append(target.id)

    db.session.expunge_all()
    event.listen(Meeting, "load", count)
    try:
        body = client.get("/api/v1/meetings?from=2027-02-01&to=2027-02-28&per_page=5&page=2").get_json()
    finally:
        event.remove(Meeting, "load", count)
    assert body["pagination"]["total"] == 21
    titles = [m["title"]["en"] for m in client.get("/api/v1/meetings?from=2027-02-01&to=2027-02-28&per_page=100")
              .get_json()["meetings"]]
    assert "Inside by Baku's clock" in titles and "Outside by Baku's clock" not in titles
    assert len(set(loaded)) <= 5, loaded
