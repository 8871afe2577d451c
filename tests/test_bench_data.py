"""`flask --app wsgi bench-data`: the same seed gives the same rows, the rows pass the app's rules
(every page of them renders), and bad arguments are refused by click with a clear message.
No timing here: `make bench` measures."""

from datetime import UTC, datetime

import flask_migrate
import icalendar
import pytest
from sqlalchemy import func, select

from config import TestConfig
from meetings import create_app
from meetings.bench_data import ACTOR_EMAIL, ACTOR_PASSWORD
from meetings.extensions import db
from meetings.models import AgendaItem, Base, Meeting, MeetingStatus, Registration, Visibility

SMALL = ["--meetings", "41", "--items-per-meeting", "3", "--large-items", "60", "--large-participants", "40",
         "--anchor", "2026-06-15"]


def is_data(column) -> bool:
    """Not drawn afresh by the services (the large meeting's UID) or read off the clock (created,
    updated, invited, status changed): the data set proper."""
    return column.name != "uid" and not (column.name.endswith("_at") and column.name not in ("starts_at", "ends_at"))

TABLES = ("meeting", "agenda_item", "agenda_item_speaker", "venue", "room", "person", "delegation", "registration")


def snapshot(url: str, *args: str) -> dict[str, list[tuple]]:
    """The rows bench-data makes on a fresh database at ``url``, table by table, in id order."""
    app = create_app(type("BenchDataConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        flask_migrate.upgrade()
        assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        result = app.test_cli_runner().invoke(args=["bench-data", *args])
        assert result.exit_code == 0, result.output
        rows = {}
        for name in TABLES:
            table = Base.metadata.tables[name]
            columns = [c for c in table.c if is_data(c)]
            rows[name] = [tuple(r) for r in db.session.execute(select(*columns).order_by(*table.primary_key.columns))]
        ordinary_uids = list(db.session.scalars(select(Meeting.uid).where(Meeting.id > 1).order_by(Meeting.id)))
        db.session.remove()
        db.engine.dispose()
    return rows | {"ordinary uids": ordinary_uids}


def test_the_same_seed_gives_the_same_rows_on_two_databases(tmp_path):
    first = snapshot(f"sqlite:///{tmp_path / 'one.sqlite3'}", *SMALL, "--seed", "5")
    second = snapshot(f"sqlite:///{tmp_path / 'two.sqlite3'}", *SMALL, "--seed", "5")
    assert len(first["meeting"]) == 41 and len(first["agenda_item"]) == 40 * 3 + 60
    assert first == second
    other = snapshot(f"sqlite:///{tmp_path / 'three.sqlite3'}", *SMALL, "--seed", "6")
    assert other["meeting"] != first["meeting"]


@pytest.fixture
def loaded(runner, seeded):
    result = runner.invoke(args=["bench-data", *SMALL[:-2], "--seed", "3"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Meeting).join(Meeting.agenda_items).group_by(Meeting.id)
                             .order_by(func.count(AgendaItem.id).desc()).limit(1))


def test_the_shape_of_the_issue(loaded):
    assert len(loaded.agenda_items) == 60
    # Parallel rooms: several entries start at once, never two in one room.
    starts = [(i.starts_at, i.room_id) for i in loaded.agenda_items]
    assert len(set(starts)) == len(starts) and len({s for s, _room in starts}) < len(starts)
    assert all(i.title_ru and i.chair_id for i in loaded.agenda_items)
    assert any(i.description_en for i in loaded.agenda_items)
    registrations = db.session.scalars(select(Registration).where(Registration.meeting_id == loaded.id)).all()
    assert len(registrations) == 40 and len({r.delegation_id for r in registrations}) > 10
    now = datetime.now(UTC)
    meetings = db.session.scalars(select(Meeting)).all()
    past = [m for m in meetings if m.ends_at < now]
    assert len(past) > 0.8 * len(meetings) and len(meetings) - len(past) > 1
    assert {m.status for m in past} <= {MeetingStatus.HELD, MeetingStatus.CANCELLED}
    assert sum(m.visibility is Visibility.PUBLIC for m in meetings) > 0.8 * len(meetings)
    for item in db.session.scalars(select(AgendaItem)):
        assert item.meeting.starts_at <= item.starts_at < item.ends_at <= item.meeting.ends_at


def test_every_page_of_the_data_renders(loaded, client):
    others = db.session.scalars(select(Meeting.id).where(Meeting.id != loaded.id,
                                                         Meeting.visibility == Visibility.PUBLIC).limit(5)).all()
    pages = ["/", "/calendar", "/calendar.ics", "/calendar.ics?lang=ru", f"/meetings/{loaded.id}",
             f"/meetings/{loaded.id}.ics", f"/meetings/{loaded.id}/agenda", f"/meetings/{loaded.id}/agenda?lang=ru"]
    pages += [f"/meetings/{m}" for m in others] + [f"/meetings/{m}.ics" for m in others]
    for page in pages:
        response = client.get(page, follow_redirects=True)
        assert response.status_code == 200, page
    feed = icalendar.Calendar.from_ical(client.get(f"/meetings/{loaded.id}.ics").data)
    assert len(feed.walk("VEVENT")) > 40  # the meeting and its entries (breaks may be left out)
    login = client.post("/login", data={"email": ACTOR_EMAIL, "password": ACTOR_PASSWORD})
    assert login.status_code == 302
    listing = client.get(f"/meetings/{loaded.id}/participants")
    assert listing.status_code == 200 and listing.get_data(as_text=True).count("@") >= 40


@pytest.mark.parametrize(("args", "message"), [
    (["--meetings", "0"], "Invalid value for '--meetings': 0 is not in the range x>=1."),
    (["--meetings", "-5"], "Invalid value for '--meetings': -5 is not in the range x>=1."),
    (["--meetings", "10", "--items-per-meeting", "-1"], "Invalid value for '--items-per-meeting'"),
    (["--meetings", "10", "--participants-per-meeting", "-1"], "Invalid value for '--participants-per-meeting'"),
    (["--meetings", "ten"], "Invalid value for '--meetings': 'ten' is not a valid integer"),
    ([], "Missing option '--meetings'."),
])
def test_bad_arguments_are_refused_by_click(runner, args, message):
    result = runner.invoke(args=["bench-data", *args])
    assert result.exit_code == 2 and message in result.output


def test_no_reference_data_and_a_second_load_are_refused(runner, app_context):
    unseeded = runner.invoke(args=["bench-data", "--meetings", "3"])
    assert unseeded.exit_code == 1 and "run `flask --app wsgi seed` first" in unseeded.output
    assert db.session.scalar(select(func.count(Meeting.id))) == 0
    assert runner.invoke(args=["seed"]).exit_code == 0
    assert runner.invoke(args=["bench-data", "--meetings", "3", "--large-items", "5", "--large-participants", "5"]).exit_code == 0
    again = runner.invoke(args=["bench-data", "--meetings", "3"])
    assert again.exit_code == 1 and "already loaded" in again.output
