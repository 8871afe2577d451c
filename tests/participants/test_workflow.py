"""The accreditation workflow: which transitions are allowed, for whom, and badge numbers."""

import re
import threading

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AccreditationStatus, AuditEntry, Registration, User, UserRole
from meetings.participants import services
from meetings.participants.services import TRANSITIONS, WorkflowError
from tests.conftest import requires_postgres

S = AccreditationStatus
ALLOWED = {
    (S.INVITED, S.REGISTERED), (S.INVITED, S.DECLINED), (S.INVITED, S.CANCELLED),
    (S.REGISTERED, S.ACCREDITED), (S.REGISTERED, S.DECLINED), (S.REGISTERED, S.CANCELLED),
    (S.ACCREDITED, S.ATTENDED), (S.ACCREDITED, S.CANCELLED),
    (S.DECLINED, S.INVITED), (S.DECLINED, S.REGISTERED),
    (S.CANCELLED, S.INVITED), (S.CANCELLED, S.REGISTERED),
}


def test_the_transition_table_is_the_documented_one():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


@pytest.mark.parametrize("old", list(S))
@pytest.mark.parametrize("new", list(S))
def test_organizer_transitions(world, build, old, new):
    organizer = build.user(UserRole.ORGANIZER)
    registration = build.move(world.kz_delegate, old)  # there by the workflow's own steps
    access = services.participants_access(organizer, world.meeting.id)
    if (old, new) in ALLOWED:
        services.change_status(access, registration, new)
        db.session.rollback()  # what was committed, not the object in memory
        stored = db.session.get(Registration, registration.id)
        assert (stored.status, stored.status_changed_by_id) == (new, organizer.id)
    else:
        with pytest.raises(WorkflowError):
            services.change_status(access, registration, new)
        db.session.rollback()
        assert db.session.get(Registration, registration.id).status is old


def test_focal_point_registers_declines_and_cancels_but_never_accredits(world, build):
    focal = build.user(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    access = services.participants_access(focal, world.meeting.id)
    registration = build.move(world.kz_delegate, S.INVITED)  # declined, then invited again
    assert services.allowed_transitions(access, registration) == [S.REGISTERED, S.DECLINED, S.CANCELLED]
    services.change_status(access, registration, S.REGISTERED)
    assert services.allowed_transitions(access, registration) == [S.DECLINED, S.CANCELLED]
    with pytest.raises(WorkflowError):
        services.change_status(access, registration, S.ACCREDITED)
    db.session.rollback()
    services.change_status(access, registration, S.CANCELLED)
    assert services.allowed_transitions(access, registration) == []  # re-opening is for organizers


def test_staff_see_but_do_not_change_statuses(world, build):
    access = services.participants_access(build.user(UserRole.STAFF), world.meeting.id)
    assert services.allowed_transitions(access, world.kz_delegate) == []


def test_accreditation_issues_the_next_badge_and_keeps_it(world, build):
    organizer = build.user(UserRole.ORGANIZER)
    access = services.participants_access(organizer, world.meeting.id)
    build.move(world.cn_head, S.ACCREDITED)
    # A number chosen by hand, which no service gives (it issued 1): the next number must follow
    # the highest one, not the count of badges.
    world.cn_head.badge_number = 7
    db.session.commit()
    services.change_status(access, world.kz_head, S.ACCREDITED)
    assert world.kz_head.badge_number == 8
    services.change_status(access, world.kz_head, S.CANCELLED)
    services.change_status(access, world.kz_head, S.REGISTERED)
    services.change_status(access, world.kz_head, S.ACCREDITED)
    assert world.kz_head.badge_number == 8  # a printed badge is never given to someone else
    services.change_status(access, world.kz_delegate, S.ACCREDITED)
    assert world.kz_delegate.badge_number == 9
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_id == world.kz_head.id, AuditEntry.object_type == "registration",
                                 AuditEntry.action == "registration.status_changed")  # not the registration itself
        .order_by(AuditEntry.id)).all()
    assert [e.changes["status"] for e in entries] == [
        ["registered", "accredited"], ["accredited", "cancelled"], ["cancelled", "registered"],
        ["registered", "accredited"]]
    assert entries[0].changes["badge_number"] == [None, 8]
    assert {e.meeting_id for e in entries} == {world.meeting.id}
    assert {e.user_id for e in entries} == {organizer.id}


def test_status_change_through_the_page(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants/{world.kz_head.id}/status"
    response = client.post(url + "?lang=ru", data={"status": "accredited"})
    assert response.status_code == 302
    assert world.kz_head.status is S.ACCREDITED and world.kz_head.badge_number == 1
    # The status after the colon in lower case, as Russian writes it.
    assert ": аккредитован(а)." in client.get(response.headers["Location"] + "?lang=ru").get_data(as_text=True)
    # Not allowed from here: a message, no change, no 500.
    response = client.post(url, data={"status": "invited"}, follow_redirects=True)
    assert "A registration cannot go from Accredited to Invited." in response.get_data(as_text=True)
    response = client.post(url, data={"status": "nonsense"})
    assert (response.status_code, response.headers["Location"]) == (302, f"/meetings/{world.meeting.id}/participants")
    assert "Choose a valid status." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(world.kz_head)
    assert world.kz_head.status is S.ACCREDITED


def test_the_rows_status_list_chooses_nothing_until_the_organizer_does(client, auth, world):
    """The first transition of an accredited person is a cancellation: the list starts blank, and
    pressing the button without a choice changes nothing."""
    auth.login(UserRole.ORGANIZER)
    world.kz_head.status = S.ACCREDITED
    db.session.commit()
    body = client.get(f"/meetings/{world.meeting.id}/participants").get_data(as_text=True)
    select = re.search(rf'<select name="status" id="status-{world.kz_head.id}"[^>]*>(.*?)</select>', body, re.S)
    options = re.findall(r'<option value="(\w*)"( selected)?>', select[1])
    assert options[0] == ("", " selected") and ("cancelled", "") in options[1:]
    url = f"/meetings/{world.meeting.id}/participants/{world.kz_head.id}/status"
    page = client.post(url, data={"status": ""}, follow_redirects=True).get_data(as_text=True)
    assert "Choose the new status in the list, then press the button." in page
    db.session.refresh(world.kz_head)
    assert world.kz_head.status is S.ACCREDITED


@requires_postgres
def test_concurrent_accreditations_get_distinct_badges(app, world, build):
    organizer = build.user(UserRole.ORGANIZER)
    ids = [build.registration(world.meeting, world.kz.party).id for _ in range(12)]
    meeting_id, user_id = world.meeting.id, organizer.id
    db.session.remove()
    barrier = threading.Barrier(len(ids))
    errors = []

    def accredit(registration_id):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                access = services.participants_access(user, meeting_id)
                registration = db.session.get(Registration, registration_id)
                barrier.wait()
                services.change_status(access, registration, S.ACCREDITED)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accredit, args=(rid,)) for rid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    badges = sorted(db.session.scalars(select(Registration.badge_number).where(Registration.id.in_(ids))))
    assert badges == list(range(1, len(ids) + 1))
