"""Changes that reached the trail only now: a new person's data, a head of delegation replaced,
a feed address issued. Each names who acted and what changed, and reads well in the log."""

from datetime import date

from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AuditEntry, DelegationReply, RegistrationRole, UserRole
from meetings.participants import services as participants
from meetings.participants.people import WITHHELD


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_a_new_person_is_recorded_with_their_data_personal_data_withheld(client, auth, build):
    meeting = build.meeting()
    registration = build.registration(meeting, "KZ", family_name="Abenov", given_names="Nurlan",
                                      passport_number="N11112222", date_of_birth=date(1971, 3, 4))
    (entry,) = _entries("person.created")
    assert (entry.user_id, entry.object_id, entry.meeting_id) == (
        build.secretariat.id, registration.person_id, meeting.id)
    assert entry.changes["family_name"] == [None, "Abenov"]
    assert entry.changes["passport_number"] == entry.changes["date_of_birth"] == [None, WITHHELD]
    assert "N11112222" not in str(entry.changes) and "1971" not in str(entry.changes)
    auth.login(UserRole.ADMIN)
    body = client.get("/admin/audit?object_type=person").get_data(as_text=True)
    assert "Family name: Abenov" in body and "Passport number: (personal data)" in body
    assert f'href="/people/{registration.person_id}"' in body


def test_a_head_of_delegation_replaced_is_recorded_on_both_registrations(build):
    meeting = build.meeting()
    first = build.registration(meeting, "KZ", role=RegistrationRole.HEAD_OF_DELEGATION)
    second = build.registration(meeting, "KZ", role=RegistrationRole.HEAD_OF_DELEGATION)
    assert first.role is RegistrationRole.DELEGATE
    demoted = [e for e in _entries("registration.edited") if e.object_id == first.id]
    assert [(e.user_id, e.changes) for e in demoted] == [
        (build.secretariat.id, {"role": ["head_of_delegation", "delegate"]})]
    # The delegation's reply names the other one head: both registrations' roles change, recorded.
    delegation = participants.delegation_for(meeting, first.person.party_id)
    participants.update_delegation(meeting, delegation, DelegationReply.ACCEPTED, first.person_id, build.secretariat)
    changed = {(e.object_id, tuple(e.changes["role"])) for e in _entries("registration.edited")}
    assert (first.id, ("delegate", "head_of_delegation")) in changed
    assert (second.id, ("head_of_delegation", "delegate")) in changed
    # No head at all: the head becomes a delegate, recorded.
    participants.update_delegation(meeting, delegation, DelegationReply.ACCEPTED, None, build.secretariat)
    assert _entries("registration.edited")[-1].changes == {"role": ["head_of_delegation", "delegate"]}
    assert _entries("registration.edited")[-1].object_id == first.id


def test_feed_addresses_issued_are_recorded_without_the_address(client, auth, build):
    meeting = build.meeting()
    registration = build.registration(meeting)
    user = auth.login(UserRole.STAFF)
    client.post("/account/feeds", data={"label": "phone"})
    auth.logout()
    organizer = auth.login(UserRole.ORGANIZER)
    page = client.post(f"/manage/meetings/{meeting.id}/invitations/{registration.id}/feed", follow_redirects=True)
    token = page.get_data(as_text=True).split('id="issued-feed-url" value="')[1].split('"')[0].rsplit("/", 1)[1]
    own, issued = _entries("feed_token.issued")
    assert (own.user_id, own.changes["user_id"], own.changes["label"]) == (user.id, [None, user.id], [None, "phone"])
    assert (issued.user_id, issued.changes["person_id"]) == (organizer.id, [None, registration.person_id])
    stored = db.session.execute(select(AuditEntry.summary, AuditEntry.changes)).all()
    assert token.removesuffix(".ics") not in str(stored)
