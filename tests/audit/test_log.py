"""/admin/audit: administrators read every change, filter it and page through it."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from meetings.audit_log.services import PAGE_SIZE
from meetings.history import describe_changes
from meetings.i18n import after_colon
from meetings.models import UserRole
from tests.audit.conftest import older_link, summaries

PAGES = ["/admin/audit", "/admin/audit.csv"]


@pytest.mark.parametrize("url", PAGES)
def test_only_administrators_read_the_log(client, auth, build, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    for role in (UserRole.DELEGATE, UserRole.FOCAL_POINT, UserRole.STAFF, UserRole.ORGANIZER):
        auth.login(role)
        assert client.get(url).status_code == 403, role
        auth.logout()
    auth.login(UserRole.ADMIN)
    assert client.get(url).status_code == 200


def test_the_nav_links_the_log_for_administrators_only(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    assert "/admin/audit" not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(UserRole.ADMIN)
    assert 'href="/admin/audit">Audit log<' in client.get("/").get_data(as_text=True)


def test_no_route_of_the_log_changes_anything(app):
    methods = {m for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit_log.") for m in rule.methods}
    assert methods == {"GET", "HEAD", "OPTIONS"}


@pytest.fixture
def log(build, entries):
    """Four entries of different users, kinds, meetings, days and texts (and the meetings' own)."""
    organizer, admin = build.user(UserRole.ORGANIZER, name="Olga Organizer"), build.user(UserRole.ADMIN)
    first, second = build.meeting(title_en="First meeting"), build.meeting(title_en="Second meeting")
    day = datetime(2026, 1, 10, 10, 0, tzinfo=UTC)
    entries("Entry-A budget", at=day, user=organizer, object_id=first.id, meeting=first,
            changes={"status": ["planned", "confirmed"]})
    entries("Entry-B", at=day + timedelta(days=1), object_type="party", object_id=1,
            changes={"joined_year": [None, "1999"], "active": [True, False]})
    entries("Entry-C Бюджет", at=datetime(2026, 1, 12, 23, 59, tzinfo=UTC), user=admin, object_type="registration",
            verb="status_changed", object_id=7, meeting=second, changes={"status": ["registered", "accredited"]})
    entries("Entry-D", at=day + timedelta(days=3), object_type="gizmo", verb="frobbed", reason="For the budget",
            changes={"colour": ["red", "blue"]})
    return {"organizer": organizer, "admin": admin, "first": first, "second": second}


def _shown(client, query: str = "") -> list[str]:
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return sorted(summaries(response.get_data(as_text=True)))


def test_every_entry_newest_first_with_who_what_and_before_after(client, auth, log):
    admin = auth.login(UserRole.ADMIN)
    body = client.get("/admin/audit").get_data(as_text=True)
    assert summaries(body) == ["Entry-D", "Entry-C", "Entry-B", "Entry-A"]
    assert "Olga Organizer" in body and "System" in body and admin.email not in summaries(body)
    assert "Status: Planned → Confirmed" in body  # a meeting's status
    assert "Status: Registered → Accredited" in body  # a registration's, in its own vocabulary
    assert "Year joined: 1999" in body and "Active: yes → no" in body
    # A kind of object this version does not know: shown by its stored names, never a 500.
    assert "gizmo #" not in body and "gizmo.frobbed" in body and "colour: red → blue" in body
    assert f'href="/meetings/{log["first"].id}"' in body  # the meeting's page
    assert "For the budget" in body and "10 January 2026, 10:00 (UTC)" in body
    russian = client.get("/admin/audit?lang=ru").get_data(as_text=True)
    # In Russian a vocabulary's values after the colon are in lower case; the field keeps its capital.
    assert "Статус: зарегистрирован(а) → аккредитован(а)" in russian and "Журнал аудита" in russian
    assert "Статус: запланировано → подтверждено" in russian
    # The summaries are stored in English: a labelled action says it; only the unlabelled one keeps
    # its summary, marked as English.
    assert "Entry-C" not in russian and "Entry-A" not in russian
    assert '<span lang="en">Entry-D</span>' in russian and "Entry-D" in body


@pytest.mark.parametrize(("query", "expected"), [
    ("object_type=registration", ["Entry-C"]),
    ("object_type=gizmo", ["Entry-D"]),
    ("action=meeting.edited", ["Entry-A"]),
    ("user=system", ["Entry-B", "Entry-D"]),
    ("date_from=2026-01-11&date_to=2026-01-12", ["Entry-B", "Entry-C"]),  # both days whole, in UTC
    ("date_from=2026-01-13", ["Entry-D"]),
    ("text=BUDGET", ["Entry-A", "Entry-D"]),  # in the summary or the reason, any case
    ("text=Бюджет", ["Entry-C"]),
    ("text=%25", []),  # a wildcard typed is a character searched for
    ("user=system&object_type=party", ["Entry-B"]),
])
def test_each_filter_narrows_the_log(client, auth, log, query, expected):
    auth.login(UserRole.ADMIN)
    assert _shown(client, query) == expected


def test_filters_by_user_and_meeting(client, auth, log):
    auth.login(UserRole.ADMIN)
    assert _shown(client, f"user={log['organizer'].id}") == ["Entry-A"]
    assert _shown(client, f"meeting={log['second'].id}") == ["Entry-C"]
    body = client.get(f"/admin/audit?meeting={log['second'].id}").get_data(as_text=True)
    assert "Second meeting" in body  # the chosen meeting named beside its number


@pytest.mark.parametrize(("query", "message"), [
    ("meeting=abc", "Enter a meeting number, e.g. 12."),
    ("meeting=99999", "There is no meeting with this number."),
    ("meeting=99999999999999999999", "Enter a meeting number, e.g. 12."),
    ("date_from=2026-02-30", "Enter a date as YYYY-MM-DD, e.g. 2026-12-09."),
    ("date_to=yesterday", "Enter a date as YYYY-MM-DD, e.g. 2026-12-09."),
    ("date_from=2026-01-12&date_to=2026-01-11", "The end date is before the start date."),
    ("user=nobody", "Choose a value from the list."),
    ("object_type=%00", "Choose a value from the list."),
    ("action=meeting.exploded", "Choose a value from the list."),
    ("text=a%00b", "Remove the invisible control characters from this text."),
    ("text=" + "x" * 201, "At most 200 characters."),
])
def test_bad_filters_are_refused_beside_their_field(client, auth, log, query, message):
    auth.login(UserRole.ADMIN)
    for url in (f"/admin/audit?{query}", f"/admin/audit.csv?{query}"):
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(f"/admin/audit?{query}").get_data(as_text=True)
    assert message in body
    assert 'class="errors"' in body and 'aria-invalid="true"' in body
    # The filter refused is left out; the others still hold.
    assert len(summaries(body)) >= 1


def test_an_unknown_page_start_gives_an_empty_page(client, auth, log):
    auth.login(UserRole.ADMIN)
    assert _shown(client, "before=999999") == []
    assert _shown(client, "before=abc") == ["Entry-A", "Entry-B", "Entry-C", "Entry-D"]  # not a number: the first page


def test_pages_stay_put_when_entries_are_added_between_them(client, auth, build, entries):
    auth.login(UserRole.ADMIN)
    # 60 entries at three instants only: a page may end inside a run of equal times.
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(60):
        entries(f"Entry-{n:02d}", at=start + timedelta(hours=n // 20))
    first = client.get("/admin/audit?object_type=meeting").get_data(as_text=True)
    shown = summaries(first)
    assert len(shown) == PAGE_SIZE
    for n in range(5):  # written while the reader looks at the first page
        entries(f"Entry-new{n}", at=datetime(2026, 6, 1, tzinfo=UTC))
    link = older_link(first)
    assert link is not None and "object_type=meeting" in link  # the filters go along
    second = client.get(link).get_data(as_text=True)
    rest = summaries(second)
    assert len(rest) == 60 - PAGE_SIZE and not set(rest) & set(shown)
    assert sorted(shown + rest) == [f"Entry-{n:02d}" for n in range(60)]
    assert older_link(second) is None and "Newest entries" in second
    assert summaries(client.get("/admin/audit?object_type=meeting").get_data(as_text=True))[:5] == [
        f"Entry-new{n}" for n in reversed(range(5))]


def _fill(build, entries, units: int) -> None:
    """``units`` times one entry of each kind the page links, by different users."""
    meeting = build.meeting()
    for n in range(units):
        user = build.user(UserRole.ORGANIZER)
        for kind in ("meeting", "person", "party", "registration", "delegation", "venue", "room", "agenda_item"):
            entries(f"Entry-{kind}-{n}", user=user, object_type=kind, object_id=n + 1, meeting=meeting,
                    changes={"status": ["planned", "held"], "role": ["delegate", "adviser"]})


def test_a_page_costs_the_same_queries_however_long_the_log(client, auth, build, entries, count_queries):
    auth.login(UserRole.ADMIN)
    _fill(build, entries, 2)
    with count_queries() as small:
        assert client.get("/admin/audit").status_code == 200
    _fill(build, entries, 12)  # more than a page, more users, more meetings
    with count_queries() as large:
        body = client.get("/admin/audit").get_data(as_text=True)
    assert body.count("<time datetime=") == PAGE_SIZE
    assert len(large.statements) == len(small.statements), large.statements


def test_the_export_holds_every_filtered_entry_every_field_quoted(client, auth, log, entries):
    auth.login(UserRole.ADMIN)
    entries("=1+2", at=datetime(2026, 1, 9, tzinfo=UTC), reason="@SUM(A1)")
    response = client.get("/admin/audit.csv?date_to=2026-01-12")
    assert response.mimetype == "text/csv" and "no-store" in response.headers["Cache-Control"]
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["When (UTC)", "Who", "Action"]
    assert [row[7] for row in rows[1:]] == ["Entry-C Бюджет", "Entry-B", "Entry-A budget", "'=1+2"]
    assert rows[4][8] == "'@SUM(A1)" and rows[2][1] == "System"
    assert all(line.startswith('"') and line.endswith('"') for line in text.splitlines())


def test_a_new_objects_empty_fields_are_not_listed_as_changes(app_context):
    lines = describe_changes({"name": [None, "Aliya"], "party_id": [None, None], "person_id": [None, 7]},
                             "UTC", object_type="user")
    assert len(lines) == 2 and not any("Party" in line for line in lines)


def test_a_label_of_several_words_is_lowercased_after_the_colon_but_an_abbreviation_is_not(app):
    with app.test_request_context("/?lang=ru"):
        assert [after_colon(text) for text in ("В работе", "Подтверждено", "СМИД", "А")] == \
            ["в работе", "подтверждено", "СМИД", "а"]
    with app.test_request_context("/?lang=en"):
        assert after_colon("In progress") == "In progress"
