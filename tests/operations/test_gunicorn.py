"""gunicorn with the repository's gunicorn.conf.py, for real: no feed token and no password in any
log line it or the app writes, and the request id in both the access line and the request line."""

import gzip
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import brotli
import flask_migrate
import pytest

from config import BASE_DIR, Config
from meetings import create_app
from meetings.accounts.services import create_user
from meetings.extensions import db
from meetings.feeds.tokens import issue_token
from meetings.models import UserRole
from meetings.transaction import transaction
from tests.conftest import PASSWORD, free_port

EMAIL = "staff@example.org"


@pytest.fixture
def served(tmp_path):
    """gunicorn serving wsgi:app on a fresh SQLite file (migrated, one user, one feed token):
    (base URL, feed token, a function that stops it and returns its stdout and stderr)."""
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    app = create_app(type("Served", (Config,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        flask_migrate.upgrade()
        user = create_user(EMAIL, PASSWORD, UserRole.STAFF)
        with transaction():
            token = issue_token(user_id=user.id, label="phone")
        db.engine.dispose()
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("FLASK_CONFIG", "PROXY_HOPS")}
    env |= {"DATABASE_URL": url, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        # --no-control-socket: the default socket is one per user, and other servers may run here.
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket",
                                   "wsgi:app"], cwd=BASE_DIR, env=env, stdout=stdout, stderr=stderr)
    base = f"http://127.0.0.1:{port}"

    def stop() -> tuple[str, str]:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        return out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")

    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                assert server.poll() is None, err.read_text(encoding="utf-8")
                time.sleep(0.2)
        yield base, token, stop
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_no_token_or_password_in_any_log_line_and_the_request_id_in_each(served):
    base, token, stop = served
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    ids = []

    def fetch(path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers=headers or {})
        try:
            response = browser.open(request, timeout=10)
        except urllib.error.HTTPError as error:  # 4xx and 5xx answers still carry the header
            response = error
        ids.append(response.headers["X-Request-ID"])
        return response

    feed = fetch(f"/feeds/{token}.ics?token={token}", headers={"Referer": f"{base}/feeds/{token}.ics"})
    assert feed.status == 200 and b"BEGIN:VCALENDAR" in feed.read()
    form = fetch("/login").read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    fetch(f"/login?password={urllib.parse.quote_plus(PASSWORD)}", {"csrf_token": csrf, "email": EMAIL, "password": PASSWORD})
    assert fetch("/account").status == 200  # logged in: the password was right
    stdout, stderr = stop()

    for secret in (token[4:], PASSWORD, urllib.parse.quote_plus(PASSWORD)):
        assert secret not in stdout and secret not in stderr
    assert f"/feeds/{token[:4]}….ics" in stdout
    for request_id in ids:
        access = [line for line in stdout.splitlines() if f"request_id={request_id}" in line]
        assert len(access) == 2, (request_id, stdout)  # gunicorn's access line and the app's request line
        assert any("meetings.request" in line for line in access)


def test_compressed_and_cacheable_answers_through_gunicorn(served):
    """What issue 17 measured, through a real server: text packed with Brotli or gzip, the page's
    stylesheet by fingerprint for a year, a public page's 304, no cookie for an anonymous reader or
    on a feed."""
    base, token, stop = served

    def fetch(path: str, headers: dict):
        try:
            return urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=10)
        except urllib.error.HTTPError as error:  # a 304 too
            return error

    page = fetch("/", {"Accept-Encoding": "br"})
    assert page.headers["Content-Encoding"] == "br" and "Set-Cookie" not in page.headers
    html = brotli.decompress(page.read()).decode()
    assert "Accept-Encoding" in page.headers["Vary"] and "public" in page.headers["Cache-Control"]
    assert fetch("/", {"Accept-Encoding": "br", "If-None-Match": page.headers["ETag"]}).status == 304
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html).group(1)
    stylesheet = fetch(css, {"Accept-Encoding": "gzip"})
    assert stylesheet.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert gzip.decompress(stylesheet.read()) == (BASE_DIR / "static" / "css" / "app.css").read_bytes()
    feed = fetch(f"/feeds/{token}.ics", {"Accept-Encoding": "gzip"})
    assert feed.status == 200 and "Set-Cookie" not in feed.headers
    stop()
