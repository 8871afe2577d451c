from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import (
    AgendaItem,
    Base,
    Delegation,
    Meeting,
    MeetingStatus,
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
    app = create_app(ProductionConfig())
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "refused" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
        db.session.remove()
        db.engine.dispose()
