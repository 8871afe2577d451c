"""The meeting page links each role to what it may do, and only that."""

import pytest

from meetings.models import UserRole


# Shown: the exact links (where each one lives: /meetings/... or the organizers' /manage/meetings/...).
# Hidden: a link to that action under either prefix.
@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (None, ["/meetings/{id}/agenda.pdf"], ["/participants", "/badges.pdf", "/edit", "/invitations"]),
        (UserRole.DELEGATE, ["/meetings/{id}/agenda"], ["/participants", "/badges.pdf", "/edit"]),
        (UserRole.FOCAL_POINT, ["/meetings/{id}/agenda", "/meetings/{id}/participants"],
         ["/participants/print", "/badges.pdf", "/edit"]),
        (UserRole.STAFF, ["/meetings/{id}/participants", "/meetings/{id}/participants/print.pdf",
                          "/meetings/{id}/badges.pdf"], ["/edit", "/invitations"]),
        (UserRole.ORGANIZER, ["/meetings/{id}/participants/print", "/meetings/{id}/badges.pdf",
                              "/manage/meetings/{id}/edit", "/manage/meetings/{id}/timetable",
                              "/manage/meetings/{id}/invitations"], []),
    ],
)
def test_meeting_page_links_by_role(client, auth, build, role, shown, hidden):
    meeting = build.meeting(title_en="Linked SOC")
    build.delegation(meeting, "KZ")
    if role is not None:
        auth.login(role)  # a focal point of KZ, whose party is invited
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    urls = [url.format(id=meeting.id) for url in shown]
    for url in urls:
        assert f'href="{url}"' in body, url
    for path in hidden:
        for prefix in ("/meetings", "/manage/meetings"):
            assert f'{prefix}/{meeting.id}{path}"' not in body, path
    # Every link shown works for this role: a PDF, or the page of this meeting.
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".pdf"):
            assert (response.mimetype, response.data[:5]) == ("application/pdf", b"%PDF-"), url
        else:
            assert response.mimetype == "text/html", url
            assert "Linked SOC" in response.get_data(as_text=True), url


def test_focal_point_of_an_uninvited_party_gets_no_participants_link(client, auth, build):
    meeting = build.meeting()
    auth.login(UserRole.FOCAL_POINT)
    assert f"/meetings/{meeting.id}/participants" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
