"""One data set of `make bench`, in a process of its own (no cache of a process, no memory of an
earlier size is carried over): ``python -m bench.dataset --meetings N --url URL --out FILE [--serve]``.

Builds the data set with ``flask --app wsgi bench-data`` on a fresh database at URL (migrated and
seeded here), times the rows of the table through the public URLs, and writes them as JSON.
With --serve it then measures the same database under gunicorn (bench/serving.py).
"""

import argparse
import json
import re
import time

import flask_migrate

from bench import changes, serving
from bench.timing import Row, StatementCounter, get, measure, pdf
from config import Config
from meetings import create_app
from meetings.bench_data import ACTOR_EMAIL, ACTOR_PASSWORD
from meetings.extensions import db

ITEMS_PER_MEETING = 3
LARGE_ITEMS = 500
LARGE_PARTICIPANTS = 300
SEED = 17
ENCODINGS = ("identity", "gzip", "gzip, br")


class BenchConfig(Config):
    """What `make run` serves (not the tests' settings), on the benchmark's own database; the bench
    logs in without a form, and queues no mail for delivery."""

    WTF_CSRF_ENABLED = False
    MAIL_SERVER = ""
    MAIL_DELIVERY = "worker"


def make_app(url: str):
    return create_app(type("Bench", (BenchConfig,), {"SQLALCHEMY_DATABASE_URI": url}))


def build(app, meetings: int) -> tuple[int, int, float]:
    """Migrate, seed and load the data set: (id of the large meeting, of an upcoming small one, seconds)."""
    with app.app_context():
        flask_migrate.upgrade()
        runner = app.test_cli_runner()
        seeded = runner.invoke(args=["seed"])
        assert seeded.exit_code == 0, seeded.output
        t0 = time.perf_counter()
        result = runner.invoke(args=[
            "bench-data", "--meetings", str(meetings), "--items-per-meeting", str(ITEMS_PER_MEETING),
            "--large-items", str(LARGE_ITEMS), "--large-participants", str(LARGE_PARTICIPANTS), "--seed", str(SEED)])
        seconds = time.perf_counter() - t0
        assert result.exit_code == 0, result.output
        large = int(re.search(r"/meetings/(\d+)", result.output).group(1))
        small = changes.upcoming_public_meeting(large)
        db.session.remove()
    return large, small, seconds


def in_context(app, change, meeting_id: int):
    """``change(meeting_id, n)`` before round n > 0, in an app context of its own (as a request of
    the organizer would be), so the next answer is a cold one."""
    def before(n: int) -> None:
        if n:
            with app.app_context():
                change(meeting_id, n)
                db.session.remove()
    return before


def measure_all(app, large: int, small: int) -> dict:
    with app.app_context():
        counter = StatementCounter(db.engine)
    anonymous, staff = app.test_client(), app.test_client()
    login = staff.post("/login", data={"email": ACTOR_EMAIL, "password": ACTOR_PASSWORD})
    assert login.status_code == 302, login.status_code
    feed = "/calendar.ics"
    rows: dict[str, Row] = {}
    rows["feed_cold"] = measure(counter, get(anonymous, feed), rounds=5, budget=20,
                                before_each=in_context(app, changes.retitle_meeting, small))
    rows["feed_warm"] = measure(counter, get(anonymous, feed), rounds=20, budget=10)
    answer = anonymous.get(feed)
    validators = {name: answer.headers[header] for name, header in
                  (("If-None-Match", "ETag"), ("If-Modified-Since", "Last-Modified")) if header in answer.headers}
    if validators:
        rows["feed_304"] = measure(counter, get(anonymous, feed, validators), rounds=30, budget=10, expect=304)
    else:
        rows["feed_304"] = Row(notes=["the feed has no ETag or Last-Modified"])
    rows["meeting_ics"] = measure(counter, get(anonymous, f"/meetings/{large}.ics"), rounds=10, budget=15)
    rows["meeting_page"] = measure(counter, get(anonymous, f"/meetings/{large}"), rounds=20, budget=10)
    rows["participants"] = measure(counter, get(staff, f"/meetings/{large}/participants"), rounds=10, budget=10)
    rows["home"] = measure(counter, get(anonymous, "/"), rounds=20, budget=10)
    agenda = f"/meetings/{large}/agenda.pdf"
    rows["pdf_cold"] = measure(counter, pdf(anonymous, agenda), rounds=3, budget=10,
                               before_each=in_context(app, changes.retitle_item, large))
    rows["pdf_warm"] = measure(counter, pdf(anonymous, agenda), rounds=5, budget=5)
    wire = {}
    for encoding in ENCODINGS:
        response = anonymous.get(feed, headers={"Accept-Encoding": encoding})
        wire[encoding] = {"bytes": len(response.get_data()), "encoding": response.headers.get("Content-Encoding", "")}
    return {"rows": {name: row.as_dict() for name, row in rows.items()}, "wire": wire,
            "set_cookie_on_feed": "Set-Cookie" in anonymous.get(feed).headers}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    app = make_app(args.url)
    large, small, seconds = build(app, args.meetings)
    result = {"meetings": args.meetings, "build_seconds": seconds, **measure_all(app, large, small)}
    if args.serve:
        with app.app_context():
            db.engine.dispose()
        result["serving"] = serving.run(app, args.url, large, small)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
