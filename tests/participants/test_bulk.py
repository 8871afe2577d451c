"""Bulk work on the list of participants: accredit or decline a selection in one POST, through the
same workflow as one row, in one transaction, with a report of what changed and what could not."""

import re
import threading

import pytest
from sqlalchemy import inspect, select

from meetings.domain import NotAllowedError
from meetings.extensions import db
from meetings.models import AccreditationStatus, AuditEntry, Registration, User, UserRole
from meetings.participants import services
from tests.conftest import requires_postgres
from tests.printing.helpers import read_pdf

S = AccreditationStatus


def _bulk(client, meeting, action: str, ids=(), query: str = "", **more):
    data = {"action": action, "registration": [str(i) for i in ids], **more}
    return client.post(f"/meetings/{meeting.id}/participants/bulk{query}", data=data)


def _flashes(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _state(*registrations) -> list[tuple[S, int | None]]:
    for r in registrations:
        db.session.refresh(r)
    return [(r.status, r.badge_number) for r in registrations]


def test_organizer_accredits_a_selection_in_one_action(client, auth, world, build):
    extra = build.registration(world.meeting, "KZ", family_name="Nurlanov", given_names="Arman")
    organizer = auth.login(UserRole.ORGANIZER)

    response = _bulk(client, world.meeting, "accredit", [world.kz_head.id, extra.id, world.cn_head.id])

    assert response.headers["Location"] == f"/meetings/{world.meeting.id}/participants"
    assert "3 participants accredited." in _flashes(client, response)
    states = _state(world.kz_head, extra, world.cn_head)
    assert {status for status, _ in states} == {S.ACCREDITED}
    assert sorted(badge for _, badge in states) == [1, 2, 3]
    assert _state(world.kz_delegate) == [(S.REGISTERED, None)]  # not selected: untouched
    # Each row recorded as a single change would be, by the organizer.
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.status_changed",
                                                          AuditEntry.user_id == organizer.id)).all()
    assert sorted(e.object_id for e in entries) == sorted([world.kz_head.id, extra.id, world.cn_head.id])
    assert all(e.changes["status"] == ["registered", "accredited"] for e in entries)


def test_rows_the_workflow_refuses_are_reported_and_the_others_change(client, auth, world, build):
    build.move(world.kz_delegate, S.DECLINED)  # a declined registration is re-opened first, never accredited
    build.move(world.cn_head, S.ACCREDITED)  # already accredited: nothing to do
    auth.login(UserRole.ORGANIZER)

    page = _flashes(client, _bulk(client, world.meeting, "accredit",
                                  [world.kz_delegate.id, world.kz_head.id, world.cn_head.id]))

    assert "1 participant accredited." in page
    assert "Already with the status Accredited: 1." in page
    name = world.kz_delegate.person.display_name
    assert f"Could not change (1): {name} (A registration cannot go from Declined to Accredited.)" in page
    assert _state(world.kz_head, world.kz_delegate, world.cn_head) == [
        (S.ACCREDITED, 2), (S.DECLINED, None), (S.ACCREDITED, 1)]


def test_organizer_declines_a_selection(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    page = _flashes(client, _bulk(client, world.meeting, "decline", [world.kz_head.id, world.kz_delegate.id]))
    assert "2 participants declined." in page
    assert _state(world.kz_head, world.kz_delegate, world.cn_head) == [
        (S.DECLINED, None), (S.DECLINED, None), (S.REGISTERED, None)]


def test_all_shown_takes_the_rows_the_filtered_list_showed_without_javascript(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    body = client.get(f"/meetings/{world.meeting.id}/participants?party={world.kz.party_id}").get_data(as_text=True)
    shown = sorted(int(i) for i in re.findall(r'<input type="hidden" name="shown" value="(\d+)">', body))
    assert shown == sorted([world.kz_head.id, world.kz_delegate.id])
    assert f'action="/meetings/{world.meeting.id}/participants/bulk?party={world.kz.party_id}"' in body

    response = _bulk(client, world.meeting, "accredit", query=f"?party={world.kz.party_id}", shown=shown, all="y")

    # Back to the list as it was filtered, with the Kazakh delegation accredited and China untouched.
    assert response.headers["Location"] == f"/meetings/{world.meeting.id}/participants?party={world.kz.party_id}"
    assert "2 participants accredited." in _flashes(client, response)
    assert [s for s, _ in _state(world.kz_head, world.kz_delegate, world.cn_head)] == [
        S.ACCREDITED, S.ACCREDITED, S.REGISTERED]


def test_an_empty_selection_says_so_and_changes_nothing(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    for data in ({}, {"shown": [str(world.kz_head.id)]}, {"registration": ["", "x", "-3", "9" * 30]}):
        page = _flashes(client, client.post(f"/meetings/{world.meeting.id}/participants/bulk",
                                            data={"action": "accredit", **data}))
        assert "Select at least one participant first." in page
    page = _flashes(client, client.post(f"/meetings/{world.meeting.id}/participants/bulk",
                                        data={"action": "promote", "registration": [str(world.kz_head.id)]}))
    assert "Choose what to do with the selected participants." in page
    assert _state(world.kz_head) == [(S.REGISTERED, None)]


def test_registrations_of_another_meeting_are_left_out_without_a_500(client, auth, world, build):
    other = build.meeting(title_en="Another meeting")
    elsewhere = build.registration(other, "KZ", family_name="Elsewhere")
    auth.login(UserRole.ORGANIZER)

    response = _bulk(client, world.meeting, "accredit", [elsewhere.id, world.kz_head.id, 2**31 - 1])

    page = _flashes(client, response)
    assert "1 participant accredited." in page
    assert "2 selected rows are not in this list and were left out." in page
    assert _state(elsewhere, world.kz_head) == [(S.REGISTERED, None), (S.ACCREDITED, 1)]
    # Only another meeting's rows: nothing changes, and the report says so.
    page = _flashes(client, _bulk(client, world.meeting, "decline", [elsewhere.id]))
    assert "0 participants declined." in page and "1 selected row is not in this list" in page
    assert _state(elsewhere) == [(S.REGISTERED, None)]


def test_only_organizers_change_a_selection(client, auth, world, build):
    for role, fields in ((UserRole.STAFF, {}), (UserRole.FOCAL_POINT, {"party_id": world.kz.party_id}),
                         (UserRole.DELEGATE, {})):
        auth.logout()
        auth.login(role, **fields)
        for action in ("accredit", "decline", "badges"):
            assert _bulk(client, world.meeting, action, [world.kz_head.id]).status_code == 403, (role, action)
        # Nor are they offered the selection.
        body = client.get(f"/meetings/{world.meeting.id}/participants").get_data(as_text=True)
        assert 'name="registration"' not in body and "/participants/bulk" not in body
    auth.logout()
    assert _bulk(client, world.meeting, "accredit", [world.kz_head.id]).status_code == 302  # to log in
    assert _state(world.kz_head, world.kz_delegate) == [(S.REGISTERED, None), (S.REGISTERED, None)]


def test_the_service_refuses_anyone_but_organizers(world, build):
    staff = services.participants_access(build.user(UserRole.STAFF), world.meeting.id)
    focal = services.participants_access(build.user(UserRole.FOCAL_POINT, party_id=world.kz.party_id),
                                         world.meeting.id)
    for access in (staff, focal):
        with pytest.raises(NotAllowedError):
            services.change_statuses(access, [world.kz_head.id], S.ACCREDITED)
    assert _state(world.kz_head) == [(S.REGISTERED, None)]


def test_print_badges_of_a_selection_gives_the_badges_of_those_alone(client, auth, world, build):
    for registration in (world.kz_head, world.kz_delegate, world.cn_head):
        build.move(registration, S.ACCREDITED)
    auth.login(UserRole.ORGANIZER)

    response = _bulk(client, world.meeting, "badges", [world.cn_head.id, world.kz_head.id])

    assert response.headers["Location"] == (f"/meetings/{world.meeting.id}/badges.pdf"
                                            f"?registrations={world.cn_head.id},{world.kz_head.id}")
    pdf = read_pdf(client.get(response.headers["Location"]).data)
    assert "Abenov" in pdf.words and "Zhang" in pdf.words
    assert "Seitkali" not in pdf.words  # accredited, with a badge, but not selected
    everyone = read_pdf(client.get(f"/meetings/{world.meeting.id}/badges.pdf").data)
    assert "Seitkali" in everyone.words


def test_a_selection_without_badges_prints_a_sheet_that_says_so(client, auth, world):
    auth.login(UserRole.STAFF)  # the Secretariat prints badges, as before
    for query in (f"?registrations={world.kz_head.id}", "?registrations=", "?registrations=x,%00,-1"):
        pdf = read_pdf(client.get(f"/meetings/{world.meeting.id}/badges.pdf{query}").data)
        assert pdf.words == "None of the selected participants is accredited with a badge number.", query


def test_the_list_offers_the_selection_to_organizers(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    body = client.get(f"/meetings/{world.meeting.id}/participants").get_data(as_text=True)
    for r in (world.kz_head, world.kz_delegate, world.cn_head):
        assert f'name="registration" value="{r.id}" form="bulk"' in body
    assert '<form id="bulk"' in body and "All 3 shown" in body
    for action in ("accredit", "decline", "badges"):
        assert f'name="action" value="{action}"' in body


def test_the_database_holds_badge_numbers_unique_per_meeting(app_context):
    constraints = inspect(db.engine).get_unique_constraints("registration")
    assert {"meeting_id", "badge_number"} in [set(c["column_names"]) for c in constraints]


@requires_postgres
def test_two_organizers_accrediting_at_once_get_distinct_badges(app, world, build):
    first = [build.registration(world.meeting, "KZ").id for _ in range(15)]
    second = [build.registration(world.meeting, "CN").id for _ in range(15)]
    users = [build.user(UserRole.ORGANIZER).id, build.user(UserRole.ORGANIZER).id]
    meeting_id = world.meeting.id
    db.session.remove()
    barrier = threading.Barrier(2)
    errors, results = [], []

    def accredit(user_id, ids):
        with app.app_context():
            try:
                access = services.participants_access(db.session.get(User, user_id), meeting_id)
                barrier.wait()
                result = services.change_statuses(access, ids, S.ACCREDITED)
                results.append(len(result.changed))
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accredit, args=args) for args in zip(users, (first, second), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [15, 15]
    badges = sorted(db.session.scalars(select(Registration.badge_number).where(Registration.id.in_(first + second))))
    assert badges == list(range(1, 31))  # all distinct, none lost, none skipped
