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
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import ClassVar

import flask_migrate
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from flask import has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, event, text

from config import TestConfig
from meetings import create_app
from meetings.accounts.services import create_user
from meetings.documents import services as documents
from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    AgendaItemKind,
    Base,
    Delegation,
    Document,
    DocumentCategory,
    DocumentVersion,
    Meeting,
    MeetingStatus,
    MeetingType,
    Party,
    PartyKind,
    Person,
    Registration,
    RegistrationRole,
    Room,
    User,
    UserRole,
    Venue,
    Visibility,
    utcnow,
)
from meetings.participants import services as participants
from meetings.scheduling import services as scheduling
from meetings.timeutil import to_local

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
def config_class(database_url, tmp_path):
    # Stored files (rendered PDFs) per test: a file left by another test would be served at once.
    return type("PerTestConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url,
                                                 "FILES_DIR": str(tmp_path / "files")})


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


class ServerLikeClient(FreshRequestClient):
    """Closes each response once it is read, as a WSGI server does: what runs then (the outbox's
    delivery after the response, MAIL_DELIVERY=inline) runs before the request returns."""

    def open(self, *args, **kwargs):
        kwargs["buffered"] = True
        return super().open(*args, **kwargs)


def deliver_outbox(app) -> str:
    """What the worker does once (``flask --app wsgi outbox send``): due reminders, due messages."""
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    return result.output


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
    """Makes valid objects with sensible defaults; tests override only what they check.

    Everything is made through the services, as users make it (STYLE.md point 20): the rules hold
    (dates, rooms taken, the workflows, badge numbers, one head per delegation) and the audit
    trail records each change, made by one Secretariat user (``secretariat``) made once per test.
    Only parties and people outside a registration are rows written here: no service creates
    them (parties come from the seed's registry, people from registering them). Where a test
    needs a state the rules cannot reach, it sets that itself after building, saying why.
    """

    # The first status a new meeting takes, and the steps of the workflow that lead on to the one asked for.
    MEETING_PATHS: ClassVar[dict[MeetingStatus, tuple[MeetingStatus, tuple[MeetingStatus, ...]]]] = {
        MeetingStatus.DRAFT: (MeetingStatus.DRAFT, ()),
        MeetingStatus.PLANNED: (MeetingStatus.PLANNED, ()),
        MeetingStatus.CONFIRMED: (MeetingStatus.CONFIRMED, ()),
        MeetingStatus.POSTPONED: (MeetingStatus.PLANNED, (MeetingStatus.POSTPONED,)),
        MeetingStatus.CANCELLED: (MeetingStatus.PLANNED, (MeetingStatus.CANCELLED,)),
        MeetingStatus.HELD: (MeetingStatus.CONFIRMED, (MeetingStatus.HELD,)),
    }

    def __init__(self) -> None:
        self._n = count(1)
        self._secretariat: User | None = None

    # --- who acts ------------------------------------------------------------------------------

    @property
    def secretariat(self) -> User:
        """The organizer who makes what the builders make (the audit trail names them); one per test."""
        if self._secretariat is None:
            self._secretariat = create_user("builders@secretariat.example.org", PASSWORD, UserRole.ORGANIZER,
                                            name="Test builders")
        return self._secretariat

    def user(self, role: UserRole = UserRole.ORGANIZER, **fields) -> User:
        n = next(self._n)
        if role is UserRole.FOCAL_POINT and "party_id" not in fields:
            fields["party_id"] = self.party("KZ").id
        if role is UserRole.DELEGATE and "person_id" not in fields:
            fields["person_id"] = self.person().id
        return create_user(fields.pop("email", f"{role.value}{n}@example.org"), PASSWORD, role, **fields)

    # --- the registries: rows, as no service makes them -----------------------------------------

    def party(self, code: str = "KZ") -> Party:
        party = db.session.scalar(db.select(Party).where(Party.code == code))
        assert party is not None, f"seed has no party {code}"
        return party

    def new_party(self, code: str, name_en: str, name_ru: str = "", kind: PartyKind = PartyKind.MEMBER_STATE) -> Party:
        """A party the seed lacks. A direct row: parties come from the registry (meetings/data/
        parties.csv) and no service adds one (update_party only edits)."""
        party = Party(code=code, name_en=name_en, name_ru=name_ru, kind=kind)
        db.session.add(party)
        db.session.commit()
        return party

    def meeting_type(self, code: str = "SOC") -> MeetingType:
        mtype = db.session.scalar(db.select(MeetingType).where(MeetingType.code == code))
        assert mtype is not None, f"seed has no meeting type {code}"
        return mtype

    def person(self, **fields) -> Person:
        """A person not (yet) registered: a chair, a speaker, a delegate's account. A direct row:
        no service creates a person on their own (registering does: see ``registration``)."""
        person = Person(**(self._person_defaults() | fields))
        db.session.add(person)
        db.session.commit()
        return person

    def _person_defaults(self) -> dict[str, str]:
        n = next(self._n)
        return {"family_name": f"Family{n}", "given_names": f"Given{n}", "email": f"person{n}@example.org"}

    # --- scheduling: meetings, their timetables, venues and rooms --------------------------------

    def meeting(self, *, status: MeetingStatus = MeetingStatus.PLANNED, starts_at: datetime | None = None,
                ends_at: datetime | None = None, type_code: str = "SOC", timezone: str = "Asia/Baku",
                venue: Venue | None = None, host_party: Party | None = None, chair_party: Party | None = None,
                **fields) -> Meeting:
        """A meeting made by create_meeting (``starts_at``/``ends_at`` are instants; the service
        takes them as local times in the meeting's zone), then moved along the workflow to
        ``status``: postponed (until further notice), cancelled or held through their services."""
        start = starts_at or datetime(2026, 12, 9, 4, 0, tzinfo=UTC)
        end = ends_at or start + timedelta(hours=8)
        first, steps = self.MEETING_PATHS[status]
        values = {"title_en": f"Meeting {next(self._n)}", "title_ru": "Заседание", "city_en": "Baku",
                  "city_ru": "Баку", "visibility": Visibility.PUBLIC} | fields
        data = scheduling.MeetingInput(
            type_id=self.meeting_type(type_code).id, timezone=timezone, status=first,
            local_start=_local(start, timezone), local_end=_local(end, timezone),
            venue_id=venue.id if venue else None, host_party_id=host_party.id if host_party else None,
            chair_party_id=chair_party.id if chair_party else None, **values)
        meeting = scheduling.create_meeting(data, user=self.secretariat, accept_warnings=True)
        assert (meeting.starts_at, meeting.ends_at) == (start, end), "a local time that stands for two instants"
        for step in steps:
            version = meeting.version
            if step is MeetingStatus.POSTPONED:  # until further notice: the dates stay
                scheduling.postpone_until_further_notice(meeting, reason="Postponed by the test builders.",
                                                         user=self.secretariat, expected_version=version)
            elif step is MeetingStatus.CANCELLED:
                scheduling.cancel_meeting(meeting, reason="Cancelled by the test builders.", user=self.secretariat,
                                          expected_version=version)
            else:  # held: marked once it is over, on the clock of that day when that is still to come
                scheduling.mark_held(meeting, user=self.secretariat, expected_version=version,
                                     now=max(utcnow(), meeting.ends_at))
        assert meeting.status is status
        return meeting

    def item(self, meeting: Meeting, start: datetime | timedelta | None = None, title_en: str = "Plenary session",
             title_ru: str = "Пленарное заседание", *, minutes: int = 60, kind: AgendaItemKind = AgendaItemKind.PLENARY,
             room: Room | None = None, chair: Person | None = None, speakers: Iterable[Person] = (),
             **fields) -> AgendaItem:
        """An entry of the timetable, by add_agenda_item (a room is booked only if free). ``start``
        is an instant, or a time after the meeting's start; the meeting's start by default."""
        if start is None or isinstance(start, timedelta):
            start = meeting.starts_at + (start or timedelta())
        end = start + timedelta(minutes=minutes)
        data = scheduling.ItemInput(
            title_en=title_en, title_ru=title_ru, kind=kind, local_start=_local(start, meeting.timezone),
            local_end=_local(end, meeting.timezone), room_id=room.id if room else None,
            chair_id=chair.id if chair else None, speaker_ids=[p.id for p in speakers], **fields)
        item = scheduling.add_agenda_item(meeting, data, user=self.secretariat, accept_warnings=True)
        assert (item.starts_at, item.ends_at) == (start, end), "a local time that stands for two instants"
        return item

    def edit_item(self, item: AgendaItem, *, room: Room | None = None, chair: Person | None = None,
                  speakers: Iterable[Person] | None = None, **fields) -> AgendaItem:
        """Change an entry by update_agenda_item; what is not given stays as it is."""
        tz = item.meeting.timezone
        values = {"title_en": item.title_en, "title_ru": item.title_ru, "kind": item.kind,
                  "local_start": _local(item.starts_at, tz), "local_end": _local(item.ends_at, tz),
                  "room_id": room.id if room else item.room_id, "chair_id": chair.id if chair else item.chair_id,
                  "speaker_ids": [p.id for p in (item.speakers if speakers is None else speakers)],
                  "documents": item.documents, "description_en": item.description_en,
                  "description_ru": item.description_ru, "position": item.position} | fields
        return scheduling.update_agenda_item(item, scheduling.ItemInput(**values), user=self.secretariat,
                                             accept_warnings=True)

    def programme(self, meeting: Meeting, count_: int, days: int = 1) -> list[AgendaItem]:
        """``count_`` consecutive half-hour working sessions spread over ``days`` days from the
        meeting's start."""
        per_day = -(-count_ // days)
        items = []
        for n in range(count_):
            day, slot = divmod(n, per_day)
            items.append(self.item(meeting, timedelta(days=day, minutes=30 * slot), f"Item {n + 1}", f"Пункт {n + 1}",
                                   minutes=30, kind=AgendaItemKind.WORKING_SESSION))
        return items

    def venue(self, name_en: str | None = None, city_en: str = "Baku", timezone: str = "Asia/Baku", *,
              rooms: Iterable[str | dict] = (), **fields) -> Venue:
        """A venue by save_venue, and its ``rooms`` (names, or RoomInput fields) by save_room."""
        venue = scheduling.save_venue(None, scheduling.VenueInput(
            name_en=name_en or f"Venue {next(self._n)}", city_en=city_en, timezone=timezone, **fields),
            user=self.secretariat)
        for room in rooms:
            self.room(**({"name": room} if isinstance(room, str) else room), venue=venue)
        return venue

    def room(self, name: str = "Plenary Hall", *, venue: Venue | None = None, **fields) -> Room:
        """A room by save_room, in ``venue`` or in a venue of its own in Baku."""
        return scheduling.save_room(venue or self.venue(), None, scheduling.RoomInput(name=name, **fields),
                                    user=self.secretariat)

    # --- participants: delegations and registrations ---------------------------------------------

    def delegation(self, meeting: Meeting, party: Party | str) -> Delegation:
        """The party's delegation, invited by invite_parties (unless it is already). Its head is
        whoever is registered as head of delegation (register keeps one per delegation)."""
        party = self.party(party) if isinstance(party, str) else party
        participants.invite_parties(meeting, [party], self.secretariat)
        delegation = participants.delegation_for(meeting, party.id)
        assert delegation is not None, f"{party.code} cannot be invited (inactive?)"
        return delegation

    def registration(self, meeting: Meeting, party: Party | str | None = None, person: Person | None = None, *,
                     role: RegistrationRole = RegistrationRole.DELEGATE,
                     status: AccreditationStatus = AccreditationStatus.REGISTERED, ministerial_level: bool = False,
                     badge_number: int | None = None, **person_fields) -> Registration:
        """Someone registered by the Secretariat (register), then moved along the accreditation
        workflow to ``status`` (change_status). A ``party`` is invited first and the registration
        joins its delegation; without one, the person's own party's delegation if it is invited.
        ``person`` is someone already known; otherwise register makes them from ``person_fields``.
        Badge numbers are the service's, issued in order of accreditation: ``badge_number`` is
        the one the test expects (checked), never set."""
        party = self.party(party) if isinstance(party, str) else party
        if party is not None:
            self.delegation(meeting, party)
        party_id = party.id if party is not None else person.party_id if person is not None else None
        data = {"role": role, "ministerial_level": ministerial_level}
        if person is None:
            unknown = set(person_fields) - set(participants.PERSON_FIELDS)
            assert not unknown, f"not a person's field: {unknown}"
            data |= self._person_defaults() | person_fields
        else:
            assert not person_fields, "a known person's data is theirs: build them with it"
        access = participants.participants_access(self.secretariat, meeting.id)
        registration = participants.register(access, participants.RegistrationInput(**data), person=person,
                                             party_id=party_id)
        self.move(registration, status)
        if badge_number is not None:
            assert registration.badge_number == badge_number, (registration.badge_number, badge_number)
        return registration

    def move(self, registration: Registration, *statuses: AccreditationStatus) -> Registration:
        """Move a registration along the accreditation workflow (change_status, by the
        Secretariat) to each of ``statuses`` in turn, each by the shortest path the workflow allows."""
        access = participants.participants_access(self.secretariat, registration.meeting_id)
        for target in statuses:
            for step in _shortest_path(participants.TRANSITIONS, registration.status, target):
                participants.change_status(access, registration, step)
        return registration

    # --- documents: the archive ---------------------------------------------------------------

    def document(self, meeting: Meeting, *, category: DocumentCategory = DocumentCategory.DECISION,
                 title_en: str = "Draft decision", title_ru: str = "Проект решения",
                 files: dict[str, bytes | tuple[bytes, str]] | None = None, issued: bool = False, version_of: Document | None = None,
                 version: DocumentVersion = DocumentVersion.REVISION, **fields) -> Document:
        """A document made by create_document (or, with ``version_of``, a ``version`` of that one by
        new_version), its ``files`` (language -> bytes of a PDF, or (bytes, file name)) uploaded by
        upload_file, then issued by issue_document when ``issued`` (which needs a file)."""
        if version_of is not None:
            document = documents.new_version(version_of, version, user=self.secretariat)
        else:
            value = documents.DocumentInput(title_en=title_en, title_ru=title_ru, category=category, **fields)
            document = documents.create_document(meeting, value, user=self.secretariat)
        for language, upload in (files or {}).items():
            data, name = upload if isinstance(upload, tuple) else (upload, f"{language}.pdf")
            documents.upload_file(document, documents.UploadInput(language, name, data), user=self.secretariat)
        if issued:
            documents.issue_document(document, user=self.secretariat)
        return document


def _local(instant: datetime, tz: str) -> datetime:
    """The naive wall-clock time in ``tz`` that the services take for an instant."""
    return to_local(instant, tz).replace(tzinfo=None)


def _shortest_path(transitions: dict, start, target) -> list:
    """The statuses after ``start`` on a shortest way to ``target`` (breadth first, in the enum's order)."""
    paths = {start: []}
    queue = [start]
    for status in queue:
        if status == target:
            return paths[status]
        for following in type(start):
            if following in transitions[status] and following not in paths:
                paths[following] = [*paths[status], following]
                queue.append(following)
    raise AssertionError(f"the workflow leads nowhere from {start} to {target}")


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
