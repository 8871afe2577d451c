"""Who may reach which participants page: focal points are confined to their own delegation."""

import io

import pytest

from meetings.extensions import db
from meetings.models import Delegation, UserRole, Visibility


def _get_urls(world):
    m = world.meeting.id
    return [
        f"/meetings/{m}/participants", f"/meetings/{m}/participants.csv", f"/meetings/{m}/participants.xlsx",
        f"/meetings/{m}/participants/new",
    ]


NAMES = ("Abenov", "Seitkali", "Zhang")


def refused(response, status: int) -> bool:
    """The one expected refusal, and nothing of the participants in it."""
    body = response.get_data(as_text=True)
    return response.status_code == status and not any(name in body for name in NAMES)


def test_anonymous_visitors_are_sent_to_login(client, world):
    m = world.meeting.id
    for url in _get_urls(world) + [f"/meetings/{m}/participants/{world.kz_head.id}/edit", f"/meetings/{m}/delegations",
                                   f"/meetings/{m}/participants/import", "/people", f"/people/{world.kz_head.person_id}"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]


def test_delegates_may_not_see_lists(client, auth, world):
    auth.login(UserRole.DELEGATE)
    for url in _get_urls(world):
        assert refused(client.get(url), 403), url
    assert refused(client.get("/people?q=a"), 403)


def test_staff_see_everything_but_do_not_manage(client, auth, world):
    auth.login(UserRole.STAFF)
    m = world.meeting.id
    listed = client.get(f"/meetings/{m}/participants")
    assert listed.status_code == 200
    body = listed.get_data(as_text=True)
    assert all(name in body for name in ("Abenov", "Seitkali", "Zhang"))
    assert "Register a person" not in body and f"/participants/{world.kz_head.id}/edit" not in body
    exported = client.get(f"/meetings/{m}/participants.csv")
    assert (exported.status_code, exported.mimetype) == (200, "text/csv")
    assert all(name in exported.data.decode("utf-8-sig") for name in ("Abenov", "Seitkali", "Zhang"))
    person = client.get(f"/people/{world.cn_head.person_id}")
    assert person.status_code == 200
    assert "<h1>Wei Zhang</h1>" in person.get_data(as_text=True)
    for url in (f"/meetings/{m}/participants/new", f"/meetings/{m}/participants/{world.kz_head.id}/edit",
                f"/meetings/{m}/delegations", f"/meetings/{m}/participants/import",
                f"/people/{world.cn_head.person_id}/edit", f"/parties/{world.kz.party_id}/edit"):
        assert refused(client.get(url), 403), url


def test_focal_point_of_a_party_not_invited_gets_404(client, auth, world, build):
    auth.login(UserRole.FOCAL_POINT, party_id=build.party("IN").id)
    for url in _get_urls(world):
        assert refused(client.get(url), 404), url


def test_a_meeting_the_user_may_not_see_is_a_404(client, auth, world, build):
    hidden = build.meeting(visibility=Visibility.RESTRICTED)
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    assert client.get(f"/meetings/{hidden.id}/participants").status_code == 404
    assert client.get("/meetings/999999/participants").status_code == 404


def test_focal_point_sees_only_their_delegation(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    m = world.meeting.id
    body = client.get(f"/meetings/{m}/participants").get_data(as_text=True)
    assert "Abenov" in body and "Seitkali" in body
    assert "Zhang" not in body
    # Asking for the other party through the filter shows nothing of it either.
    body = client.get(f"/meetings/{m}/participants?party={world.cn.party_id}").get_data(as_text=True)
    assert "Zhang" not in body
    for kind in ("csv", "xlsx"):
        data = client.get(f"/meetings/{m}/participants.{kind}?party={world.cn.party_id}").data
        assert b"Zhang" not in data
    csv_text = client.get(f"/meetings/{m}/participants.csv").data.decode("utf-8-sig")
    assert "Abenov" in csv_text and "Zhang" not in csv_text


@pytest.mark.parametrize("method,path,data", [
    ("get", "/meetings/{m}/participants/{cn}/edit", None),
    ("post", "/meetings/{m}/participants/{cn}/edit", {"family_name": "X", "given_names": "Y", "role": "delegate"}),
    ("post", "/meetings/{m}/participants/{cn}/status", {"status": "cancelled"}),
    ("get", "/meetings/{m}/participants/new?person={cn_person}", None),
    ("post", "/meetings/{m}/participants/new?person={cn_person}", {"family_name": "Zhang", "given_names": "Wei",
                                                                   "role": "delegate"}),
])
def test_focal_point_cannot_touch_another_partys_ids(client, auth, world, method, path, data):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    url = path.format(m=world.meeting.id, cn=world.cn_head.id, cn_person=world.cn_head.person_id)
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 404
    db.session.refresh(world.cn_head)
    assert world.cn_head.status.value == "registered"
    assert world.cn_head.person.family_name == "Zhang"


def test_focal_point_is_kept_out_of_secretariat_pages(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    m = world.meeting.id
    for url in (f"/meetings/{m}/delegations", f"/meetings/{m}/participants/import",
                f"/meetings/{m}/participants/import-template.csv", "/people?q=zhang",
                f"/people/{world.cn_head.person_id}", f"/people/{world.kz_head.person_id}",
                f"/people/{world.kz_head.person_id}/edit", f"/parties/{world.kz.party_id}/edit"):
        assert refused(client.get(url), 403), url
    files = {"file": (io.BytesIO(b"party,family_name,given_names,role\r\nKZ,A,B,delegate\r\n"), "p.csv")}
    assert client.post(f"/meetings/{m}/participants/import", data=files).status_code == 403
    assert client.post(f"/meetings/{m}/delegations/invite-members").status_code == 403
    assert client.post(f"/meetings/{m}/delegations/{world.cn.id}", data={f"d{world.cn.id}-reply": "declined"}).status_code == 403
    assert db.session.query(Delegation).count() == 2


def test_registration_of_another_meeting_is_a_404(client, auth, world, build):
    other = build.meeting()
    auth.login(UserRole.ORGANIZER)
    assert client.get(f"/meetings/{other.id}/participants/{world.kz_head.id}/edit").status_code == 404
    assert client.post(f"/meetings/{other.id}/participants/{world.kz_head.id}/status",
                       data={"status": "accredited"}).status_code == 404
    assert client.post(f"/meetings/{other.id}/delegations/{world.kz.id}", data={}).status_code == 404


def test_ids_too_large_for_the_database_are_not_found(client, auth, world):
    # SQLite cannot even compare an integer above 2**63: such an id was a 500, not a 404.
    huge = "9" * 25
    auth.login(UserRole.ORGANIZER)
    for url in (f"/parties/{huge}", f"/people/{huge}", f"/meetings/{huge}/participants",
                f"/meetings/{world.meeting.id}/participants/{huge}/edit", f"/meetings/{huge}/agenda.pdf",
                f"/meetings/{world.meeting.id}/participants/new?person={huge}"):
        assert client.get(url).status_code == 404, url
