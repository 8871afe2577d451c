"""One line per request in the "meetings.request" log: id, method, masked path, status, duration, user."""

import logging
import re

import pytest

from meetings.feeds.tokens import issue_token
from meetings.models import UserRole
from tests.conftest import PASSWORD

LINE = re.compile(r"request_id=(\S+) method=(\S+) path=(\S+) status=(\d+) duration_ms=([\d.]+) user=(\S+)")


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="meetings.request")

    def read() -> list[tuple[str, ...]]:
        found = [LINE.fullmatch(r.getMessage()) for r in caplog.records if r.name == "meetings.request"]
        assert all(found), [r.getMessage() for r in caplog.records if r.name == "meetings.request"]
        return [m.groups() for m in found]

    return read


def test_one_line_per_request_with_the_id_the_answer_carries(client, lines):
    first, second = client.get("/"), client.get("/no-such-page")
    logged = lines()
    assert [(method, path, status) for _, method, path, status, _, _ in logged] == [
        ("GET", "/", "200"), ("GET", "/no-such-page", "404")]
    assert [entry[0] for entry in logged] == [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert logged[0][0] != logged[1][0] and all(float(entry[4]) >= 0 for entry in logged)


def test_a_sane_incoming_request_id_is_kept_any_other_replaced(client, lines):
    assert client.get("/", headers={"X-Request-ID": "proxy-7f3a.12:9"}).headers["X-Request-ID"] == "proxy-7f3a.12:9"
    for forged in ("x request_id=forged status=200", "a" * 200, "short", "semi;colon=secret"):
        answered = client.get("/", headers={"X-Request-ID": forged}).headers["X-Request-ID"]
        assert answered != forged and re.fullmatch(r"[0-9a-f]{32}", answered)
    assert len(lines()) == 5


def test_the_user_is_named_by_id_and_no_secret_is_written(client, auth, build, lines, caplog):
    user = build.user(UserRole.STAFF)
    token = issue_token(user_id=user.id)
    client.get(f"/feeds/{token}.ics?token={token}")
    auth.login(user)  # the password in the form's body
    client.get("/account")
    feed, login, page = lines()
    assert (feed[2], feed[3], feed[5]) == (f"/feeds/{token[:4]}….ics", "200", "-")
    assert (login[2], login[3], login[5]) == ("/login", "302", str(user.id))
    assert (page[2], page[3], page[5]) == ("/account", "200", str(user.id))
    everything = caplog.text
    assert token[4:] not in everything and PASSWORD not in everything and "session=" not in everything
