"""Personal API tokens: made on the account page, shown once, accepted under /api/ only."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_login import current_user
from sqlalchemy import select

from meetings.accounts import api_tokens
from meetings.accounts.sessions import hash_secret
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.models import ApiToken, AuditEntry, UserRole, Visibility
from tests.conftest import PASSWORD

SECRET = re.compile(r'id="api-token" value="(cica_[A-Za-z0-9_-]{43})"')
PROBLEM = {"title": "The API token is unknown, revoked or expired.", "status": 401}


def create(client, name="Ministry's calendar sync", expires_on=""):
    """A token through the account page's form: (its secret, the answer's page)."""
    response = client.post("/account/api-tokens", data={"name": name, "expires_on": expires_on})
    page = response.get_data(as_text=True)
    found = SECRET.search(page)
    assert response.status_code == 200 and found, page
    return found[1], page


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def members_meeting(build):
    return build.meeting(title_en="Members SWG", visibility=Visibility.MEMBERS, type_code="SWG")


def assert_refused(response):
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json() == PROBLEM
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert "Set-Cookie" not in response.headers


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(client, auth):
    user = auth.login(UserRole.FOCAL_POINT)
    secret, page = create(client)
    assert "it is not shown again" in page
    token = db.session.scalar(select(ApiToken))
    assert (token.user_id, token.name, token.secret_hash) == (user.id, "Ministry's calendar sync", hash_secret(secret))
    assert token.expires_at is None and token.revoked_at is None
    account = client.get("/account").get_data(as_text=True)
    assert "Ministry&#39;s calendar sync" in account and secret not in account


def test_a_token_reads_a_members_meeting_as_its_user_without_a_cookie(app, client, auth, members_meeting):
    auth.login(UserRole.FOCAL_POINT)
    secret, _page = create(client)
    script = app.test_client()
    assert script.get(f"/api/v1/meetings/{members_meeting.id}").status_code == 404
    response = script.get(f"/api/v1/meetings/{members_meeting.id}", headers=bearer(secret))
    assert response.status_code == 200
    assert response.get_json()["meeting"]["title"]["en"] == "Members SWG"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-store"
    assert script.get_cookie("session") is None
    assert db.session.scalar(select(ApiToken.last_used_at)) is not None


@pytest.mark.parametrize("secret", ["garbage", "cica_" + "x" * 43, ""])
def test_an_unknown_token_is_a_401_not_an_anonymous_answer(client, secret):
    assert_refused(client.get("/api/v1/meetings", headers=bearer(secret)))


def test_a_revoked_token_is_refused(app, client, auth):
    auth.login(UserRole.STAFF)
    secret, _page = create(client)
    token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/account/api-tokens/{token_id}/revoke")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert_refused(app.test_client().get("/api/v1/meetings", headers=bearer(secret)))
    actions = db.session.execute(select(AuditEntry.action, AuditEntry.object_id).order_by(AuditEntry.id)).all()
    assert actions[-2:] == [("api_token.created", token_id), ("api_token.revoked", token_id)]


def test_an_expired_token_is_refused(app, client, auth):
    auth.login(UserRole.STAFF)
    secret, page = create(client, expires_on=date.today().isoformat())
    assert "It expires on" in page
    assert app.test_client().get("/api/v1/meetings", headers=bearer(secret)).status_code == 200
    token = db.session.scalar(select(ApiToken))
    token.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert_refused(app.test_client().get("/api/v1/meetings", headers=bearer(secret)))
    assert "expired" in client.get("/account").get_data(as_text=True)


def test_a_token_stops_working_when_its_user_is_deactivated_or_changes_role(app, client, auth, build):
    admin = build.user(UserRole.ADMIN)
    user = auth.login(UserRole.ORGANIZER)
    secret, _page = create(client)
    script = app.test_client()
    assert script.get("/api/v1/meetings", headers=bearer(secret)).status_code == 200
    user.role = UserRole.STAFF  # as an admin's edit leaves it (the audited service is tested apart)
    db.session.commit()
    assert_refused(script.get("/api/v1/meetings", headers=bearer(secret)))
    user.role = UserRole.ORGANIZER
    db.session.commit()
    assert script.get("/api/v1/meetings", headers=bearer(secret)).status_code == 200
    auth.logout()
    auth.login(admin)
    assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert_refused(script.get("/api/v1/meetings", headers=bearer(secret)))
    assert db.session.scalar(select(ApiToken.revoked_at)) is not None


def test_a_token_opens_no_page_and_no_feed(app, client, auth):
    auth.login(UserRole.ADMIN)
    secret, _page = create(client)
    for page in ("/account", "/admin/users"):
        response = app.test_client().get(page, headers=bearer(secret))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    feed = app.test_client().get("/calendar.ics", headers=bearer(secret))
    assert feed.status_code == 200 and "Set-Cookie" not in feed.headers
    # Nor the API's reference, an HTML page under /api/: as anyone's, without the caller's name.
    docs = app.test_client().get("/api/v1/docs", headers=bearer(secret))
    assert docs.status_code == 200 and "Set-Cookie" not in docs.headers
    assert "Log out" not in docs.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken.last_used_at)) is None  # never accepted


def test_no_one_but_an_admin_revokes_another_users_token(app, client, auth, build):
    owner = auth.login(UserRole.FOCAL_POINT)
    secret, _page = create(client)
    token_id = db.session.scalar(select(ApiToken.id))
    auth.logout()
    auth.login(UserRole.ORGANIZER)
    assert client.post(f"/account/api-tokens/{token_id}/revoke").status_code == 404
    assert app.test_client().get("/api/v1/meetings", headers=bearer(secret)).status_code == 200
    auth.logout()
    admin = auth.login(UserRole.ADMIN)
    assert "Ministry&#39;s calendar sync" in client.get(f"/admin/users/{owner.id}").get_data(as_text=True)
    response = client.post(f"/account/api-tokens/{token_id}/revoke")
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/{owner.id}"
    assert_refused(app.test_client().get("/api/v1/meetings", headers=bearer(secret)))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api_token.revoked"))
    assert (entry.user_id, entry.object_id) == (admin.id, token_id)


@pytest.mark.parametrize(("name", "expires_on", "field", "error"), [
    ("", "", "name", "This field is required."),
    ("   ", "", "name", "This field is required."),
    ("x" * 101, "", "name", "Field cannot be longer than 100 characters."),
    ("Sync", "2020-01-01", "expires_on", "The expiry date has passed: choose today or a later day."),
    ("Sync", "2020-02-31", "expires_on", "Not a valid date: use the form YYYY-MM-DD, e.g. 2025-02-28."),
    ("Sync", "9999-12-31", "expires_on", "Choose an expiry within five years."),
])
def test_bad_input_is_shown_beside_the_field_with_the_input_kept(client, auth, name, expires_on, field, error):
    auth.login(UserRole.DELEGATE)
    response = client.post("/account/api-tokens", data={"name": name, "expires_on": expires_on})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'<ul class="errors" id="{field}-errors">\s*<li>{re.escape(error)}</li>', page), page
    assert f'value="{expires_on}"' in page if expires_on else True
    assert db.session.scalar(select(ApiToken)) is None


def test_the_number_of_active_tokens_is_limited(client, auth):
    auth.login(UserRole.STAFF)
    for n in range(api_tokens.MAX_ACTIVE_TOKENS):
        create(client, name=f"Script {n}")
    response = client.post("/account/api-tokens", data={"name": "One more"})
    assert "You have 10 active tokens, the most allowed" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(ApiToken)).all()) == api_tokens.MAX_ACTIVE_TOKENS


def test_token_calls_need_no_csrf_token_and_cookie_sessions_still_do(make_app, build):
    """Write endpoints of the API are to come: a route of this test stands for one."""
    app = make_app(WTF_CSRF_ENABLED=True)
    app.add_url_rule("/api/v1/test-write", "api.test_write", lambda: {"user": current_user.email}, methods=["POST"])
    user = build.user(UserRole.STAFF)
    secret = api_tokens.create_token(user, api_tokens.ApiTokenInput(name="Script"))[1]
    script = app.test_client()
    response = script.post("/api/v1/test-write", headers=bearer(secret))
    assert (response.status_code, response.get_json()) == (200, {"user": user.email})
    assert_refused(script.post("/api/v1/test-write", headers=bearer("cica_" + "y" * 43)))
    browser = app.test_client()
    login_page = browser.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)[1]
    assert browser.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf}
                        ).status_code == 302
    assert browser.post("/api/v1/test-write").status_code == 400  # the cookie's user: CSRF as ever
    # A token sent to a page is no token: the page's CSRF check stands.
    assert browser.post("/account/api-tokens", data={"name": "x"}, headers=bearer(secret)).status_code == 400


def test_last_use_is_written_at_most_once_a_minute(app, build):
    user = build.user(UserRole.STAFF)
    token, secret = api_tokens.create_token(user, api_tokens.ApiTokenInput(name="Poller"))
    script = app.test_client()
    assert script.get("/api/v1/meetings", headers=bearer(secret)).status_code == 200
    db.session.refresh(token)
    first = token.last_used_at
    assert first is not None
    assert script.get("/api/v1/meetings", headers=bearer(secret)).status_code == 200
    db.session.refresh(token)
    assert token.last_used_at == first
    token.last_used_at = first - api_tokens.USE_RECORDED_EVERY - timedelta(seconds=1)
    db.session.commit()
    assert script.get("/api/v1/meetings", headers=bearer(secret)).status_code == 200
    db.session.refresh(token)
    assert token.last_used_at > first


@pytest.mark.parametrize(("name", "error"), [
    ("  ", "Give the token a name, e.g. what will use it."),
    ("Sync\x07", "Remove the invisible control characters from this text."),
])
def test_the_service_refuses_what_the_form_did_not_check(build, name, error):
    """Every entry point goes through the service: a script or a future API form too."""
    user = build.user(UserRole.STAFF)
    with pytest.raises(RuleError) as refused:
        api_tokens.create_token(user, api_tokens.ApiTokenInput(name=name))
    assert (refused.value.field, str(refused.value)) == ("name", error)
    assert db.session.scalar(select(ApiToken)) is None


def test_an_admins_reset_or_change_of_role_revokes_the_users_tokens(app, client, auth, build):
    """A reset says the account may be in wrong hands; a new role, party or person makes the token
    another's view: either way the tokens are revoked (not merely idle, to come back with the old role)."""
    user = auth.login(UserRole.ORGANIZER, name="Token Owner")
    renamed, _page = create(client, name="Renamed only")
    auth.logout()
    auth.login(UserRole.ADMIN)
    script = app.test_client()
    data = {"email": user.email, "name": "Token Owner", "role": "organizer", "party_id": "", "person_id": ""}
    assert client.post(f"/admin/users/{user.id}", data=data | {"name": "New Name"}).status_code == 302
    assert script.get("/api/v1/meetings", headers=bearer(renamed)).status_code == 200  # a new name changes nothing
    assert client.post(f"/admin/users/{user.id}", data=data | {"name": "New Name", "role": "staff"}).status_code == 302
    assert_refused(script.get("/api/v1/meetings", headers=bearer(renamed)))
    assert client.post(f"/admin/users/{user.id}", data=data | {"name": "New Name"}).status_code == 302  # the old role back
    assert_refused(script.get("/api/v1/meetings", headers=bearer(renamed)))
    assert db.session.scalars(select(ApiToken.revoked_at)).all()[0] is not None

    auth.logout()
    auth.login(user)
    second, _page = create(client, name="After the change")
    auth.logout()
    auth.login(UserRole.ADMIN)
    assert client.post(f"/admin/users/{user.id}/reset-password").status_code == 200
    assert_refused(script.get("/api/v1/meetings", headers=bearer(second)))
