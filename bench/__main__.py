"""`make bench`: time the main pages at two data sizes and count their SQL queries.

Runs on a throw-away SQLite database (or BENCH_DATABASE_URL); prints a table. Tests never assert
timings; this is where speed is measured.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import flask_migrate
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event

from bench import logistics, printing
from config import TestConfig
from meetings import create_app
from meetings.extensions import db
from meetings.models import AgendaItem, Meeting, MeetingStatus, MeetingType
from meetings.reference import seed

ROUNDS = 20


class FreshRequestClient(FlaskClient):
    """Each request starts with an empty ``g`` (as in production), although the benchmark keeps one
    app context open: Flask-Babel keeps the request's language there."""

    def open(self, *args, **kwargs):
        if has_app_context():
            vars(g._get_current_object()).clear()
        return super().open(*args, **kwargs)


def populate(meetings: int, items_per_meeting: int) -> int:
    mtype = db.session.scalar(db.select(MeetingType).where(MeetingType.code == "SOC"))
    start = datetime(2026, 1, 5, 4, tzinfo=UTC)
    first_id = None
    for n in range(meetings):
        begin = start + timedelta(days=7 * n)
        meeting = Meeting(title_en=f"SOC {n}", title_ru=f"КСДЛ {n}", type=mtype, timezone="Asia/Almaty",
                          starts_at=begin, ends_at=begin + timedelta(days=2), status=MeetingStatus.CONFIRMED)
        for i in range(items_per_meeting):
            at = begin + timedelta(minutes=30 * i)
            meeting.agenda_items.append(AgendaItem(title_en=f"Item {i}", starts_at=at, ends_at=at + timedelta(minutes=30)))
        db.session.add(meeting)
        db.session.flush()
        first_id = first_id or meeting.id
    db.session.commit()
    return first_id


def measure(client, url: str, rounds: int = ROUNDS) -> tuple[float, int]:
    statements = []

    def count(*args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    durations = []
    for _ in range(rounds):
        before = len(statements)
        t0 = time.perf_counter()
        response = client.get(url)
        durations.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(statements) - before
    event.remove(db.engine, "before_cursor_execute", count)
    return statistics.median(durations) * 1000, queries


def main() -> int:
    rows = []
    for meetings, items in ((10, 10), (100, 40)):
        with tempfile.TemporaryDirectory() as tmp:
            url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
            app = create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
            with app.app_context():
                flask_migrate.upgrade()
                seed()
                meeting_id = populate(meetings, items)
                client = app.test_client()
                for name, path in (("home page", "/"), ("meeting page", f"/meetings/{meeting_id}")):
                    ms, queries = measure(client, path)
                    rows.append((name, f"{meetings} meetings x {items} items", f"{ms:8.1f}", queries))
                db.session.remove()
                db.engine.dispose()
    for area in (printing, logistics):  # each on a database of its own
        with tempfile.TemporaryDirectory() as tmp:
            url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
            app = create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
            app.test_client_class = FreshRequestClient
            with app.app_context():
                flask_migrate.upgrade()
                seed()
                rows.extend(area.measure_all(app.test_client(), measure))
                db.session.remove()
                db.engine.dispose()
    print(f"{'page':<16} {'data':<26} {'median ms':>10} {'queries':>8}")
    for name, data, ms, queries in rows:
        print(f"{name:<16} {data:<26} {ms:>10} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
