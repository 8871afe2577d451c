"""Every feed token, whoever issued it, can be revoked where its owner or an organizer sees it: the
invitations page of a meeting (its participants' tokens), the account of whom a token serves. A
foreign URL revokes nothing (404); issuing and revoking are audited; the forms need their CSRF token."""

from sqlalchemy import select

from meetings.extensions import db
from meetings.feeds.tokens import hash_token, issue_token
from meetings.models import AuditEntry, FeedToken, UserRole
from tests.conftest import PASSWORD
from tests.feeds.webforms import form_fields


def _token_row(token_text: str) -> FeedToken:
    return db.session.scalar(select(FeedToken).where(FeedToken.token_hash == hash_token(token_text)))


def _actions(token: FeedToken) -> list[tuple[str, int | None]]:
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "feed_token",
                                                          AuditEntry.object_id == token.id).order_by(AuditEntry.id))
    return [(e.action, e.user_id) for e in entries]


def test_an_organizer_revokes_an_address_issued_for_a_participant(client, auth, build):
    organizer = auth.login(UserRole.ORGANIZER, name="Olga Organizer")
    meeting = build.meeting()
    registration = build.registration(meeting, given_names="Aida", family_name="Bekova")
    page = f"/manage/meetings/{meeting.id}/invitations"
    assert client.post(f"{page}/{registration.id}/feed").status_code == 302
    shown = client.get(page).get_data(as_text=True)
    path = shown.split('id="issued-feed-url" value="')[1].split('"')[0].replace("http://localhost", "")
    assert client.get(path).status_code == 200
    token = _token_row(path.removeprefix("/feeds/").removesuffix(".ics"))
    listed = client.get(page).get_data(as_text=True)  # the address itself is not shown again, its row is
    assert f"Calendar addresses of {registration.person.display_name}" in listed
    assert "by Olga Organizer" in listed
    assert f"{page}/feeds/{token.id}/revoke" in listed

    assert client.post(f"{page}/feeds/{token.id}/revoke").status_code == 302
    assert client.get(path).status_code == 404
    assert f"{page}/feeds/{token.id}/revoke" not in client.get(page).get_data(as_text=True)
    assert _actions(token) == [("feed_token.issued", organizer.id), ("feed_token.revoked", organizer.id)]
    assert db.session.scalar(select(AuditEntry.meeting_id).where(AuditEntry.action == "feed_token.revoked")) == meeting.id


def test_a_delegate_revokes_an_address_an_organizer_issued_for_them(client, auth, build):
    meeting = build.meeting()
    registration = build.registration(meeting)
    organizer = build.user(UserRole.ORGANIZER, name="Olga Organizer")
    issued = issue_token(person_id=registration.person_id, issued_by=organizer, meeting_id=meeting.id)
    own = issue_token(user_id=build.user(UserRole.STAFF).id)  # someone else's: not listed
    delegate = auth.login(UserRole.DELEGATE, person_id=registration.person_id)
    client.post("/account/feeds", data={"label": "phone"})
    account = client.get("/account").get_data(as_text=True)
    token = _token_row(issued)
    assert f"/account/feeds/{token.id}/revoke" in account
    assert f"/account/feeds/{_token_row(own).id}/revoke" not in account
    assert "by Olga Organizer" in account  # the one issued by someone else says so; their own does not
    assert account.count("by Olga Organizer") == 1 and "by delegate" not in account

    assert client.post(f"/account/feeds/{token.id}/revoke").status_code == 302
    assert client.get(f"/feeds/{issued}.ics").status_code == 404
    assert client.get(f"/feeds/{own}.ics").status_code == 200
    assert _actions(token) == [("feed_token.issued", organizer.id), ("feed_token.revoked", delegate.id)]


def test_a_foreign_url_revokes_nothing(client, auth, build):
    meeting, elsewhere = build.meeting(), build.meeting()
    registration = build.registration(meeting, "KZ")
    build.registration(elsewhere, "KZ")
    issued = issue_token(person_id=registration.person_id)
    token = _token_row(issued)
    auth.login(UserRole.ORGANIZER)
    # Another meeting's page (the person does not take part in it), an unknown meeting or token.
    for url in (f"/manage/meetings/{elsewhere.id}/invitations/feeds/{token.id}/revoke",
                f"/manage/meetings/999999/invitations/feeds/{token.id}/revoke",
                f"/manage/meetings/{meeting.id}/invitations/feeds/999999/revoke",
                f"/account/feeds/{token.id}/revoke"):  # not the organizer's own
        assert client.post(url).status_code == 404, url
    # Another delegate, and a focal point of the person's party: a person's token is the person's.
    for role, fields in ((UserRole.DELEGATE, {}), (UserRole.FOCAL_POINT, {"party_id": registration.person.party_id})):
        auth.logout()
        auth.login(role, **fields)
        assert client.post(f"/account/feeds/{token.id}/revoke").status_code == 404
    assert client.get(f"/feeds/{issued}.ics").status_code == 200
    # A revoked token is gone for its organizer too: a second revocation is a 404, not a second entry.
    auth.logout()
    auth.login(UserRole.ORGANIZER)
    page = f"/manage/meetings/{meeting.id}/invitations"
    assert client.post(f"{page}/feeds/{token.id}/revoke").status_code == 302
    assert client.post(f"{page}/feeds/{token.id}/revoke").status_code == 404
    assert [action for action, _user in _actions(token)] == ["feed_token.issued", "feed_token.revoked"]


def test_the_focal_points_of_a_party_revoke_its_address(client, auth, build):
    issued = issue_token(party_id=build.party("KZ").id)
    token = _token_row(issued)
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("CN").id)
    assert f"/account/feeds/{token.id}/revoke" not in client.get("/account").get_data(as_text=True)
    assert client.post(f"/account/feeds/{token.id}/revoke").status_code == 404
    auth.logout()
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    account = client.get("/account").get_data(as_text=True)
    assert "Party calendar" in account and f"/account/feeds/{token.id}/revoke" in account
    assert client.post(f"/account/feeds/{token.id}/revoke").status_code == 302
    assert client.get(f"/feeds/{issued}.ics").status_code == 404


def _login_with_csrf(client, user) -> None:
    page = client.get("/login").get_data(as_text=True)
    csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf}).status_code == 302


def test_revoking_needs_the_csrf_token(make_app, build):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    meeting = build.meeting()
    registration = build.registration(meeting)
    for_organizer, for_delegate = (issue_token(person_id=registration.person_id) for _ in range(2))
    page = f"/manage/meetings/{meeting.id}/invitations"
    revoke = f"{page}/feeds/{_token_row(for_organizer).id}/revoke"
    _login_with_csrf(client, build.user(UserRole.ORGANIZER))
    assert client.post(revoke).status_code == 400
    assert client.get(f"/feeds/{for_organizer}.ics").status_code == 200
    assert client.post(revoke, data=form_fields(client, page, revoke)).status_code == 302
    assert client.get(f"/feeds/{for_organizer}.ics").status_code == 404

    client.post("/logout", data=form_fields(client, "/account", "/logout"))
    _login_with_csrf(client, build.user(UserRole.DELEGATE, person_id=registration.person_id))
    revoke = f"/account/feeds/{_token_row(for_delegate).id}/revoke"
    assert client.post(revoke).status_code == 400
    assert client.get(f"/feeds/{for_delegate}.ics").status_code == 200
    assert client.post(revoke, data=form_fields(client, "/account", revoke)).status_code == 302
    assert client.get(f"/feeds/{for_delegate}.ics").status_code == 404
