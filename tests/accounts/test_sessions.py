"""Login sessions kept on the server: every copy of a session's cookies ends with it."""

import pytest
from sqlalchemy import select

from meetings.accounts import sessions
from meetings.extensions import db
from meetings.models import LoginSession, UserRole
from tests.conftest import PASSWORD

NEW_PASSWORD = "a different passphrase 42"


def log_in(app, user, *, password=PASSWORD, user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"):
    """A browser of its own, logged in with "keep me logged in"."""
    browser = app.test_client()
    browser.environ_base["HTTP_USER_AGENT"] = user_agent
    response = browser.post("/login", data={"email": user.email, "password": password, "remember": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def copies(app, browser):
    """Fresh browsers holding a copy of ``browser``'s session cookie, and of its remember cookie
    alone (what a thief takes from a disk or a proxy log)."""
    made = {}
    for name in ("session", "remember_token"):
        cookie = browser.get_cookie(name)
        assert cookie is not None, name
        thief = app.test_client()
        thief.environ_base["HTTP_USER_AGENT"] = browser.environ_base["HTTP_USER_AGENT"]
        thief.set_cookie(name, cookie.value)
        made[name] = thief
    return made


def opens_account(browser) -> bool:
    response = browser.get("/account")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_copied_cookies_work_while_the_session_is_open_and_fail_after_logout(app, build):
    user = build.user(UserRole.STAFF)
    browser = log_in(app, user)
    stolen = copies(app, browser)
    assert all(opens_account(thief) for thief in stolen.values())
    browser.post("/logout")
    assert not opens_account(browser)
    for name, thief in stolen.items():
        assert not opens_account(thief), name
        assert "/login" in thief.get("/account").headers["Location"]


def test_log_out_everywhere_ends_every_session_of_the_user_only(app, build):
    user, other = build.user(UserRole.STAFF), build.user(UserRole.STAFF)
    laptop, phone, someone_else = log_in(app, user), log_in(app, user), log_in(app, other)
    stolen = copies(app, phone)
    page = laptop.get("/account").get_data(as_text=True)
    assert "Log out everywhere" in page and page.count("this session") == 1
    response = laptop.post("/account/sessions/end-all", follow_redirects=True)
    assert "You are logged out everywhere." in response.get_data(as_text=True)
    assert not any(opens_account(b) for b in (laptop, phone, *stolen.values()))
    assert opens_account(someone_else)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, build):
    user = build.user(UserRole.STAFF)
    laptop, phone = log_in(app, user), log_in(app, user)
    stolen = copies(app, phone)
    response = laptop.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert opens_account(laptop)
    assert not any(opens_account(b) for b in (phone, *stolen.values()))
    assert log_in(app, user, password=NEW_PASSWORD)


def test_deactivation_ends_every_session(app, build, auth):
    user = build.user(UserRole.DELEGATE)
    browser = log_in(app, user)
    stolen = copies(app, browser)
    auth.login(UserRole.ADMIN)
    assert auth.client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert not any(opens_account(b) for b in (browser, *stolen.values()))
    # Reactivated, the old cookies stay dead: only a new login opens a session.
    auth.client.post(f"/admin/users/{user.id}/reactivate")
    assert not any(opens_account(b) for b in (browser, *stolen.values()))
    assert opens_account(log_in(app, user))


def test_account_lists_the_open_sessions_and_ends_one(app, build):
    user = build.user(UserRole.STAFF)
    laptop = log_in(app, user, user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/140.0 Safari/537.36 Edg/140.0")
    phone = log_in(app, user, user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Version/18.0 Safari/604.1")
    page = laptop.get("/account").get_data(as_text=True)
    assert "Edge on Windows" in page and "Safari on iPhone" in page
    with app.app_context():
        phone_session = db.session.scalar(select(LoginSession).where(LoginSession.device == "Safari on iPhone"))
    response = laptop.post(f"/account/sessions/{phone_session.id}/end", follow_redirects=True)
    assert "That session is logged out." in response.get_data(as_text=True)
    assert not opens_account(phone) and opens_account(laptop)
    assert "Safari on iPhone" not in laptop.get("/account").get_data(as_text=True)
    # Someone else's session is not one's own to end (or to learn about).
    other = log_in(app, build.user(UserRole.STAFF))
    with app.app_context():
        laptop_session = db.session.scalar(select(LoginSession).where(LoginSession.device == "Edge on Windows"))
    assert other.post(f"/account/sessions/{laptop_session.id}/end").status_code == 404
    assert opens_account(laptop)


def test_the_loader_takes_one_query_and_refuses_what_is_not_an_open_session(app, app_context, build, count_queries):
    user = build.user(UserRole.STAFF)
    login = sessions.start_session(user, "curl/8.0")
    user_id, secret, login_id = user.id, user.login_secret, login.id
    with count_queries() as counter:
        loaded = sessions.load_user(f"{user_id}:{secret}")
    assert loaded is not None and loaded.login_session_id == login_id and counter.count == 1
    for bad in ("", str(user_id), f"{user_id}:", f"{user_id}:{secret[:-1]}x", f"{user_id + 1}:{secret}",
                f"x:{secret}", f"{user_id}:{secret}:1", f"{user_id}:" + "a" * 500, "٣:" + secret):
        assert sessions.load_user(bad) is None, bad
    sessions.end_sessions(user, only=login_id)
    assert sessions.load_user(f"{user_id}:{secret}") is None


@pytest.mark.parametrize("user_agent, label", [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0", "Firefox on Windows"),
    ("Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36", "Chrome on Android"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15", "Safari on macOS"),
    ("", ""),
])
def test_device_label(user_agent, label):
    assert sessions.device_label(user_agent) == label


def test_last_seen_is_written_now_and_then_not_on_every_request(app, build):
    user = build.user(UserRole.STAFF)
    browser = log_in(app, user)
    with app.app_context():
        login = db.session.scalar(select(LoginSession))
        first_seen = login.last_seen_at
        login.last_seen_at = first_seen - sessions.SEEN_RECORDED_EVERY * 2  # as if idle for a while
        db.session.commit()
        idle = login.last_seen_at
    browser.get("/account")
    with app.app_context():
        seen = db.session.scalar(select(LoginSession.last_seen_at))
    assert seen > idle
    browser.get("/account")
    with app.app_context():
        assert db.session.scalar(select(LoginSession.last_seen_at)) == seen


def test_password_change_refuses_bad_input_beside_the_fields(client, auth):
    auth.login(UserRole.STAFF, name="Aliya Nurpeisova")
    cases = [
        ({"current_password": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
         "current_password", "This is not your current password."),
        ({"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"},
         "confirm", "The two new passwords differ."),
        ({"current_password": PASSWORD, "password": "short", "confirm": "short"},
         "password", "at least 10 characters"),
        ({"current_password": PASSWORD, "password": "Password123", "confirm": "Password123"},
         "password", "list of common passwords"),
        ({"current_password": PASSWORD, "password": "ALIYA NURPEISOVA", "confirm": "ALIYA NURPEISOVA"},
         "password", "not be your e-mail address or name"),
        ({"current_password": PASSWORD, "password": PASSWORD, "confirm": PASSWORD},
         "password", "other than the current one"),
        ({"current_password": "", "password": "", "confirm": ""}, "current_password", "This field is required."),
        ({"current_password": PASSWORD, "password": "x" * 201, "confirm": "x" * 201}, "password", "longer than 200"),
    ]
    for data, field, message in cases:
        response = client.post("/account/password", data=data)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, data
        _, marker, after = body.partition(f'<ul class="errors" id="{field}-errors">')
        assert marker and message in after.split("</ul>", 1)[0], (field, message)
    assert opens_account(client)  # nothing refused ended the session
