"""The app served over HTTP on the demo's data, and Debian's Chromium driven by Playwright.

Each test gets its own server (a thread of werkzeug's server on a free port of 127.0.0.1) on its
own copy of one SQLite database, made once per run by the migrations, ``seed`` and ``demo``: a
person meets the app as ``make run`` leaves it, and no test sees another's changes. CSRF is on,
as in production. The browser is Debian's Chromium (/usr/bin/chromium), never a downloaded build;
without it the tests skip, and under CI=true the skip fails (tests/conftest.py).

Every page a test opens is watched (``page``): an answer of 500 or more, an exception in the app,
a console error (a missing favicon, a script the Content-Security-Policy refused) or an uncaught
script error fails the test at its end, with the URL.
"""

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import got_request_exception
from werkzeug.serving import make_server

from config import TestConfig
from meetings import create_app
from meetings.extensions import db
from tests.e2e.site import SCREENSHOTS, Problems, Site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    """Every test here is a browser test: ``pytest -m browser`` runs them, ``-m "not browser"`` the rest."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _config(url: str, files: Path):
    return type("BrowserConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": True,  # as in production: the browser sends the forms' tokens
        "FILES_DIR": str(files / "files"),
        "MAIL_FILE_DIR": str(files / "mail"),
        "MAIL_DELIVERY": "inline",
    })


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """One SQLite file with the migrations, the seed and the demo, copied for each test."""
    folder = tmp_path_factory.mktemp("e2e-demo")
    path = folder / "demo.sqlite3"
    app = create_app(_config(f"sqlite:///{path}", folder))
    runner = app.test_cli_runner()
    for command in (["db", "upgrade"], ["seed"], ["demo"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output, result.exception)
    with app.app_context():
        db.engine.dispose()
    return path


@pytest.fixture
def site(demo_database, tmp_path) -> Iterator[Site]:
    """The app on its own copy of the demo database, served on a free port while the test runs."""
    path = tmp_path / "site.sqlite3"
    shutil.copyfile(demo_database, path)
    app = create_app(_config(f"sqlite:///{path}", tmp_path))
    problems = Problems()
    got_request_exception.connect(problems.exception, app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield Site(app, f"http://127.0.0.1:{server.server_port}", problems)
    finally:
        server.shutdown()
        thread.join(10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian's Chromium: Playwright's own browser builds are never downloaded."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): the browser tests cannot run")
    return {"executable_path": CHROMIUM, "args": ["--no-sandbox", "--disable-dev-shm-usage"]}


@pytest.fixture
def browser_context_args(site):
    return {"base_url": site.url, "viewport": DESKTOP, "locale": "en-GB", "timezone_id": "Asia/Almaty"}


@pytest.fixture
def page(context, site):
    """A tab on the test's site, watched for server errors, console errors and script errors."""
    context.set_default_timeout(10_000)
    tab = context.new_page()
    site.problems.watch(tab)
    yield tab
    site.problems.check()


@pytest.fixture(scope="session", autouse=True)
def _screenshots_folder():
    """The screenshots of this run only (``make test`` names the folder at its end)."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
