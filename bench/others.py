"""The rows of the earlier `make bench` that the data sets do not cover: printed documents (agenda
PDF of 60 items, list of participants, badges) and logistics pages at 30 and 300 participants,
each area on a database of its own (bench/printing.py, bench/logistics.py)."""

import tempfile

import flask_migrate

from bench import logistics, printing
from bench.dataset import make_app
from bench.timing import StatementCounter, get, measure
from meetings.extensions import db
from meetings.reference import seed


def main() -> None:
    rows = []
    for area in (printing, logistics):
        with tempfile.TemporaryDirectory() as tmp:
            app = make_app(f"sqlite:///{tmp}/bench.sqlite3")
            with app.app_context():
                flask_migrate.upgrade()
                seed()
                counter = StatementCounter(db.engine)
                client = app.test_client()

                def timed(client, url, rounds, counter=counter):
                    row = measure(counter, get(client, url), rounds=rounds, budget=15)
                    return row.ms, row.queries

                # Populating needs the app context; the requests must not share it (each its own ``g``).
                populated = area.populate_all()
                db.session.remove()
            rows.extend(area.measure_all(client, timed, populated))
            with app.app_context():
                db.engine.dispose()
    print("Other pages (SQLite, fixed sizes)")
    print(f"{'page':<18} {'data':<26} {'median ms':>10} {'queries':>8}")
    for name, data, ms, queries in rows:
        print(f"{name:<18} {data:<26} {ms:>10.1f} {queries:>8}")


if __name__ == "__main__":
    main()
