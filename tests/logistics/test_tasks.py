"""Tasks: the checklist of a meeting, its templates counted from the meeting's days, the move on
postponement, overdue by the meeting's calendar, my tasks, who may change what, bad input."""

import csv
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from meetings.domain import NotAllowedError, RuleError
from meetings.extensions import db
from meetings.logistics.tasks import listing, services
from meetings.logistics.tasks.services import TaskInput
from meetings.logistics.tasks.templates import DEFAULT, TEMPLATES_FILE, all_templates, parse, template_for
from meetings.models import AuditEntry, Meeting, Task, TaskStatus, User, UserRole
from meetings.scheduling import services as scheduling
from meetings.scheduling.inputs import PostponeInput
from meetings.timeutil import to_local
from tests.conftest import requires_postgres

S = TaskStatus
# 9-10 December in Tokyo (UTC+9): the first local day starts on 8 December in UTC.
TOKYO_START, TOKYO_END = datetime(2026, 12, 8, 23, 0, tzinfo=UTC), datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def organizer(build):
    return build.secretariat


@pytest.fixture
def add(organizer):
    """A task made by the service, as the organizer of the builders."""
    def make(meeting, title, *, owner=None, due=date(2026, 12, 1), status=S.OPEN, note=""):
        return services.create_task(meeting, TaskInput(title_en=title, owner_id=owner.id if owner else None,
                                                       due_date=due, status=status, note=note), user=organizer)

    return make


# --- templates --------------------------------------------------------------------------------

def test_every_meeting_type_has_a_checklist_and_the_default_exists():
    with open(TEMPLATES_FILE.parent / "meeting_types.csv", encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(line for line in f if not line.startswith("#"))}
    templates = all_templates()
    assert codes <= set(templates) and DEFAULT in templates
    for code, tasks in templates.items():
        titles = [t.title_en for t in tasks]
        assert len(titles) == len(set(titles)), f"{code} repeats a title"
        assert all(t.title_ru for t in tasks), f"{code} lacks a Russian title"
    assert template_for("NO-SUCH-TYPE") == templates[DEFAULT]


def test_russian_titles_name_things_as_the_secretariat_does():
    """A visa letter is a «визовое письмо», a report or summary is the meeting's («мероприятие»), the
    host is a State («принимающее государство»)."""
    titles = {t.title_ru for tasks in all_templates().values() for t in tasks}
    banned = ("писем поддержки", "о заседании", "резюме заседания", "принимающей стран")
    assert [title for title in titles if any(word in title for word in banned)] == []
    assert {"Оформление визовых писем", "Рассылка доклада о мероприятии", "Рассылка резюме мероприятия",
            "Подписание соглашения с принимающим государством"} <= titles


@pytest.mark.parametrize("text", ['[[default]]\ntitle_en = "x"\ndays = "3"\nfrom = "first"\n',
                                  '[[default]]\ntitle_en = "x"\ndays = 3\nfrom = "middle"\n',
                                  '[[SOC]]\ntitle_en = "x"\ndays = 3\nfrom = "first"\n'])
def test_a_malformed_template_is_refused(text):
    with pytest.raises(ValueError):
        parse(text)


def test_summit_checklist_counts_back_from_the_first_and_on_from_the_last_local_day(build, organizer):
    meeting = build.meeting(type_code="SUMMIT", timezone="Asia/Tokyo", starts_at=TOKYO_START, ends_at=TOKYO_END)
    added = services.apply_template(meeting, user=organizer)
    due = {t.title_en: t.due_date for t in added}
    first, last = date(2026, 12, 9), date(2026, 12, 10)  # local days, not the UTC 8 December
    assert due["Notes verbales of invitation sent to Member States"] == first - timedelta(days=90)
    assert due["Host country agreement signed"] == first - timedelta(days=120)
    assert due["Rehearsal of the opening ceremony"] == first - timedelta(days=1)
    assert due["Report of the meeting circulated"] == last + timedelta(days=14)
    assert len(added) == len(template_for("SUMMIT"))
    assert {t.status for t in added} == {S.OPEN} and {t.owner_id for t in added} == {None}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "task.template_applied")).one()
    assert entry.meeting_id == meeting.id and len(entry.changes["tasks"][1]) == len(added)


def test_applying_twice_or_over_a_title_typed_in_either_language_adds_nothing(build, organizer, add):
    meeting = build.meeting(type_code="SOC")
    add(meeting, "Badges printed", due=date(2026, 12, 7))  # already there, typed by hand
    services.create_task(meeting, TaskInput(title_en="", title_ru="Рассылка проекта повестки дня", owner_id=None,
                                            due_date=None, status=S.OPEN), user=organizer)
    first = services.apply_template(meeting, user=organizer)
    assert len(first) == len(template_for("SOC")) - 2
    # Both titles of the template: each reader sees the task in their language.
    assert ("Interpretation booked", "Бронирование устного перевода") in {
        (t.title_en, t.title_ru) for t in first}
    assert services.apply_template(meeting, user=organizer) == []
    assert db.session.scalar(select(func.count()).select_from(Task)) == len(template_for("SOC"))


def test_the_template_button_as_an_organizer(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    meeting = build.meeting(type_code="SWG")
    url = f"/meetings/{meeting.id}/logistics/tasks"
    page = client.post(f"{url}/template", follow_redirects=True).get_data(as_text=True)
    assert f"{len(template_for('SWG'))} tasks of the standard checklist added." in page
    page = client.post(f"{url}/template", follow_redirects=True).get_data(as_text=True)
    assert "already there: nothing added" in page



@requires_postgres
def test_a_double_click_on_the_checklist_adds_it_once(app, build):
    # Both clicks read the titles before either wrote: the checklist was added twice.
    meeting = build.meeting(type_code="SOC")
    meeting_id, user_id = meeting.id, build.secretariat.id
    db.session.commit()
    barrier = threading.Barrier(2)
    added, errors = [], []

    def click():
        with app.app_context():
            try:
                meeting, user = db.session.get(Meeting, meeting_id), db.session.get(User, user_id)
                meeting.type  # noqa: B018 - loaded before the race, as the view does
                barrier.wait(timeout=10)
                added.append(len(services.apply_template(meeting, user=user)))
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == [] and sorted(added) == [0, len(template_for("SOC"))]
    assert db.session.scalar(select(func.count()).select_from(Task)) == len(template_for("SOC"))


# --- postponement -----------------------------------------------------------------------------

def test_postponement_moves_unfinished_tasks_and_leaves_finished_ones(build, organizer, add):
    meeting = build.meeting(type_code="SOC", timezone="Asia/Tokyo", starts_at=TOKYO_START, ends_at=TOKYO_END)
    tasks = {status: add(meeting, status.value, status=status) for status in S}
    undated = add(meeting, "Someday", due=None)
    local = to_local(meeting.starts_at, meeting.timezone).replace(tzinfo=None)
    scheduling.postpone_meeting(meeting, PostponeInput(new_start=local + timedelta(days=7),
                                                       new_end=local + timedelta(days=8), reason="Host's request."),
                                user=organizer, expected_version=meeting.version, accept_warnings=True)
    db.session.expire_all()
    moved = date(2026, 12, 8)
    assert {s: t.due_date for s, t in tasks.items()} == {
        S.OPEN: moved, S.IN_PROGRESS: moved, S.DONE: date(2026, 12, 1), S.CANCELLED: date(2026, 12, 1)}
    assert undated.due_date is None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "task.moved")).one()
    assert entry.meeting_id == meeting.id and "2 tasks moved by 7 days" in entry.summary


def test_postponement_to_the_same_days_moves_nothing(build, organizer, add):
    meeting = build.meeting()
    task = add(meeting, "Badges")
    local = to_local(meeting.starts_at, meeting.timezone).replace(tzinfo=None)
    # Later the same day (the very same times are no move: refused).
    scheduling.postpone_meeting(meeting, PostponeInput(new_start=local + timedelta(hours=1),
                                                       new_end=local + timedelta(hours=8), reason="Dates not fixed yet."),
                                user=organizer, expected_version=meeting.version, accept_warnings=True)
    assert task.due_date == date(2026, 12, 1)
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "task.moved")).all() == []



@pytest.mark.parametrize("due", ["9999-12-31", "0001-01-01", "2101-01-01", "1991-12-31"])
def test_a_due_date_outside_the_years_of_meetings_is_refused_so_postponing_cannot_overflow(client, auth, build,
                                                                                          due):
    # 9999-12-31 was accepted, and postponing the meeting then failed with an OverflowError (a 500).
    auth.login(UserRole.ORGANIZER)
    meeting = build.meeting()
    response = client.post(f"/meetings/{meeting.id}/logistics/tasks/new",
                           data={"title_en": "Book rooms", "due_date": due, "status": "open", "note": "kept note"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter a year between 1992 and 2100." in page and due in page and "kept note" in page
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0
    with pytest.raises(RuleError):
        services.create_task(meeting, TaskInput(title_en="x", owner_id=None, due_date=date.fromisoformat(due),
                                                status=S.OPEN), user=build.secretariat)


# --- overdue ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "overdue"), [
    (datetime(2026, 12, 1, 14, 59, tzinfo=UTC), False),  # 23:59 on 1 December in Tokyo: still its day
    (datetime(2026, 12, 1, 15, 0, tzinfo=UTC), True),  # midnight in Tokyo: the day is over
])
def test_overdue_from_the_meeting_zones_midnight(build, now, overdue, app, add):
    meeting = build.meeting(timezone="Asia/Tokyo", starts_at=TOKYO_START, ends_at=TOKYO_END)
    for status in S:
        add(meeting, status.value, status=status)
    rows = {r.task.status: r.overdue for r in listing.meeting_tasks(meeting, now)}
    assert rows == {S.OPEN: overdue, S.IN_PROGRESS: overdue, S.DONE: False, S.CANCELLED: False}
    assert [r.task.title_en for r in listing.meeting_tasks(meeting, now, overdue=True)] == (
        ["in_progress", "open"] if overdue else [])
    with app.test_request_context():
        section = services.summary(meeting, now)
    labels = {a.level: (a.count, a.examples) for a in section.attention}
    assert labels == ({"warning": (2, ["in_progress", "open"])} if overdue else {"info": (2, ["in_progress", "open"])})
    assert [c.value for c in section.counts] == [1, 1, 1]


# --- pages: the list, forms, quick status, delete --------------------------------------------

def test_organizer_adds_edits_changes_and_deletes_a_task(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    staff = build.user(UserRole.STAFF, name="Aigerim Staff")
    meeting = build.meeting()
    url = f"/meetings/{meeting.id}/logistics/tasks"
    response = client.post(f"{url}/new", data={"title_en": "Book the interpreters", "owner_id": str(staff.id),
                                               "due_date": "2026-11-20", "status": "open", "note": "EN/RU, 4 booths"})
    assert response.status_code == 302
    task = db.session.scalars(select(Task)).one()
    assert (task.title_en, task.owner_id, task.due_date, task.note) == ("Book the interpreters", staff.id,
                                                                     date(2026, 11, 20), "EN/RU, 4 booths")
    page = client.get(url).get_data(as_text=True)
    assert "Book the interpreters" in page and "Aigerim Staff" in page
    response = client.post(f"{url}/{task.id}/edit", data={"title_en": "Book the interpreters (4)", "owner_id": "",
                                                          "due_date": "2026-11-21", "status": "in_progress",
                                                          "note": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert (task.title_en, task.owner_id, task.status, task.note) == ("Book the interpreters (4)", None, S.IN_PROGRESS, "")
    response = client.post(f"{url}/{task.id}/status?status=open&overdue=1", data={"status": "done"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}?status=open&overdue=1")
    db.session.expire_all()
    assert task.status is S.DONE
    actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "task")
                                      .order_by(AuditEntry.id)))
    assert actions == ["task.created", "task.edited", "task.status_changed"]
    assert client.post(f"{url}/{task.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_filters_and_the_overdue_highlight(client, auth, build, add):
    auth.login(UserRole.ORGANIZER)
    staff = build.user(UserRole.STAFF)
    meeting = build.meeting()
    add(meeting, "Long overdue", due=date(2020, 1, 1), owner=staff)
    add(meeting, "Far ahead", due=date(2099, 1, 1))
    add(meeting, "Done long ago", due=date(2020, 1, 1), status=S.DONE)
    url = f"/meetings/{meeting.id}/logistics/tasks"
    page = client.get(url).get_data(as_text=True)
    assert page.index("Long overdue") < page.index("Far ahead")
    assert page.count('class="task-open overdue"') == 1 and page.count("badge-overdue") == 1
    assert client.get(f"{url}?overdue=y").get_data(as_text=True).count("<th scope=\"row\">") == 1
    only_staff = client.get(f"{url}?owner={staff.id}").get_data(as_text=True)
    assert "Long overdue" in only_staff and "Far ahead" not in only_staff
    nobody = client.get(f"{url}?owner=0&status=done").get_data(as_text=True)
    assert "Done long ago" in nobody and "Far ahead" not in nobody
    for bad in ("?status=bogus", "?owner=abc", "?owner=99999999999999", "?overdue=%00"):
        assert client.get(url + bad).status_code == 200


def test_bad_input_on_the_task_form_keeps_what_was_typed(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    meeting = build.meeting()
    url = f"/meetings/{meeting.id}/logistics/tasks/new"
    cases = [
        ({"title_en": ""}, "Give the task a title."),
        ({"title_en": "   ", "title_ru": " "}, "Give the task a title."),
        ({"title_en": "x" * 301}, "Field cannot be longer than 300 characters."),
        ({"title_ru": "x" * 301}, "Field cannot be longer than 300 characters."),
        ({"title_en": "Bad\x01title"}, "Remove the invisible control characters"),
        ({"due_date": "2026-13-45"}, "Not a valid date value."),
        ({"due_date": "tomorrow"}, "Not a valid date value."),
        ({"owner_id": "999999"}, "Not a valid choice."),
        ({"owner_id": "abc"}, "Invalid Choice: could not coerce."),
        ({"status": "finished"}, "Invalid Choice: could not coerce."),
        ({"note": "a\x00b"}, "Remove the invisible control characters"),
    ]
    for values, message in cases:
        data = {"title_en": "Book rooms", "title_ru": "", "due_date": "2026-11-01", "status": "open", "owner_id": "", "note": "kept note"}
        data |= values
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, values
        assert message in page.replace("&#39;", "'"), (values, page[:200])
        assert "kept note" in page or "note" in values
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, auth, build):
    auth.login(UserRole.ORGANIZER)
    meeting = build.meeting()
    client.post(f"/meetings/{meeting.id}/logistics/tasks/new",
                data={"title_en": "<script>alert(1)</script>", "status": "open", "note": "=cmd|' /C calc'!A0"})
    page = client.get(f"/meetings/{meeting.id}/logistics/tasks").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert db.session.scalars(select(Task.title_en)).one() == "<script>alert(1)</script>"


def test_the_service_refuses_an_owner_outside_the_secretariat(build, organizer, add):
    meeting = build.meeting()
    focal = build.user(UserRole.FOCAL_POINT)
    with pytest.raises(RuleError) as refused:
        add(meeting, "Badges", owner=focal)
    assert refused.value.field == "owner_id"
    with pytest.raises(RuleError) as refused:
        add(meeting, "  ")
    assert refused.value.field == "title_en"


# --- staff: their own tasks -------------------------------------------------------------------

def test_staff_change_status_and_note_of_their_own_tasks_only(client, auth, build, add):
    staff = auth.login(UserRole.STAFF)
    colleague = build.user(UserRole.STAFF)
    meeting = build.meeting()
    mine, theirs, nobodys = (add(meeting, "Mine", owner=staff), add(meeting, "Theirs", owner=colleague),
                             add(meeting, "Nobody's"))
    url = f"/meetings/{meeting.id}/logistics/tasks"
    page = client.get(url).get_data(as_text=True)
    assert f"{url}/{mine.id}/status" in page and f"{url}/{theirs.id}/status" not in page
    assert "Add a task" not in page and f"{url}/{mine.id}/delete" not in page
    assert client.post(f"{url}/{mine.id}/status", data={"status": "in_progress"}).status_code == 302
    form = client.get(f"{url}/{mine.id}/edit").get_data(as_text=True)
    assert 'name="title_en"' not in form and 'name="note"' in form
    response = client.post(f"{url}/{mine.id}/edit", data={"status": "done", "note": "Sent on Monday",
                                                          "title_en": "Renamed by staff"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (mine.title_en, mine.status, mine.note) == ("Mine", S.DONE, "Sent on Monday")
    for task in (theirs, nobodys):
        assert client.post(f"{url}/{task.id}/status", data={"status": "done"}).status_code == 403
        assert client.get(f"{url}/{task.id}/edit").status_code == 403
        assert client.post(f"{url}/{task.id}/edit", data={"status": "done"}).status_code == 403
    for path in ("/new", f"/{mine.id}/delete", "/template"):
        assert client.post(url + path, data={"title_en": "x", "status": "open"}).status_code == 403
    db.session.expire_all()
    assert (theirs.status, nobodys.status) == (S.OPEN, S.OPEN)
    with pytest.raises(NotAllowedError):
        services.change_status(theirs, S.DONE, user=staff)


def test_the_due_date_reads_as_a_date_inside_the_line(client, auth, build, add):
    staff = auth.login(UserRole.STAFF)
    task = add(build.meeting(), "Mine", owner=staff, due=date(2026, 12, 3))
    url = f"/meetings/{task.meeting_id}/logistics/tasks/{task.id}/edit"
    assert "Срок: 3 декабря 2026\u00a0г.</p>" in client.get(url + "?lang=ru").text
    assert "Due: 3 December 2026</p>" in client.get(url + "?lang=en").text


def test_other_roles_are_kept_out(client, auth, build, add):
    meeting = build.meeting()
    task = add(meeting, "Badges")
    urls = [f"/meetings/{meeting.id}/logistics/tasks", f"/meetings/{meeting.id}/logistics/tasks/{task.id}/edit",
            "/logistics/tasks/mine"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for role in (UserRole.FOCAL_POINT, UserRole.DELEGATE):
        auth.login(role)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(f"/meetings/{meeting.id}/logistics/tasks/{task.id}/status",
                           data={"status": "done"}).status_code == 403
        assert "My tasks" not in client.get("/").get_data(as_text=True)
        auth.logout()


# --- my tasks ---------------------------------------------------------------------------------

def test_my_tasks_are_mine_across_meetings_unfinished_and_by_due_date(client, auth, build, add):
    staff = auth.login(UserRole.STAFF)
    colleague = build.user(UserRole.STAFF)
    soc = build.meeting(title_en="Senior Officials")
    swg = build.meeting(title_en="Working Group", timezone="Asia/Tokyo", starts_at=TOKYO_START, ends_at=TOKYO_END)
    add(soc, "Later one", owner=staff, due=date(2099, 3, 1), status=S.IN_PROGRESS)
    add(swg, "Overdue one", owner=staff, due=date(2020, 3, 1))
    add(soc, "Finished", owner=staff, status=S.DONE)
    add(swg, "Colleague's", owner=colleague)
    add(soc, "Nobody's")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/logistics/tasks/mine"' in home
    page = client.get("/logistics/tasks/mine").get_data(as_text=True)
    assert page.index("Overdue one") < page.index("Later one")
    assert "Finished" not in page and "Colleague" not in page and "Nobody" not in page
    assert "Senior Officials" in page and "Working Group" in page and page.count("badge-overdue") == 1
    mine = [r.task.title_en for r in listing.my_tasks(staff, datetime.now(UTC))]
    assert mine == ["Overdue one", "Later one"]
    task = db.session.scalar(select(Task).where(Task.title_en == "Overdue one"))
    response = client.post(f"/meetings/{swg.id}/logistics/tasks/{task.id}/status?back=mine", data={"status": "done"})
    assert response.headers["Location"].endswith("/logistics/tasks/mine")


# --- query counts -----------------------------------------------------------------------------

def test_query_counts_do_not_grow_with_the_tasks(client, auth, build, count_queries, app, add):
    organizer = auth.login(UserRole.ORGANIZER)
    meeting = build.meeting()
    staffs = [build.user(UserRole.STAFF) for _ in range(3)]

    def measure():
        counts = []
        for url in (f"/meetings/{meeting.id}/logistics/tasks", "/logistics/tasks/mine",
                    f"/meetings/{meeting.id}/logistics"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        with app.test_request_context(), count_queries() as counter:
            services.summary(meeting, datetime.now(UTC))
        return [*counts, counter.count]

    def grow(n):
        for i in range(n):
            other = build.meeting()
            owner = (organizer, *staffs)[i % 4]
            add(meeting, f"Task {i}", owner=owner, due=date(2020 + i % 80, 1, 1), status=list(S)[i % 4])
            add(other, f"Elsewhere {i}", owner=organizer, due=date.today() + timedelta(days=i % 9))

    grow(2)
    small = measure()
    grow(20)
    assert measure() == small
