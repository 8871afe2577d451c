"""Fixtures shared by every test: an app on a clean database, clients, builders.

The schema is made once per run by the Alembic migrations (never create_all), on SQLite by
default or on PostgreSQL when TEST_DATABASE_URL is set; every test then starts from empty tables.
Each request and command runs in an app context of its own (its own ``g`` and database session),
as in production; a test that works on the database itself has its own (``app_context``, which
the builders use).
"""

import contextlib
import contextvars
import email
import email.policy
import os
import socket
from datetime import UTC, datetime, timedelta
from itertools import count

import flask_migrate
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from flask import has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, event, text

from config import TestConfig
from meetings import create_app
from meetings.extensions import db
from meetings.models import (
    Base,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    Person,
    User,
    UserRole,
    Visibility,
)

PASSWORD = "correct horse battery"
ON_POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))
# Under CI=true (set by .ci/run) a test that skips because a tool is missing (Chromium, Node,
# ical.js) fails instead: CI installs every tool, so a skip there means a check silently lost.
IN_CI = os.environ.get("CI", "").lower() == "true"

# Tests that need PostgreSQL's own behaviour (row locks under real concurrency).
requires_postgres = pytest.mark.postgres


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are deselected on SQLite, not skipped: they are not missing there, the
    PostgreSQL run of the same suite holds them, and a skip would fail under CI=true."""
    if ON_POSTGRES:
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true, so a skip is a failure: {reason}"
    return report


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as conn:  # a clean schema, so the migrations run from scratch
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    config = type("SchemaConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def config_class(database_url):
    return type("PerTestConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url})


def outside_the_test(call, *args, **kwargs):
    """``call`` as production runs a request or a command: in no app context, so it pushes one of
    its own (a fresh ``g``, a fresh database session), never the test's (``app_context``).

    The test's session ends its transaction before (a commit: the call sees what the test built,
    and SQLite's lock of a writing test does not block it) and forgets what it loaded after (so
    the test reads what the call wrote). The call runs in an empty ``contextvars.Context``: Flask
    and Flask-SQLAlchemy find their context (and so their session) there.
    """
    session = db.session() if has_app_context() else None
    if session is not None:
        session.commit()
    try:
        return contextvars.Context().run(call, *args, **kwargs)
    finally:
        if session is not None:
            session.expire_all()


class FreshRequestClient(FlaskClient):
    """Each request in an app context of its own, as in production, even while the test holds one.

    Only the run of the app is moved out of the test's context: the contexts that ``with client:``
    keeps after a request are pushed back by FlaskClient.open in the test's (and popped there)."""

    def run_wsgi_app(self, environ, buffered=False):
        return outside_the_test(super().run_wsgi_app, environ, buffered)


class CommandRunner(FlaskCliRunner):
    """Each command in an app context of its own, as ``flask --app wsgi ...`` runs it."""

    def invoke(self, *args, **kwargs):
        return outside_the_test(super().invoke, *args, **kwargs)


@pytest.fixture
def app(config_class):
    """The app on the test database, in no app context (as in flaskr's tests): each request and
    command pushes its own, and the test its own for its database work (``app_context``). The
    tables are emptied after the test, in a context of their own."""
    app = create_app(config_class)
    app.test_client_class = FreshRequestClient
    app.test_cli_runner_class = CommandRunner
    yield app
    with app.app_context():
        with db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def app_context(app):
    """The test's own app context and database session (builders, direct reads and writes),
    apart from every request's; its session is closed before the tables are emptied."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def make_app(config_class):
    """Another app on the test database with some settings changed; its connections are closed after."""
    made = []

    def factory(**settings):
        other = create_app(type("Overridden", (config_class,), settings))
        other.test_client_class = FreshRequestClient
        other.test_cli_runner_class = CommandRunner
        made.append(other)
        return other

    yield factory
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seeded(app, app_context):
    from meetings.reference import seed

    seed()
    return app


class Builders:
    """Makes valid objects with sensible defaults; tests override only what they check."""

    def __init__(self) -> None:
        self._n = count(1)

    def party(self, code: str = "KZ") -> Party:
        party = db.session.scalar(db.select(Party).where(Party.code == code))
        assert party is not None, f"seed has no party {code}"
        return party

    def meeting_type(self, code: str = "SOC") -> MeetingType:
        mtype = db.session.scalar(db.select(MeetingType).where(MeetingType.code == code))
        assert mtype is not None, f"seed has no meeting type {code}"
        return mtype

    def meeting(self, **fields) -> Meeting:
        start = fields.pop("starts_at", datetime(2026, 12, 9, 4, 0, tzinfo=UTC))
        values = {
            "title_en": f"Meeting {next(self._n)}",
            "title_ru": "Заседание",
            "type": self.meeting_type(fields.pop("type_code", "SOC")),
            "timezone": "Asia/Baku",
            "starts_at": start,
            "ends_at": start + timedelta(hours=8),
            "status": MeetingStatus.PLANNED,
            "visibility": Visibility.PUBLIC,
            "city_en": "Baku",
            "city_ru": "Баку",
        }
        values.update(fields)
        meeting = Meeting(**values)
        db.session.add(meeting)
        db.session.commit()
        return meeting

    def person(self, **fields) -> Person:
        n = next(self._n)
        values = {"family_name": f"Family{n}", "given_names": f"Given{n}", "email": f"person{n}@example.org"}
        values.update(fields)
        person = Person(**values)
        db.session.add(person)
        db.session.commit()
        return person

    def user(self, role: UserRole = UserRole.ORGANIZER, **fields) -> User:
        from meetings.accounts.services import create_user

        n = next(self._n)
        if role is UserRole.FOCAL_POINT and "party_id" not in fields:
            fields["party_id"] = self.party("KZ").id
        if role is UserRole.DELEGATE and "person_id" not in fields:
            fields["person_id"] = self.person().id
        return create_user(fields.pop("email", f"{role.value}{n}@example.org"), PASSWORD, role, **fields)


@pytest.fixture
def build(seeded) -> Builders:
    return Builders()


class Auth:
    def __init__(self, client, builders: Builders) -> None:
        self.client = client
        self.build = builders

    def login(self, user_or_role: User | UserRole = UserRole.ORGANIZER, **fields) -> User:
        user = user_or_role if isinstance(user_or_role, User) else self.build.user(user_or_role, **fields)
        response = self.client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client, build) -> Auth:
    return Auth(client, build)


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as counter: ...`` counts the SQL statements run inside the block.

    What the test changed before the block is written before it (as the client would before the
    request): a request's count is the request's alone."""
    with app.app_context():
        engine = db.engine

    @contextlib.contextmanager
    def counting():
        counter = QueryCounter()
        if has_app_context():
            db.session.commit()

        def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
            counter.statements.append(statement)

        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return counting



# --- a real SMTP server on this machine, for the e-mails the app sends -------------------------


class Inbox(Sink):
    def __init__(self) -> None:
        self.raw: list[bytes] = []  # as received
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.raw.append(envelope.content)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    """(port, inbox) of an aiosmtpd server on 127.0.0.1, stopped after the test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()
