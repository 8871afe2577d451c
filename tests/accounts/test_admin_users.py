"""Accounts managed by admins in the interface: /admin/users."""

import re

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.feeds.tokens import issue_token
from meetings.models import AuditEntry, User, UserRole
from tests.conftest import PASSWORD


def errors_of(body: str, field: str) -> str:
    _, marker, after = body.partition(f'<ul class="errors" id="{field}-errors">')
    return after.split("</ul>", 1)[0] if marker else ""


def temporary_password(body: str) -> str:
    (password,) = re.findall(r'<code id="temporary-password">([^<]+)</code>', body)
    return password


@pytest.mark.parametrize("role", [UserRole.ORGANIZER, UserRole.STAFF, UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_only_admins_manage_accounts(client, auth, build, role):
    target = build.user(UserRole.STAFF)
    requests = [("get", "/admin/users"), ("get", "/admin/users/new"), ("post", "/admin/users/new"),
                ("get", f"/admin/users/{target.id}"), ("post", f"/admin/users/{target.id}"),
                ("post", f"/admin/users/{target.id}/deactivate"), ("post", f"/admin/users/{target.id}/reactivate"),
                ("post", f"/admin/users/{target.id}/reset-password")]
    for method, url in requests:
        anonymous = getattr(client, method)(url)
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"], url
    auth.login(role)
    assert "/admin/users" not in client.get("/").get_data(as_text=True)  # no "Users" in the navigation
    for method, url in requests:
        assert getattr(client, method)(url, data={"email": "x@example.org", "role": "admin"}).status_code == 403, url
    assert db.session.get(User, target.id).role is UserRole.STAFF


def test_admin_creates_an_account_whose_temporary_password_must_be_changed(app, client, auth, build):
    admin = auth.login(UserRole.ADMIN)
    assert 'href="/admin/users"' in client.get("/").get_data(as_text=True)
    kz = build.party("KZ")
    response = client.post("/admin/users/new", data={
        "email": "Focal@MFA.kz", "name": "Dana Sultanova", "role": "focal_point", "party_id": str(kz.id),
        "person_id": ""})
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    password = temporary_password(response.get_data(as_text=True))
    user = db.session.scalar(select(User).where(User.email == "focal@mfa.kz"))
    assert (user.role, user.party_id, user.must_change_password) == (UserRole.FOCAL_POINT, kz.id, True)
    # The audit says who made it and what, never the password or its hash.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.created",
                                                       AuditEntry.object_id == user.id))
    assert entry.user_id == admin.id and entry.changes["role"] == [None, "focal_point"]
    assert password not in str(entry.changes) and user.password_hash not in str(entry.changes)
    # The new user logs in with it and can go nowhere but the change of password until it is done.
    newcomer = app.test_client()
    assert newcomer.post("/login", data={"email": "focal@mfa.kz", "password": password}).status_code == 302
    for url in ("/account", "/", "/admin/users"):
        assert newcomer.get(url).headers.get("Location") == "/account/password", url
    page = newcomer.get("/account/password").get_data(as_text=True)
    assert "Choose your own password to go on." in page
    new = "my own passphrase 2026"
    assert newcomer.post("/account/password", data={"current_password": password, "password": new,
                                                    "confirm": new}).status_code == 302
    assert newcomer.get("/account").status_code == 200


def test_bad_input_is_shown_beside_the_field_with_what_was_typed(client, auth, build):
    auth.login(UserRole.ADMIN)
    existing = build.user(UserRole.STAFF, email="taken@example.org")
    person = build.person()
    good = {"email": "new@example.org", "name": "New Person", "role": "staff", "party_id": "", "person_id": ""}
    cases = [
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not an address"}, "email", "Invalid email address."),
        ({"email": "a" * 250 + "@example.org"}, "email", "longer than 254"),
        ({"email": "TAKEN@example.org"}, "email", "exists already"),
        ({"name": "x" * 201}, "name", "longer than 200"),
        ({"name": "Line\x00break"}, "name", "control characters"),
        ({"name": "Bell\x07"}, "name", "control characters"),
        ({"role": "king"}, "role", "choice"),
        ({"role": "focal_point"}, "party_id", "must be linked to a party"),
        ({"role": "delegate"}, "person_id", "must be linked to a person"),
        ({"party_id": "999999"}, "party_id", "choice"),
        ({"party_id": "abc"}, "party_id", "choice"),
        ({"person_id": "999999"}, "person_id", "choice"),
        ({"person_id": "-1"}, "person_id", "choice"),
        ({"person_id": "9" * 40}, "person_id", "choice"),
    ]
    for changes, field, message in cases:
        response = client.post("/admin/users/new", data=good | changes)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, changes
        assert message.lower() in errors_of(body, field).lower(), (changes, field, errors_of(body, field))
        assert "temporary-password" not in body
        if field not in ("email", "role") and "\x00" not in changes.get("name", ""):
            assert 'value="new@example.org"' in body  # what was typed is kept
    assert db.session.scalar(select(User).where(User.email == "new@example.org")) is None
    # The same rules when editing.
    response = client.post(f"/admin/users/{existing.id}", data=good | {"email": "", "name": "Kept name"})
    assert "This field is required." in errors_of(response.get_data(as_text=True), "email")
    assert 'value="Kept name"' in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{existing.id}", data=good | {"role": "delegate", "person_id": str(person.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert (existing.role, existing.person_id, existing.email) == (UserRole.DELEGATE, person.id, "new@example.org")
    assert client.get("/admin/users/999999").status_code == 404


def test_edits_are_audited_with_before_and_after(client, auth, build):
    admin = auth.login(UserRole.ADMIN)
    user = build.user(UserRole.STAFF, name="Old Name")
    data = {"email": user.email, "name": "New Name", "role": "organizer", "party_id": "", "person_id": ""}
    assert client.post(f"/admin/users/{user.id}", data=data).status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.edited"))
    assert entry.user_id == admin.id and entry.object_type == "user" and entry.object_id == user.id
    assert entry.changes == {"name": ["Old Name", "New Name"], "role": ["staff", "organizer"]}
    # Saving without a change writes no entry.
    client.post(f"/admin/users/{user.id}", data=data)
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.edited")).all() == [entry]


def test_deactivation_revokes_the_feed_addresses_and_refuses_login(app, client, auth, build):
    auth.login(UserRole.ADMIN)
    user = build.user(UserRole.STAFF)
    token = issue_token(user_id=user.id, label="phone")
    assert client.get(f"/feeds/{token}.ics").status_code == 200
    response = client.post(f"/admin/users/{user.id}/deactivate", follow_redirects=True)
    assert "its sessions are ended and its calendar addresses revoked" in response.get_data(as_text=True)
    assert client.get(f"/feeds/{token}.ics").status_code == 404
    assert app.test_client().post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "user",
                                                                          AuditEntry.object_id == user.id))][-1:] \
        == ["user.deactivated"]
    client.post(f"/admin/users/{user.id}/reactivate")
    assert app.test_client().post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.get(f"/feeds/{token}.ics").status_code == 404  # revoked for good


def test_an_admin_cannot_demote_or_deactivate_themselves_or_the_last_admin(client, auth, build):
    admin = auth.login(UserRole.ADMIN)
    data = {"email": admin.email, "name": "", "role": "organizer", "party_id": "", "person_id": ""}
    response = client.post(f"/admin/users/{admin.id}", data=data)
    assert "cannot demote or deactivate your own account" in errors_of(response.get_data(as_text=True), "role")
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "cannot demote or deactivate your own account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert admin.role is UserRole.ADMIN and admin.active
    # Another admin may be deactivated while one stays; the last one may not be (even by itself).
    other = build.user(UserRole.ADMIN)
    assert client.post(f"/admin/users/{other.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert not other.active


def test_reset_password_shows_a_new_one_once_and_ends_the_sessions(app, client, auth, build):
    admin = auth.login(UserRole.ADMIN)
    user = build.user(UserRole.STAFF)
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": PASSWORD})
    assert browser.get("/account").status_code == 200
    response = client.post(f"/admin/users/{user.id}/reset-password")
    password = temporary_password(response.get_data(as_text=True))
    assert len(password) >= 10 and "no-store" in response.headers["Cache-Control"]
    assert browser.get("/account").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert fresh.post("/login", data={"email": user.email, "password": password}).status_code == 302
    assert fresh.get("/account").headers["Location"] == "/account/password"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.password_reset"))
    assert entry.user_id == admin.id and entry.changes == {}
    # The page of the account does not show it again.
    assert password not in client.get(f"/admin/users/{user.id}").get_data(as_text=True)


def test_the_list_searches_and_filters(client, auth, build):
    auth.login(UserRole.ADMIN, email="chief@secretariat.example.org")
    build.user(UserRole.STAFF, name="Aigerim Bekova", email="a.bekova@example.org")
    gone = build.user(UserRole.DELEGATE, name="Ruslan Omarov", email="r.omarov@example.org")
    gone.active = False
    db.session.commit()

    def shown(**query):
        response = client.get("/admin/users", query_string=query)
        assert response.status_code == 200
        return set(re.findall(r'<a href="/admin/users/\d+">([^<]+)</a>', response.get_data(as_text=True)))

    assert {"a.bekova@example.org", "r.omarov@example.org"} <= shown()
    assert shown(q="BEKOVA") == {"a.bekova@example.org"}
    assert shown(q="omarov@") == {"r.omarov@example.org"}
    assert shown(role="delegate") == {"r.omarov@example.org"}
    assert shown(active="0") == {"r.omarov@example.org"}
    assert "r.omarov@example.org" not in shown(active="1")
    assert shown(q="%") == set() and shown(q="_") == set()  # typed characters, not wildcards
    # Values that mean nothing are ignored, never a 500.
    assert shown(role="king", active="maybe", q="\x00") >= {"a.bekova@example.org"}
    # A page number that is none: a 400 that says so (meetings/pagination), never a 500.
    assert client.get("/admin/users?page=x").status_code == 400
