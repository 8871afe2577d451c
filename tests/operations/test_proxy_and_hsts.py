"""Forwarded headers are trusted only when PROXY_HOPS says a proxy is in front; HSTS only in production."""

import pytest
from flask import request
from flask_limiter.util import get_remote_address

from config import ProductionConfig
from meetings import create_app

FORWARDED = {"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example.com"}


@pytest.fixture
def production(monkeypatch):
    """The production app as ``FLASK_CONFIG=production`` makes it, with ``PROXY_HOPS`` as given."""
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    # Production needs a shared limit store; these tests count nothing, so one in memory will do.
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")

    def make(proxy_hops: str | None):
        if proxy_hops is None:
            monkeypatch.delenv("PROXY_HOPS", raising=False)
        else:
            monkeypatch.setenv("PROXY_HOPS", proxy_hops)
        app = create_app(ProductionConfig())
        # Who the app thinks is asking: the rate limiter's key, and the address it would link to.
        app.add_url_rule("/_who", "who", lambda: {"limiter_key": get_remote_address(),
                                                  "root": request.url_root})
        return app

    return make


def test_without_proxy_hops_nothing_forwarded_is_believed(production):
    app = production(None)
    assert app.config["PROXY_HOPS"] == 0
    answer = app.test_client().get("/_who", headers=FORWARDED).json
    assert answer == {"limiter_key": "127.0.0.1", "root": "http://localhost/"}


def test_behind_one_proxy_its_headers_are_believed(production):
    answer = production("1").test_client().get("/_who", headers=FORWARDED).json
    assert answer == {"limiter_key": "1.2.3.4", "root": "https://evil.example.com/"}


def test_a_proxy_count_that_is_no_number_stops_the_start(production):
    with pytest.raises(RuntimeError, match="PROXY_HOPS"):
        production("one")


def test_hsts_in_production_only(production, client):
    hsts = production(None).test_client().get("/_who").headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/").headers
