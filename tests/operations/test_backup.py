"""flask --app wsgi backup FILE / restore FILE: every row back exactly (the second backup is the same
bytes as the first), new rows get fresh ids after it, and every refusal is a clear message."""

import json

import flask_migrate
import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from meetings import create_app
from meetings.accounts.services import create_user
from meetings.extensions import db
from meetings.models import Base, Meeting, User, UserRole
from tests.conftest import ON_POSTGRES, PASSWORD, CommandRunner


def _fresh_postgres_database(url: str) -> str:
    """A second PostgreSQL database beside the test one (made once, emptied each time)."""
    target = make_url(url).set(database=f"{make_url(url).database}_restore")
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}):
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()
    engine = create_engine(target)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return target.render_as_string(hide_password=False)


@pytest.fixture
def target(config_class, database_url, tmp_path):
    """Another app on a second, empty database migrated to the same revision, and its CLI runner."""
    url = _fresh_postgres_database(database_url) if ON_POSTGRES else f"sqlite:///{tmp_path / 'target.sqlite3'}"
    app = create_app(type("Target", (config_class,), {"SQLALCHEMY_DATABASE_URI": url}))
    app.test_cli_runner_class = CommandRunner
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def invoke(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_round_trip_is_exact_and_new_rows_get_fresh_ids(app, target, tmp_path):
    invoke(app, "demo")
    first, second, third = tmp_path / "first.json", tmp_path / "second.json", tmp_path / "third.json"
    assert "Backup written" in invoke(app, "backup", str(first))
    assert "Restored" in invoke(target, "restore", str(first))
    invoke(target, "backup", str(second))
    assert second.read_bytes() == first.read_bytes()

    data = json.loads(first.read_text(encoding="utf-8"))
    # Every table but the change counter (a cache key, not data: meetings/changes.py).
    assert [table["name"] for table in data["tables"]] == [table.name for table in Base.metadata.sorted_tables
                                                           if table.name != "change_counter"]
    rows = {table["name"]: len(table["rows"]) for table in data["tables"]}
    assert rows["meeting"] > 5 and rows["registration"] > 20 and rows["audit_entry"] > 20

    with target.app_context():  # the sequences (PostgreSQL) moved past the restored ids
        largest = db.session.scalar(select(func.max(User.id)))
        user = create_user("after-restore@example.org", PASSWORD, UserRole.STAFF)
        assert user.id == largest + 1
        db.session.remove()

    # Not into a database with data in it, unless asked to replace it, then exactly the file again.
    refused = target.test_cli_runner().invoke(args=["restore", str(first)])
    assert refused.exit_code == 1 and "not empty" in refused.output
    invoke(target, "restore", "--replace", str(first))
    invoke(target, "backup", str(third))
    assert third.read_bytes() == first.read_bytes()


def test_values_keep_their_types(app, build, tmp_path):
    meeting = build.meeting()
    invoke(app, "backup", str(tmp_path / "one.json"))
    tables = {t["name"]: t for t in json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))["tables"]}
    row = dict(zip(tables["meeting"]["columns"], tables["meeting"]["rows"][0], strict=True))
    assert row["id"] == meeting.id and row["status"] == meeting.status.value
    assert row["starts_at"] == meeting.starts_at.isoformat() and row["starts_at"].endswith("+00:00")
    assert row["visibility"] == meeting.visibility.value and row["registration_deadline"] is None
    audit = dict(zip(tables["audit_entry"]["columns"], tables["audit_entry"]["rows"][0], strict=True))
    assert isinstance(audit["changes"], dict) and audit["at"].endswith("+00:00")
    user = dict(zip(tables["user"]["columns"], tables["user"]["rows"][0], strict=True))
    assert user["active"] is True


def _backup_of(app, tmp_path) -> dict:
    invoke(app, "backup", str(tmp_path / "source.json"))
    return json.loads((tmp_path / "source.json").read_text(encoding="utf-8"))


def _refused(app, tmp_path, content: str | dict) -> str:
    path = tmp_path / "refused.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.output.startswith("Error: restore refused, nothing changed: ")
    with app.app_context():
        assert all(db.session.scalar(select(func.count()).select_from(t)) == 0 for t in Base.metadata.sorted_tables)
    return result.output


def test_refusals_are_clear_and_change_nothing(app, target, tmp_path):
    data = _backup_of(app, tmp_path)  # of the empty test database
    assert "not a readable backup file" in _refused(target, tmp_path, '{"format": "cica-meetings-backup", ')
    assert "not a CICA Meetings backup" in _refused(target, tmp_path, {"tables": []})
    assert "format 1 only" in _refused(target, tmp_path, data | {"format_version": 2})
    assert "does not know (a newer one?)" in _refused(target, tmp_path, data | {"revision": "9999_from_the_future"})
    assert "database migrated to '0001'" in _refused(target, tmp_path, data | {"revision": "0001"})
    assert "malformed" in _refused(target, tmp_path, data | {"tables": [{"name": "party", "rows": [[1]]}]})
    assert "tables differ" in _refused(target, tmp_path, data | {"tables": data["tables"][1:]})


def test_a_value_that_does_not_fit_its_column_is_refused_with_nothing_written(app, build, target, tmp_path):
    build.meeting()
    data = _backup_of(app, tmp_path)
    meeting = next(table for table in data["tables"] if table["name"] == "meeting")
    meeting["rows"][0][meeting["columns"].index("starts_at")] = "next Tuesday"
    assert "does not fit its column in meeting" in _refused(target, tmp_path, data)
    meeting["rows"][0][meeting["columns"].index("starts_at")] = None  # NOT NULL: the database refuses
    assert "do not fit the database" in _refused(target, tmp_path, data)
    meeting["rows"][0][meeting["columns"].index("id")] = "1"
    assert "expected int" in _refused(target, tmp_path, data)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1  # the source untouched


def test_a_backup_that_cannot_be_written_says_why(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "no-such-folder" / "backup.json")])
    assert result.exit_code == 1 and result.output.startswith("Error: backup failed, nothing written: ")
    assert "Traceback" not in result.output and not (tmp_path / "no-such-folder").exists()
