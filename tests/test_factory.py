import pytest

from config import Config, ProductionConfig, TestConfig
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


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_settings(monkeypatch, missing):
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    monkeypatch.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        ProductionConfig()


def test_production_config_takes_settings_and_secures_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
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


def test_production_behind_one_proxy_trusts_it_for_scheme_and_host(monkeypatch):
    """PROXY_HOPS=1, as behind one TLS-terminating proxy (tests/operations/test_proxy_and_hsts.py:
    unset, nothing forwarded is trusted)."""
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PROXY_HOPS", "1")
    app = create_app(ProductionConfig())

    @app.get("/_where")
    def where():
        from flask import request

        return request.url_root

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "meetings.s-cica.org"}
    assert app.test_client().get("/_where", headers=headers).get_data(as_text=True) == "https://meetings.s-cica.org/"
