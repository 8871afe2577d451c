"""The meeting page links each role to what it may do, and only that."""

import pytest

from meetings.extensions import db
from meetings.models import Delegation, UserRole


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (None, ["/agenda.pdf"], ["/participants", "/badges.pdf", "/edit", "/invitations"]),
        (UserRole.DELEGATE, ["/agenda"], ["/participants", "/badges.pdf", "/edit"]),
        (UserRole.FOCAL_POINT, ["/agenda", "/participants"], ["/participants/print", "/badges.pdf", "/edit"]),
        (UserRole.STAFF, ["/participants", "/participants/print.pdf", "/badges.pdf"], ["/edit", "/invitations"]),
        (UserRole.ORGANIZER, ["/participants/print", "/badges.pdf", "/edit", "/timetable", "/invitations"], []),
    ],
)
def test_meeting_page_links_by_role(client, auth, build, role, shown, hidden):
    meeting = build.meeting()
    db.session.add(Delegation(meeting=meeting, party=build.party("KZ")))
    db.session.commit()
    if role is not None:
        auth.login(role)  # a focal point of KZ, whose party is invited
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    for path in shown:
        assert f'/meetings/{meeting.id}{path}"' in body or f'/manage/meetings/{meeting.id}{path}"' in body, path
    for path in hidden:
        assert f'/meetings/{meeting.id}{path}"' not in body and f'/manage/meetings/{meeting.id}{path}"' not in body, path
    # Every link shown works for this role.
    for path in shown:
        managed = f"/manage/meetings/{meeting.id}{path}"
        url = managed if f'{managed}"' in body else f"/meetings/{meeting.id}{path}"
        assert client.get(url).status_code == 200, url


def test_focal_point_of_an_uninvited_party_gets_no_participants_link(client, auth, build):
    meeting = build.meeting()
    auth.login(UserRole.FOCAL_POINT)
    assert f"/meetings/{meeting.id}/participants" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
