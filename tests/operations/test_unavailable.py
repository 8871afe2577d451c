"""While the database cannot be reached, every answer is a 503 with Retry-After in the client's
format (a page, plain text for files, problem+json for the API), never a 500; and once it is back,
the next request works (tests on PostgreSQL kill the app's connections under it)."""

import pytest
from sqlalchemy import create_engine, text

from meetings.extensions import db
from meetings.models import UserRole
from tests.conftest import requires_postgres

CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x?connect_timeout=2"
MESSAGE = "The service is briefly unavailable; please try again in a minute."


@pytest.fixture
def database_away(make_app):
    """The app as production runs it (errors answered, not raised), on a database nobody answers."""
    return make_app(SQLALCHEMY_DATABASE_URI=CLOSED_PORT, TESTING=False, PROPAGATE_EXCEPTIONS=False)


def assert_unavailable(response, mimetype: str) -> None:
    assert response.status_code == 503, (response.request.path, response.status_code)
    assert response.mimetype == mimetype
    if response.request.path.startswith("/feeds/") or response.request.path == "/login":
        # A rate-limited route: Flask-Limiter raises Retry-After to the end of the client's window
        # when that is later (never earlier: the larger of the two), in whole seconds rounded down.
        assert int(response.headers["Retry-After"]) >= 29
    else:
        assert response.headers["Retry-After"] == "30"
    if mimetype == "application/problem+json":
        assert response.json == {"title": "Service Unavailable", "status": 503, "detail": MESSAGE}
    else:
        assert MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "mimetype"), [
    ("/", "text/html"), ("/meetings/1", "text/html"), ("/calendar", "text/html"), ("/parties", "text/html"),
    ("/calendar.ics", "text/plain"), ("/meetings/1.ics", "text/plain"), ("/feeds/AbCdEfGhIjKl.ics", "text/plain"),
    ("/api/v1/meetings", "application/problem+json"), ("/api/v1/meetings/1", "application/problem+json"),
])
def test_pages_feeds_and_the_api_answer_503(database_away, path, mimetype):
    assert_unavailable(database_away.test_client().get(path), mimetype)


def test_logging_in_answers_503(database_away):
    client = database_away.test_client()
    # The form itself needs no database; checking the password does.
    assert client.get("/login").status_code == 200
    response = client.post("/login", data={"email": "someone@example.org", "password": "correct horse battery"})
    assert_unavailable(response, "text/html")


def test_a_logged_in_user_whose_account_cannot_be_loaded_gets_503(client, auth, database_away):
    """Flask-Login loads the user from the database on each request: that failing is a 503 too,
    on every page (the login form and the error pages included), never a 500."""
    auth.login(UserRole.ORGANIZER)
    away = database_away.test_client()
    away.set_cookie("session", client.get_cookie("session").value)
    for path in ("/login", "/account", "/manage/meetings", "/no-such-page"):
        assert_unavailable(away.get(path), "text/html")


def test_the_message_is_in_the_readers_language(database_away):
    body = database_away.test_client().get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Сервис временно недоступен" in body and MESSAGE not in body and 'lang="ru"' in body


def test_a_query_bug_is_still_a_500_not_hidden_as_unavailable(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/_bug", "bug", lambda: str(db.session.execute(text("SELECT * FROM no_such_table")).all()))
    assert app.test_client().get("/_bug").status_code == 500


@requires_postgres
def test_connections_killed_under_the_app_then_the_next_requests_work(make_app, build):
    """A PostgreSQL restart, as the app sees it: its connections end, mid-request and between requests.
    The request whose connection dies answers 503; the next ones get fresh connections (pool_pre_ping)."""
    name = "cica-ops-kill-test"
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": {"application_name": name}})
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    def kill_all() -> int:
        with other.begin() as conn:
            return len(conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                         "WHERE application_name = :name"), {"name": name}).all())

    def dies_mid_request():
        db.session.execute(text("SELECT 1"))
        assert kill_all() >= 1
        return str(db.session.execute(text("SELECT 1")).scalar())

    app.add_url_rule("/_dies", "dies", dies_mid_request)
    client = app.test_client()
    try:
        assert client.get("/").status_code == 200
        assert_unavailable(client.get("/_dies"), "text/html")
        assert client.get("/").status_code == 200
        assert kill_all() >= 1  # between requests: the pool's connections are dead
        assert [client.get(path).status_code for path in ("/", "/calendar.ics", "/api/v1/meetings",
                                                          "/healthz")] == [200] * 4
    finally:
        other.dispose()
