from dataclasses import replace

import pytest
from sqlalchemy import func, select

from meetings import demo
from meetings.demo_data import MEETINGS
from meetings.domain import ConflictError
from meetings.extensions import db
from meetings.models import (
    AgendaItem,
    AuditEntry,
    Base,
    Delegation,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    ProtocolOrder,
    Registration,
    Task,
    User,
    UserRole,
)


def table_counts() -> dict[str, int]:
    return {
        name: db.session.scalar(select(func.count()).select_from(table))
        for name, table in Base.metadata.tables.items()
    }


def test_demo_builds_a_living_calendar(runner, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    meetings = db.session.scalars(select(Meeting)).all()
    assert len(meetings) >= 20
    statuses = {m.status for m in meetings}
    assert {MeetingStatus.HELD, MeetingStatus.PLANNED, MeetingStatus.CONFIRMED, MeetingStatus.CANCELLED} <= statuses
    assert all(m.agenda_items for m in meetings), "every demo meeting has a timetable"
    assert db.session.scalar(select(func.count()).select_from(Delegation)) >= 28
    assert db.session.scalar(select(func.count()).select_from(Registration)) >= 20
    assert db.session.scalar(select(func.count()).select_from(Task)) > 0
    # Meetings with delegations have their protocol order drawn, with the demo's number.
    drawn = db.session.scalars(select(ProtocolOrder)).all()
    assert drawn and all(order.seed == 2026 and order.first_party_id for order in drawn)
    # The 7th Ministerial Council moved from Baku to online: one meeting, with its history.
    moved = db.session.scalars(select(Meeting).where(Meeting.title_en.like("7th Meeting of the CICA Ministerial%"))).all()
    assert len(moved) == 1 and moved[0].sequence > 0


def test_demo_items_lie_inside_their_meeting(runner, app_context):
    runner.invoke(args=["demo"])
    for item in db.session.scalars(select(AgendaItem)):
        assert item.meeting.starts_at <= item.starts_at < item.ends_at <= item.meeting.ends_at


def test_demo_is_idempotent(runner, app_context):
    runner.invoke(args=["demo"])
    before = table_counts()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "0 meetings created" in second.output
    assert table_counts() == before


def test_demo_creates_and_prints_one_account_per_role(runner, client, app_context):
    result = runner.invoke(args=["demo"])
    roles = {u.role for u in db.session.scalars(select(User))}
    assert roles == set(UserRole)
    for user in db.session.scalars(select(User)):
        assert user.email in result.output
    password = result.output.split("password: ")[1].split()[0]
    response = client.post("/login", data={"email": "organizer@example.org", "password": password})
    assert response.status_code == 302


def test_no_demo_accounts_without_demo(runner, app_context):
    runner.invoke(args=["seed"])
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_production_refuses_demo(monkeypatch, database_url):
    from config import ProductionConfig
    from meetings import create_app

    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")  # never reached: no limited route is asked
    app = create_app(ProductionConfig())
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "refused" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
        db.session.remove()
        db.engine.dispose()


# --- the demo goes through the rules: the same history and the same conflicts as the pages -------

POSTPONED = next(s for s in MEETINGS if s.postponed_from is not None)  # create, timetable, postpone, confirm, held
SOC_BAKU = next(s for s in MEETINGS if s.participants and s.type_code == "SOC")


def form_data(data, version: int | None = None) -> dict:
    """A service input as the fields a page posts: dates and times apart, enums by value."""
    fields = {}
    for name, value in vars(data).items():
        if name in ("local_start", "local_end", "new_start", "new_end"):
            day, at = ("start_date", "start_time") if name.endswith("start") else ("end_date", "end_time")
            fields[day], fields[at] = value.date().isoformat(), value.strftime("%H:%M")
        elif isinstance(value, list | tuple):
            fields[name] = [str(v) for v in value]
        else:
            fields[name] = "" if value is None else str(getattr(value, "value", value))
    if "title_en" in fields and "start_date" in fields and "type_id" not in fields:  # a timetable entry
        fields["day"] = fields.pop("start_date")
        fields.pop("end_date")
    if version is not None:
        fields["version"] = str(version)
    return fields | {"confirm_warnings": "y"}


PAGES = {"item": "timetable", "postpone": "postpone", "status": "status", "cancel": "cancel"}


def step_fields(step, version: int) -> dict:
    if step.action == "status":
        return {"status": step.data.value, "reason": "", "version": str(version)}
    if step.action == "cancel":
        return {"reason": step.data, "version": str(version)}
    return form_data(step.data, version)


def replay(client, steps) -> int:
    """The demo's steps for one meeting, sent through the organizer's pages."""
    meeting_id = None
    for step in steps:
        version = db.session.get(Meeting, meeting_id).version if meeting_id else None
        if step.action == "create":
            response = client.post("/manage/meetings/new", data=form_data(step.data))
            meeting_id = int(response.headers["Location"].split("/")[-2])
        else:
            response = client.post(f"/manage/meetings/{meeting_id}/{PAGES[step.action]}",
                                   data=step_fields(step, version))
        assert response.status_code == 302, (step, response.get_data(as_text=True)[:3000])
    return meeting_id


def history(meeting_id: int) -> list[tuple]:
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.meeting_id == meeting_id).order_by(AuditEntry.id))
    return [(e.user_id, e.action, e.object_type, e.summary, e.reason, e.changes) for e in entries]


def demo_world(build):
    parties = {p.code: p for p in db.session.scalars(select(Party))}
    types = {t.code: t for t in db.session.scalars(select(MeetingType))}
    organizer = build.user(UserRole.ORGANIZER)
    return parties, types, organizer, demo._venues(organizer)


def test_the_demo_writes_the_history_the_pages_write(build, auth, client):
    parties, types, organizer, venues = demo_world(build)
    steps = demo.meeting_steps(POSTPONED, types, parties, venues)
    assert [s.action for s in steps].count("item") >= 5 and {"create", "postpone", "status"} <= {s.action for s in steps}
    meeting = None
    for step in steps:
        meeting = demo.run_step(meeting, step, organizer)
    by_demo = history(meeting.id)

    auth.login(organizer)
    by_pages = history(replay(client, steps))

    assert len(by_demo) == len(steps) and by_demo[0][1] == "meeting.created"
    assert by_pages == by_demo


def test_the_demo_meets_the_conflicts_the_pages_meet(build, auth, client):
    """An organizer has booked the Plenary Hall of Baku for the morning of the demo's SOC: the
    demo is refused as the page would be, and writes nothing at all."""
    parties, types, organizer, venues = demo_world(build)
    steps = demo.meeting_steps(SOC_BAKU, types, parties, venues)
    in_hall = next(s.data for s in steps if s.action == "item" and s.data.room_id is not None)
    auth.login(organizer)
    other = replay(client, [replace(steps[0], data=replace(steps[0].data, title_en="Bilateral consultations"))])
    client.post(f"/manage/meetings/{other}/timetable",
                data=form_data(replace(in_hall, title_en="Bilateral meeting"), db.session.get(Meeting, other).version))
    db.session.expire_all()
    assert len(db.session.get(Meeting, other).agenda_items) == 1
    before = table_counts()

    refused = client.post(f"/manage/meetings/{other}/timetable", data=form_data(in_hall, db.session.get(Meeting, other).version))
    assert refused.status_code == 200 and "is taken" in refused.get_data(as_text=True)
    with pytest.raises(ConflictError, match="is taken"):
        demo.load_demo()
    assert table_counts() == before
