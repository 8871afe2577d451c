"""The fixtures run the app as production does: each request and command in an app context of
its own (its own ``g`` and database session), never in the test's (tests/conftest.py)."""

import click
from flask import g
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Person


def test_each_request_has_its_own_g_and_session(app, client, app_context):
    g.set_by_the_test = True
    test_session = db.session()
    seen = []

    @app.get("/probe")
    def probe():
        seen.append((hasattr(g, "set_by_the_test"), hasattr(g, "set_by_a_request"), db.session() is test_session))
        g.set_by_a_request = True
        return ""

    client.get("/probe")
    client.get("/probe")
    assert seen == [(False, False, False), (False, False, False)]
    assert not hasattr(g, "set_by_a_request") and db.session() is test_session


def test_a_request_sees_what_the_test_wrote_and_the_test_what_the_request_wrote(app, client, build):
    person = build.person(family_name="Built")
    person_id = person.id
    person.given_names = "Changed by the test"  # not even flushed: the client commits it first

    @app.post("/probe/<int:person_id>")
    def rename(person_id: int):
        found = db.session.get(Person, person_id)
        answer = found.given_names
        found.family_name = "Renamed by the request"
        db.session.commit()
        return answer

    assert client.post(f"/probe/{person_id}").get_data(as_text=True) == "Changed by the test"
    assert person.family_name == "Renamed by the request"  # read again, not the test's copy


def test_each_command_has_its_own_g_and_session(app, runner, build):
    person = build.person(family_name="Built")
    g.set_by_the_test = True
    test_session = db.session()

    @app.cli.command("probe")
    def probe():
        found = db.session.scalar(select(Person).where(Person.family_name == "Built"))
        found.family_name = "Renamed by the command"
        db.session.commit()
        click.echo(f"{hasattr(g, 'set_by_the_test')} {db.session() is test_session}")

    result = runner.invoke(args=["probe"])
    assert result.output == "False False\n", result.output
    assert person.family_name == "Renamed by the command"


def test_query_counts_are_the_requests_alone(app, client, build, count_queries):
    person = build.person()
    person_id = person.id
    person.given_names = "Unsaved"  # written when the counting starts, not counted with the request

    @app.get("/probe")
    def probe():
        return str(db.session.scalar(select(Person.given_names).where(Person.id == person_id)))

    with count_queries() as counted:
        assert client.get("/probe").get_data(as_text=True) == "Unsaved"
    assert counted.count == 1, counted.statements
