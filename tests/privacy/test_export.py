"""A person's data exported on request: GET /people/<id>/export.json, organizers and admins only."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.feeds import tokens
from meetings.logistics.hotels import services as hotels
from meetings.logistics.travel import services as travel
from meetings.logistics.visas import services as visas
from meetings.models import AuditEntry, RegistrationRole, User, UserRole
from meetings.participants.access import participants_access
from meetings.timeutil import to_local
from tests.participants.conftest import PASSPORT_KZ


@pytest.mark.parametrize("role", [UserRole.ORGANIZER, UserRole.ADMIN])
def test_export_holds_everything_about_the_person_and_is_audited(client, auth, build, world, role):
    person = world.kz_head.person
    account = build.user(UserRole.DELEGATE, person_id=person.id, email="abenov@mfa.example.kz")
    tokens.issue_token(person_id=person.id, label="issued by the Secretariat")
    tokens.issue_token(user_id=account.id, label="phone")
    other_meeting = build.meeting(title_en="Ministerial Council", type_code="MC")
    build.registration(other_meeting, "KZ", person=person, role=RegistrationRole.ADVISER)
    exporter = auth.login(role)

    response = client.get(f"/people/{person.id}/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="person-{person.id}.json"'
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(response.data)

    assert data["person"]["family_name"] == "Abenov"
    assert (data["person"]["passport_number"], data["person"]["date_of_birth"]) == (PASSPORT_KZ, "1971-03-04")
    assert data["person"]["party"] == "KZ"
    assert sorted((r["meeting"]["id"], r["role"], r["status"]) for r in data["registrations"]) == sorted([
        (world.meeting.id, "head_of_delegation", "registered"), (other_meeting.id, "adviser", "registered")])
    assert [(a["email"], a["role"]) for a in data["accounts"]] == [("abenov@mfa.example.kz", "delegate")]
    assert {"created_at", "last_login_at"} <= set(data["accounts"][0])
    assert [(t["label"], t["revoked_at"]) for t in data["feed_tokens"]] == [
        ("issued by the Secretariat", None), ("phone", None)]
    actions = [e["action"] for e in data["audit"]]
    assert "person.created" in actions and "registration.registered" in actions
    # Secrets are not data about the person.
    text = response.get_data(as_text=True)
    assert "password" not in text and "hash" not in text
    stored = db.session.scalar(select(User.password_hash).where(User.id == account.id))
    assert stored not in text

    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "person.exported")).one()
    assert (entry.object_id, entry.user_id) == (person.id, exporter.id)


def test_the_person_page_links_to_the_export(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    page = client.get(f"/people/{world.kz_head.person_id}").get_data(as_text=True)
    assert f'href="/people/{world.kz_head.person_id}/export.json"' in page


@pytest.mark.parametrize("role, status", [
    (None, 302), (UserRole.STAFF, 403), (UserRole.FOCAL_POINT, 403), (UserRole.DELEGATE, 403)])
def test_only_organizers_and_admins_export(client, auth, world, role, status):
    if role is not None:
        auth.login(role)
    response = client.get(f"/people/{world.kz_head.person_id}/export.json")
    assert response.status_code == status
    assert PASSPORT_KZ not in response.get_data(as_text=True)
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "person.exported")).all() == []


def test_an_unknown_person_is_a_404(client, auth, build):
    auth.login(UserRole.ADMIN)
    assert client.get("/people/999999/export.json").status_code == 404
    assert client.get("/people/99999999999/export.json").status_code == 404



def test_export_holds_the_persons_logistics_and_their_history(client, auth, build, world):
    """Hotel stay, arrival and visa letter of each registration, with the audit entries about them."""
    registration, meeting, organizer = world.kz_head, world.meeting, build.secretariat
    day = to_local(meeting.starts_at, meeting.timezone).date()
    hotel = hotels.save_hotel(None, hotels.HotelInput(name_en="Hilton Baku", city="Baku"), user=organizer)
    block = hotels.save_block(meeting, None, hotels.BlockInput(hotel_id=hotel.id, room_type="Single", rooms=5,
                                                                check_in=day - timedelta(days=1),
                                                                check_out=day + timedelta(days=1)),
                              user=organizer, accept_warnings=True)
    hotels.assign(block, hotels.AssignmentInput(registration_id=registration.id, check_in=block.check_in,
                                                check_out=block.check_out), user=organizer, accept_warnings=True)
    arrival = to_local(meeting.starts_at - timedelta(hours=20), meeting.timezone).replace(tzinfo=None)
    travel.save_travel(travel.travel_access(organizer, meeting.id), registration, travel.TravelInput(
        arrival=travel.LegInput(arrival, flight="KC 951", airport="GYD")))
    visas.request_letter(participants_access(organizer, meeting.id), registration.id,
                         visas.LetterInput("Embassy of Azerbaijan in Astana", "ru"))
    auth.login(UserRole.ORGANIZER)

    data = json.loads(client.get(f"/people/{registration.person_id}/export.json").data)
    mine = next(r for r in data["registrations"] if r["id"] == registration.id)
    assert (mine["hotel"]["hotel"], mine["hotel"]["room_type"]) == ("Hilton Baku", "Single")
    assert [(t["direction"], t["flight"]) for t in mine["travel"]] == [("arrival", "KC 951")]
    assert (mine["visa_letter"]["status"], mine["visa_letter"]["embassy"]) == (
        "requested", "Embassy of Azerbaijan in Astana")
    kinds = {e["object_type"] for e in data["audit"]}
    assert {"hotel_assignment", "travel", "visa_letter"} <= kinds
