"""GET /healthz: whether the app and its database answer; no login, no cookie, no limit, no personal data."""

import pytest

from meetings.extensions import limiter
from meetings.models import UserRole


def test_ok_while_the_database_answers(client, auth):
    auth.login(UserRole.ADMIN)  # even for a logged-in user: nothing personal, nothing set
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert "Set-Cookie" not in response.headers and "no-store" in response.headers["Cache-Control"]


def test_anonymous_and_without_a_session_cookie(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


@pytest.fixture
def default_limits_restored():
    """Flask-Limiter keeps default limits on its one (global) instance once an app set them:
    put back what was there, so the limit tried here binds no later test."""
    kept = list(limiter.limit_manager._default_limits)
    yield
    limiter.limit_manager.set_default_limits(kept)


def test_never_rate_limited(make_app, default_limits_restored):
    app = make_app(RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()
    assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5
    # the limit holds elsewhere: the probe is exempt, not the app unlimited
    assert [client.get("/login").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("database", ["postgresql+psycopg://postgres@127.0.0.1:1/x?connect_timeout=2",
                                      "sqlite:////nonexistent-directory/cica.sqlite3"])
def test_unavailable_with_retry_after_when_the_database_does_not_answer(make_app, database):
    response = make_app(SQLALCHEMY_DATABASE_URI=database).test_client().get("/healthz")
    assert response.status_code == 503 and response.json == {"status": "unavailable"}
    assert response.headers["Retry-After"] == "30"
