
import pytest

from config import Config, ProductionConfig, TestConfig, rate_limit_storage
from meetings import create_app


def test_test_config_is_testing(app):
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"] != Config.SQLALCHEMY_DATABASE_URI


def test_default_config_is_not_testing_and_uses_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(Config)
    assert not app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/cica_meetings.sqlite3")


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    return monkeypatch


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_settings(production_env, missing):
    production_env.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        ProductionConfig()


def test_rate_limits_are_counted_where_the_environment_says(production_env):
    """Shared by every worker in production: RATELIMIT_STORAGE_URI, else REDIS_URL; in memory
    only where nothing is set and one process serves (make run)."""
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    production_env.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/3")
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/3"
    production_env.delenv("REDIS_URL")
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/3"
    production_env.delenv("RATELIMIT_STORAGE_URI")
    assert rate_limit_storage() == ""


def test_production_config_takes_settings_and_secures_cookies(production_env):
    app = create_app(ProductionConfig())
    assert app.config["SECRET_KEY"] == "s3cret-from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1/x"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["ALLOW_DEMO"] is False


def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_error_pages_are_html_for_pages_and_plain_for_feeds(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.get_data(as_text=True)
    feed = client.get("/no-such-feed.ics")
    assert feed.status_code == 404
    assert feed.mimetype == "text/plain"


def test_internal_error_shows_the_error_page_not_a_trace(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "secret detail" not in body


def test_test_config_class_is_distinct():
    assert TestConfig.TESTING and not Config.TESTING


def test_production_trusts_one_proxy_for_scheme_and_host(production_env):
    production_env.setenv("DATABASE_URL", "sqlite://")
    production_env.setenv("PROXY_HOPS", "1")
    app = create_app(ProductionConfig())

    @app.get("/_where")
    def where():
        from flask import request

        return request.url_root

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "meetings.s-cica.org"}
    assert app.test_client().get("/_where", headers=headers).get_data(as_text=True) == "https://meetings.s-cica.org/"
