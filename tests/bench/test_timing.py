"""bench/timing.py follows whatever path an app takes to a PDF (at once, a redirect, a progress
page that refreshes, then a link to the stored file) and reads its page count. No timing."""

from io import BytesIO

from flask import Flask, Response, redirect
from pypdf import PdfWriter
from sqlalchemy import create_engine, text

from bench.timing import StatementCounter, get, measure, pdf


def two_pages() -> bytes:
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def job_app() -> Flask:
    """An agenda PDF made by a job: a redirect to a progress page, which refreshes itself twice
    and then links to the stored file."""
    app = Flask(__name__)
    polls = {"n": 0}

    @app.get("/agenda.pdf")
    def agenda():
        return redirect("/jobs/1")

    @app.get("/jobs/1")
    def progress():
        polls["n"] += 1
        if polls["n"] < 3:
            return Response('<meta http-equiv="refresh" content="1; url=/jobs/1"><p>Working…</p>', status=202)
        return '<p>Ready: <a href="/files/agenda.pdf?v=1&amp;lang=en">download</a></p>'

    @app.get("/files/agenda.pdf")
    def stored():
        return Response(two_pages(), mimetype="application/pdf")

    @app.get("/direct.pdf")
    def direct():
        return Response(two_pages(), mimetype="application/pdf")

    return app


def test_the_pdf_is_reached_through_redirects_and_a_progress_page():
    client = job_app().test_client()
    status, found = pdf(client, "/agenda.pdf")()
    assert status == 200 and found["pages"] == 2 and found["hops"] == 4


def test_a_pdf_answered_at_once_takes_no_hop():
    status, found = pdf(job_app().test_client(), "/direct.pdf")()
    assert (status, found["pages"], found["hops"]) == (200, 2, 0)


def test_a_row_counts_the_statements_of_its_last_round_and_says_an_unexpected_status():
    engine = create_engine("sqlite://")
    counter = StatementCounter(engine)

    def request():
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            conn.execute(text("SELECT 2"))
        return 200, {}

    row = measure(counter, request, rounds=3, budget=60)
    assert (row.rounds, row.queries, row.notes) == (3, 2, [])
    missing = measure(counter, get(job_app().test_client(), "/nothing"), rounds=3, budget=60)
    assert (missing.rounds, missing.status, missing.notes) == (1, 404, ["answered 404, not 200"])
