"""The one visibility rule, for each kind of meeting and each kind of user, on the page and in the lists."""

import pytest

from meetings.models import AccreditationStatus, MeetingStatus, UserRole, Visibility

KINDS = ("public", "members", "restricted", "draft")
# Who sees which kind. Members: users of member and observer parties, and the Secretariat.
# Restricted: Secretariat roles and the meeting's own registered participants. Drafts: Secretariat.
EXPECTED = {
    "anonymous": {"public"},
    "admin": set(KINDS),
    "organizer": set(KINDS),
    "staff": set(KINDS),
    "focal point of a member state": {"public", "members"},
    "focal point of an observer organisation": {"public", "members"},
    "focal point of a partner organisation": {"public"},
    "delegate registered for the meetings": {"public", "members", "restricted"},
    "delegate of a member state, not registered": {"public", "members"},
    "delegate whose registration was declined": {"public", "members"},
    "focal point whose party's delegate is registered": {"public", "members"},
    "focal point whose party is invited": {"public", "members", "restricted"},
}


@pytest.fixture
def meetings(build):
    made = {
        "public": build.meeting(title_en="Public meeting"),
        "members": build.meeting(title_en="Members meeting", visibility=Visibility.MEMBERS),
        "restricted": build.meeting(title_en="Restricted meeting", visibility=Visibility.RESTRICTED),
        "draft": build.meeting(title_en="Draft meeting", status=MeetingStatus.DRAFT),
    }
    return made


def _login(auth, build, meetings, who):
    if who == "anonymous":
        return
    roles = {"admin": UserRole.ADMIN, "organizer": UserRole.ORGANIZER, "staff": UserRole.STAFF}
    if who in roles:
        auth.login(roles[who])
    elif who == "focal point whose party is invited":
        for meeting in meetings.values():
            build.delegation(meeting, "KZ")
        auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    elif who.startswith("focal point of"):
        code = {"member state": "KZ", "observer organisation": "UN", "partner organisation": "SCO"}[
            who.removeprefix("focal point of a ").removeprefix("focal point of an ")]
        auth.login(UserRole.FOCAL_POINT, party_id=build.party(code).id)
    else:
        person = build.person(party_id=build.party("KZ").id)
        status = {"delegate registered for the meetings": AccreditationStatus.REGISTERED,
                  "delegate whose registration was declined": AccreditationStatus.DECLINED,
                  "focal point whose party's delegate is registered": AccreditationStatus.ACCREDITED}.get(who)
        if status is not None:
            for meeting in meetings.values():
                build.registration(meeting, person=person, status=status)
        if who.startswith("focal point"):
            auth.login(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
        else:
            auth.login(UserRole.DELEGATE, person_id=person.id)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_kind_for_each_user(client, auth, build, meetings, who):
    _login(auth, build, meetings, who)
    listed = client.get("/calendar?view=list&year=2026").get_data(as_text=True)
    front = client.get("/").get_data(as_text=True)
    for kind, meeting in meetings.items():
        visible = kind in EXPECTED[who]
        response = client.get(f"/meetings/{meeting.id}")
        assert response.status_code == (200 if visible else 404), kind
        body = response.get_data(as_text=True)
        assert (f"<h1>{meeting.title_en}</h1>" in body, meeting.title_en in body) == (visible, visible), kind
        assert (meeting.title_en in listed, meeting.title_en in front) == (visible, visible), kind


def test_get_visible_meeting_refuses_with_not_found_outside_a_request(build, meetings):
    """The rule is the service's, not the page's: a hidden meeting is NotFoundError, never a flask abort."""
    from meetings.domain import NotFoundError
    from meetings.visibility import get_visible_meeting

    anonymous = None
    assert get_visible_meeting(anonymous, meetings["public"].id).id == meetings["public"].id
    for kind in ("members", "restricted", "draft"):
        with pytest.raises(NotFoundError):
            get_visible_meeting(anonymous, meetings[kind].id)
    with pytest.raises(NotFoundError):
        get_visible_meeting(build.user(UserRole.ORGANIZER), 999999)
    timetable = get_visible_meeting(build.user(UserRole.ORGANIZER), meetings["draft"].id, with_timetable=True)
    assert timetable.agenda_items == []
