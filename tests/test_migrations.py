from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from meetings.extensions import db
from meetings.models import Base


def test_migrations_match_the_models(app_context):
    """The schema built by the migrations is the one the models describe (nothing to autogenerate)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
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
