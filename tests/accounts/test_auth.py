import re

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import User, UserRole
from meetings.security import role_required
from tests.conftest import PASSWORD


def test_users_create_reads_the_password_from_stdin(runner, client, seeded):
    result = runner.invoke(args=["users", "create", "Chief@Example.org", "--role", "organizer"], input="a long passphrase\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "chief@example.org" and user.role is UserRole.ORGANIZER
    assert "a long passphrase" not in user.password_hash
    response = client.post("/login", data={"email": "chief@example.org", "password": "a long passphrase"})
    assert response.status_code == 302


def test_users_create_refuses_bad_input(runner, seeded):
    short = runner.invoke(args=["users", "create", "a@example.org", "--role", "staff"], input="short\n")
    assert short.exit_code != 0 and "at least" in short.output
    no_party = runner.invoke(args=["users", "create", "b@example.org", "--role", "focal_point"], input="long enough pass\n")
    assert no_party.exit_code != 0 and "party" in no_party.output
    bad_party = runner.invoke(
        args=["users", "create", "b@example.org", "--role", "focal_point", "--party", "XX"], input="long enough pass\n"
    )
    assert bad_party.exit_code != 0 and "no party" in bad_party.output
    bad_role = runner.invoke(args=["users", "create", "c@example.org", "--role", "king"], input="long enough pass\n")
    assert bad_role.exit_code != 0
    assert db.session.scalar(select(User)) is None


def test_focal_point_is_linked_to_a_party(runner, seeded):
    result = runner.invoke(
        args=["users", "create", "fp@example.org", "--role", "focal_point", "--party", "kz"], input="long enough pass\n"
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User)).party.code == "KZ"


def test_duplicate_e_mail_is_refused(runner, build):
    build.user(email="dup@example.org")
    result = runner.invoke(args=["users", "create", "DUP@example.org", "--role", "staff"], input="long enough pass\n")
    assert result.exit_code != 0 and "exists" in result.output


def test_login_and_logout(client, build):
    user = build.user(UserRole.STAFF, name="Aliya")
    page = client.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.get_data(as_text=True)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, follow_redirects=True)
    assert "Welcome, Aliya" in response.get_data(as_text=True)
    assert "Log out" in response.get_data(as_text=True)
    response = client.post("/logout", follow_redirects=True)
    assert "You are logged out" in response.get_data(as_text=True)
    assert "Log out" not in response.get_data(as_text=True)


def test_wrong_password_and_unknown_user_get_the_same_message(client, build):
    user = build.user()
    wrong = client.post("/login", data={"email": user.email, "password": "not the password"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "not the password"})
    for response in (wrong, unknown):
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Wrong e-mail or password." in body
        assert "no such user" not in body.lower()
    # The e-mail typed is kept; the password is not echoed back.
    assert 'value="nobody@example.org"' in unknown.get_data(as_text=True)
    assert "not the password" not in unknown.get_data(as_text=True)


def test_empty_login_form_shows_errors_beside_fields(client, seeded):
    response = client.post("/login", data={"email": "", "password": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    for field in ("email", "password"):
        _, marker, after = body.partition(f'<ul class="errors" id="{field}-errors">')
        assert marker and after.split("</ul>", 1)[0].strip() == "<li>This field is required.</li>", field


def test_login_redirects_only_to_same_site_paths(client, build):
    user = build.user()
    data = {"email": user.email, "password": PASSWORD}
    # A foreign address is ignored: the user lands on their desk, as without one.
    assert client.post("/login?next=https://evil.example/", data=data).headers["Location"] == "/desk"
    client.post("/logout")
    assert client.post("/login?next=//evil.example/x", data=data).headers["Location"] == "/desk"
    client.post("/logout")
    assert client.post("/login?next=/meetings/1", data=data).headers["Location"] == "/meetings/1"


@pytest.mark.parametrize(("role", "desk"), [
    (UserRole.ORGANIZER, "/desk/secretariat"), (UserRole.STAFF, "/desk/secretariat"),
    (UserRole.ADMIN, "/desk/secretariat"), (UserRole.FOCAL_POINT, "/desk/party"), (UserRole.DELEGATE, "/")])
def test_each_role_lands_on_its_desk_after_login(client, build, role, desk):
    extra = {"party_id": build.party("KZ").id} if role is UserRole.FOCAL_POINT else {}
    if role is UserRole.DELEGATE:
        extra = {"person_id": build.person().id}
    user = build.user(role, **extra)
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).headers["Location"] == "/desk"
    assert client.get("/desk").headers["Location"] == desk
    assert client.get("/login").headers["Location"] == "/desk"  # already logged in


def test_inactive_user_cannot_log_in(client, build):
    user = build.user()
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert "Wrong e-mail or password." in response.get_data(as_text=True)


def _csrf_token(page: str) -> str:
    (token, *_) = re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return token


def test_post_without_csrf_token_is_refused(make_app, build):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    user = build.user(name="Aliya")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The request could not be understood" in response.get_data(as_text=True)
    anonymous = client.post("/logout")  # refused before anything else: no token
    assert anonymous.status_code == 400
    assert "Log in" in anonymous.get_data(as_text=True)
    # With the token from the form the same login works.
    token = _csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (302, "/desk")
    # A logout without the token (a forged form on another site) changes nothing.
    assert client.post("/logout").status_code == 400
    assert "Log out" in client.get("/").get_data(as_text=True)
    token = _csrf_token(client.get("/").get_data(as_text=True))
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=True)
    assert "You are logged out." in response.get_data(as_text=True)
    assert "Log out" not in response.get_data(as_text=True)


def test_session_cookie_is_http_only(client, build):
    user = build.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_role_required_allows_and_denies(app, client, auth):
    @app.get("/_organizers_only")
    @role_required(UserRole.ADMIN, UserRole.ORGANIZER)
    def organizers_only():
        return "secret plans"

    anonymous = client.get("/_organizers_only")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    for role, expected in [
        (UserRole.STAFF, 403),
        (UserRole.FOCAL_POINT, 403),
        (UserRole.DELEGATE, 403),
        (UserRole.ORGANIZER, 200),
        (UserRole.ADMIN, 200),
    ]:
        auth.login(role)
        response = client.get("/_organizers_only")
        assert response.status_code == expected, role
        assert ("secret plans" in response.get_data(as_text=True)) == (expected == 200)
        auth.logout()


def test_language_switch_is_remembered(client, seeded):
    client.get("/language/ru?next=/")
    assert 'lang="ru"' in client.get("/").get_data(as_text=True)
    client.get("/language/en?next=/")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
