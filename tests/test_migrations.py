from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from meetings.documents.search import POSTGRESQL_SEARCH_INDEXES
from meetings.extensions import db
from meetings.models import Base


def _described_by_the_models(obj, name, type_, reflected, compare_to) -> bool:
    # The archive search's full-text indexes (0016, PostgreSQL only) are expressions the models do not hold.
    return not (type_ == "index" and name in POSTGRESQL_SEARCH_INDEXES)


def test_migrations_match_the_models(app_context):
    """The schema built by the migrations is the one the models describe (nothing to autogenerate)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": _described_by_the_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_model_table_exists_and_the_schema_is_versioned(app_context):
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_audit_actions_are_namespaced_by_the_upgrade(tmp_path):
    """Entries written before 0002 ('status_changed' of a registration and of a meeting alike)
    are renamed for their kind of object, so a meeting's history never reads a registration's."""
    import flask_migrate

    from config import TestConfig
    from meetings import create_app

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(type("OldDatabase", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    rows = [("status_changed", "registration"), ("status_changed", "meeting"), ("item_added", "agenda_item"),
            ("item_deleted", "agenda_item"), ("notified", "meeting"), ("edited", "person")]
    with app.app_context():
        flask_migrate.upgrade(revision="0001")
        with db.engine.begin() as conn:
            for action, object_type in rows:
                conn.execute(text("INSERT INTO audit_entry (at, action, object_type, summary, reason, changes) "
                                  "VALUES (CURRENT_TIMESTAMP, :a, :o, '', '', '{}')"), {"a": action, "o": object_type})
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            upgraded = conn.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars().all()
        assert upgraded == ["registration.status_changed", "meeting.status_changed", "agenda_item.added",
                            "agenda_item.deleted", "meeting.notified", "person.edited"]
        flask_migrate.downgrade(revision="0001")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT action FROM audit_entry ORDER BY id")).scalars().all() == [a for a, _ in rows]
        db.engine.dispose()


def test_party_language_is_added_to_a_database_in_use(tmp_path):
    """0004 gives existing parties the language that the seed gives new ones, in place: a rebuild of
    the table would be refused by SQLite's enforced foreign keys (people of a party)."""
    import flask_migrate

    from config import TestConfig
    from meetings import create_app
    from meetings.reference import party_rows

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(type("OldDatabase", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    seeded = party_rows()
    with app.app_context():
        flask_migrate.upgrade(revision="0003")
        with db.engine.begin() as conn:
            for row in seeded:
                conn.execute(text("INSERT INTO party (code, kind, name_en, name_ru, active) VALUES (:c, :k, :e, :r, 1)"),
                             {"c": row["code"], "k": row["kind"].value, "e": row["name_en"], "r": row["name_ru"]})
            conn.execute(text(
                "INSERT INTO person (family_name, given_names, printed_name, printed_name_ru, honorific, position_en, "
                "position_ru, party_id, email, phone, languages, dietary_needs, accessibility_needs, passport_number, "
                "nationality, created_at, updated_at) SELECT 'Abenov', 'Nurlan', '', '', '', '', '', id, '', '', '', "
                "'', '', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM party WHERE code = 'KZ'"))
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            languages = dict(conn.execute(text("SELECT code, language FROM party")).all())
            assert languages == {row["code"]: row["language"] for row in seeded}
            assert conn.execute(text("SELECT count(*) FROM person JOIN party ON party.id = person.party_id "
                                     "WHERE party.code = 'KZ'")).scalar() == 1
        flask_migrate.downgrade(revision="0003")
        columns = {column["name"] for column in inspect(db.engine).get_columns("party")}
        assert "language" not in columns and "code" in columns
        db.engine.dispose()


def _insert(conn, table: str, **values) -> int:
    """A row with the given values and a plain value in every other required column (the test
    cares about the columns it names)."""
    plain = {"VARCHAR": "x", "TEXT": "", "INTEGER": 0, "BOOLEAN": False, "DATE": "2026-05-01",
             "DATETIME": "2026-05-01 09:00:00", "JSON": "{}"}
    for column in inspect(conn).get_columns(table):
        if column["name"] not in values and not column["nullable"] and column["name"] != "id":
            values[column["name"]] = plain[type(column["type"]).__name__.upper().replace("TIMESTAMP", "DATETIME")]
    names = ", ".join(f'"{name}"' for name in values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in values)})"), values)
    return conn.execute(text(f"SELECT max(id) FROM {table}")).scalar()


def test_logistics_rows_are_kept_by_0007(tmp_path):
    """0007 keeps what the demo wrote before the logistics area existed: hotels' names and
    addresses become their English versions, the free-text interpreters become interpreters
    booked for the same sessions, visa letters without a reference get none (NULL) and may now be
    sent; and it goes back down with the same data."""
    import flask_migrate

    from config import TestConfig
    from meetings import create_app

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(type("OldDatabase", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        flask_migrate.upgrade(revision="0006")
        with db.engine.begin() as conn:
            party = _insert(conn, "party", code="KZ", kind="member_state", name_en="Kazakhstan", language="ru")
            kind = _insert(conn, "meeting_type", code="SOC")
            meeting = _insert(conn, "meeting", type_id=kind, host_party_id=party, timezone="Asia/Almaty",
                              format="in_person", status="planned", visibility="public", uid="u1",
                              starts_at="2026-05-01 04:00:00", ends_at="2026-05-02 13:00:00")
            person = _insert(conn, "person", family_name="Abenov", party_id=party)
            registration = _insert(conn, "registration", meeting_id=meeting, person_id=person, role="delegate",
                                   status="accredited")
            hotel = _insert(conn, "hotel", name="Hilton Baku", address="1B Azadliq Ave")
            block = _insert(conn, "hotel_block", meeting_id=meeting, hotel_id=hotel, rooms=10,
                            check_in="2026-05-01", check_out="2026-05-03")
            _insert(conn, "hotel_assignment", registration_id=registration, hotel_block_id=block,
                    check_in="2026-05-01", check_out="2026-05-03")
            item = _insert(conn, "agenda_item", meeting_id=meeting, kind="plenary", starts_at="2026-05-01 04:00:00",
                           ends_at="2026-05-01 06:00:00")
            for language in ("en", "ru"):
                _insert(conn, "interpretation", agenda_item_id=item, language=language,
                        interpreters="Secretariat team")
            _insert(conn, "travel", registration_id=registration, direction="arrival", pickup=True)
            _insert(conn, "visa_letter", registration_id=registration, status="requested", reference="")
            _insert(conn, "task", meeting_id=meeting, title="Book hotel", status="open")
        flask_migrate.upgrade(revision="0007")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT name_en, address_en, name_ru FROM hotel")).one() == (
                "Hilton Baku", "1B Azadliq Ave", "")
            booked = conn.execute(text(
                "SELECT interpretation.language, interpreter.name FROM interpretation_interpreter AS link "
                "JOIN interpretation ON interpretation.id = link.interpretation_id "
                "JOIN interpreter ON interpreter.id = link.interpreter_id ORDER BY 1")).all()
            assert booked == [("en", "Secretariat team"), ("ru", "Secretariat team")]
            assert conn.execute(text("SELECT pickup FROM travel")).scalar() in (True, 1)
            assert conn.execute(text("SELECT reference FROM visa_letter")).scalar() is None
            conn.execute(text("UPDATE visa_letter SET status = 'sent', reference = 'CICA/VL/2026/0001'"))
            assert conn.execute(text("SELECT updated_at FROM task")).scalar() is not None
        flask_migrate.downgrade(revision="0006")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name, address FROM hotel")).one() == ("Hilton Baku", "1B Azadliq Ave")
            assert conn.execute(text("SELECT DISTINCT interpreters FROM interpretation")).scalars().all() == [
                "Secretariat team"]
            assert conn.execute(text("SELECT status, reference FROM visa_letter")).one() == (
                "issued", "CICA/VL/2026/0001")
        db.engine.dispose()


def test_postponed_meetings_become_moved_meetings_in_0012(tmp_path):
    """Before 0012 every postponed meeting had been moved to new dates: it becomes planned there,
    with the local dates it was moved from read from its last postponement's audit entry (old
    start, end and zone), and SEQUENCE one higher for calendars; without such an entry it is
    planned without them. The downgrade makes the moved, still planned meetings postponed again."""
    import json

    import flask_migrate

    from config import TestConfig
    from meetings import create_app

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(type("OldDatabase", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        flask_migrate.upgrade(revision="0011")
        with db.engine.begin() as conn:
            kind = _insert(conn, "meeting_type", code="MC")
            moved = {"type_id": kind, "timezone": "Asia/Baku", "format": "online", "visibility": "public",
                     "starts_at": "2024-12-17 05:00:00", "ends_at": "2024-12-17 14:00:00", "sequence": 2}
            ministerial = _insert(conn, "meeting", uid="mc", status="postponed", **moved)
            no_trace = _insert(conn, "meeting", uid="nt", status="postponed", **moved)
            planned = _insert(conn, "meeting", uid="pl", status="planned", **moved)
            item = _insert(conn, "agenda_item", meeting_id=ministerial, kind="plenary", sequence=2,
                           starts_at="2024-12-17 05:00:00", ends_at="2024-12-17 06:00:00")
            # The meeting moved twice, across zones: the last move counts, from Astana (UTC+5) to Baku.
            for at, changes in (
                ("2024-10-01 10:00:00", {"starts_at": ["2024-11-04T04:00:00+00:00", "2024-11-11T04:00:00+00:00"],
                                         "ends_at": ["2024-11-04T13:00:00+00:00", "2024-11-11T13:00:00+00:00"]}),
                ("2024-10-20 10:00:00", {"starts_at": ["2024-11-10T19:30:00+00:00", "2024-12-17T05:00:00+00:00"],
                                         "ends_at": ["2024-11-12T13:00:00+00:00", "2024-12-17T14:00:00+00:00"],
                                         "timezone": ["Asia/Almaty", "Asia/Baku"]}),
            ):
                _insert(conn, "audit_entry", at=at, action="meeting.postponed", object_type="meeting",
                        object_id=ministerial, meeting_id=ministerial, changes=json.dumps(changes))
        flask_migrate.upgrade(revision="0012")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, status, rescheduled_from_start, rescheduled_from_end, sequence "
                                     "FROM meeting ORDER BY id")).all()
            # 19:30 UTC on 10 November is 00:30 on the 11th in Astana.
            assert [tuple(row) for row in rows] == [(ministerial, "planned", "2024-11-11", "2024-11-12", 3),
                                                    (no_trace, "planned", None, None, 3),
                                                    (planned, "planned", None, None, 2)]
            assert conn.execute(text("SELECT sequence FROM agenda_item WHERE id = :id"), {"id": item}).scalar() == 3
        flask_migrate.downgrade(revision="0011")
        with db.engine.connect() as conn:
            statuses = conn.execute(text("SELECT status FROM meeting ORDER BY id")).scalars().all()
            assert statuses == ["postponed", "planned", "planned"]  # the one without a trace cannot be told apart
            assert "rescheduled_from_start" not in {c["name"] for c in inspect(conn).get_columns("meeting")}
        db.engine.dispose()


def test_bilingual_names_are_kept_by_0009_both_ways(tmp_path):
    """0009 adds the Russian room names, venue addresses and Cyrillic names in place; a Cyrillic
    name typed in the Latin (passport) fields moves to the Cyrillic ones. Down again, the Latin
    fields get back what they held, and a Cyrillic name beside a Latin one survives as the Russian
    printed name."""
    import flask_migrate

    from config import TestConfig
    from meetings import create_app

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(type("OldDatabase", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        flask_migrate.upgrade(revision="0008")
        with db.engine.begin() as conn:
            venue = _insert(conn, "venue", name_en="Palace of Independence", address="52 Tauelsizdik Ave")
            _insert(conn, "room", venue_id=venue, name="Main Hall", capacity=400)
            latin = _insert(conn, "person", family_name="Abenov", given_names="Nurlan", printed_name_ru="")
            cyrillic = _insert(conn, "person", family_name="Токаев", given_names="Аскар", printed_name_ru="")
        flask_migrate.upgrade(revision="0009")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT name, name_ru FROM room")).one() == ("Main Hall", "")
            assert conn.execute(text("SELECT address, address_ru FROM venue")).one() == ("52 Tauelsizdik Ave", "")
            people = conn.execute(text("SELECT id, family_name, given_names, family_name_ru, given_names_ru "
                                       "FROM person ORDER BY id")).all()
            assert [tuple(p) for p in people] == [(latin, "Abenov", "Nurlan", "", ""), (cyrillic, "", "", "Токаев", "Аскар")]
            conn.execute(text("UPDATE person SET family_name_ru = 'Абенов', given_names_ru = 'Нурлан' WHERE id = :id"),
                         {"id": latin})
            conn.execute(text("UPDATE room SET name_ru = 'Главный зал'"))
        flask_migrate.downgrade(revision="0008")
        with db.engine.connect() as conn:
            people = conn.execute(text("SELECT family_name, given_names, printed_name_ru FROM person ORDER BY id")).all()
            assert [tuple(p) for p in people] == [("Abenov", "Nurlan", "Нурлан Абенов"), ("Токаев", "Аскар", "")]
            assert "name_ru" not in {c["name"] for c in inspect(db.engine).get_columns("room")}
            assert conn.execute(text("SELECT name FROM room")).scalar() == "Main Hall"
        db.engine.dispose()
