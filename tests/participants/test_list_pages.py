"""The list of participants in pages (meetings/pagination.paginate_rows): cut after the order
collated in the reader's language, the counts and the selection of "all matching the filters" still
covering every page, and every action taken from a page coming back to it."""

import re

import pytest

from meetings.extensions import db
from meetings.models import AccreditationStatus, Registration, RegistrationRole, UserRole
from tests.participants.test_list import _counts, _names

S = AccreditationStatus
PAGE_SIZE = 3


@pytest.fixture
def small_pages(app):
    app.config.update(PARTICIPANTS_PAGE_SIZE=PAGE_SIZE)


def _more(build, world, n: int) -> None:
    for i in range(n):
        build.registration(world.meeting, ["IN", "TR", "KZ"][i % 3], role=RegistrationRole.ADVISER)


def _pages(client, url: str) -> list[list[str]]:
    pages = []
    while url:
        body = client.get(url).get_data(as_text=True)
        pages.append(_names(body))
        following = re.search(r'<a rel="next" href="([^"]+)"', body)
        url = following.group(1).replace("&amp;", "&") if following else None
    return pages


def test_a_page_of_participants_costs_the_same_queries_for_three_times_the_rows(
        client, auth, world, build, small_pages, count_queries):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/participants"
    _more(build, world, 1)  # N = 4 rows
    client.get(url)
    with count_queries() as few:
        client.get(url)
    _more(build, world, 8)  # 3N = 12 rows
    with count_queries() as many:
        body = client.get(url).get_data(as_text=True)
    assert many.count == few.count
    assert len(_names(body)) == PAGE_SIZE
    assert _counts(body)[0] == "12 participants"  # the counts are of the whole list, not the page
    assert "Page 1 of 4" in body


def test_the_pages_follow_the_collated_order_of_the_whole_list(client, auth, world, build, app, small_pages):
    auth.login(UserRole.ORGANIZER)
    _more(build, world, 7)
    url = f"/meetings/{world.meeting.id}/participants?role=adviser"
    pages = _pages(client, url)
    app.config.update(PARTICIPANTS_PAGE_SIZE=1000)
    whole = _names(client.get(url).get_data(as_text=True))
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [name for page in pages for name in page] == whole


def test_all_matching_the_filters_acts_on_every_page(client, auth, world, build, small_pages):
    auth.login(UserRole.ORGANIZER)
    _more(build, world, 6)
    build.move(world.cn_head, S.DECLINED)  # not matched by the filter: stays as it is
    url = f"/meetings/{world.meeting.id}/participants?status=registered&page=2"
    body = client.get(url).get_data(as_text=True)
    assert "All 3 shown" in body and "All 8 matching the filters, on every page" in body
    action = re.search(r'<form id="bulk"[^>]* action="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert action == f"/meetings/{world.meeting.id}/participants/bulk?status=registered&page=2"

    response = client.post(action, data={"action": "accredit", "all_matching": "y"})

    # Back to where the organizer was: page 2 of registered participants, now past the end of an
    # empty list, so the list answers with its first page.
    assert response.headers["Location"] == f"/meetings/{world.meeting.id}/participants?status=registered&page=2"
    moved = client.get(response.headers["Location"])
    assert moved.status_code == 302
    assert moved.headers["Location"] == f"/meetings/{world.meeting.id}/participants?status=registered"
    assert "8 participants accredited." in client.get(moved.headers["Location"]).get_data(as_text=True)
    statuses = db.session.scalars(db.select(Registration.status).where(
        Registration.meeting_id == world.meeting.id)).all()
    assert sorted(s.value for s in statuses) == ["accredited"] * 8 + ["declined"]


def test_all_shown_on_a_page_takes_that_page_only(client, auth, world, build, small_pages):
    auth.login(UserRole.ORGANIZER)
    _more(build, world, 3)  # two pages
    body = client.get(f"/meetings/{world.meeting.id}/participants?page=2").get_data(as_text=True)
    shown = re.findall(r'<input type="hidden" name="shown" value="(\d+)">', body)
    assert len(shown) == 3
    response = client.post(f"/meetings/{world.meeting.id}/participants/bulk?page=2",
                           data={"action": "accredit", "all": "y", "shown": shown})
    assert response.headers["Location"] == f"/meetings/{world.meeting.id}/participants?page=2"
    statuses = db.session.scalars(db.select(Registration.status).where(
        Registration.meeting_id == world.meeting.id)).all()
    assert sorted(s.value for s in statuses) == ["accredited"] * 3 + ["registered"] * 3


def test_a_change_of_one_row_comes_back_to_its_page(client, auth, world, build, small_pages):
    auth.login(UserRole.ORGANIZER)
    _more(build, world, 3)
    body = client.get(f"/meetings/{world.meeting.id}/participants?page=2").get_data(as_text=True)
    action = re.search(r'action="(/meetings/\d+/participants/\d+/status[^"]*)"', body).group(1)
    assert action.endswith("?page=2")
    response = client.post(action, data={"status": "accredited"})
    assert response.headers["Location"] == f"/meetings/{world.meeting.id}/participants?page=2"


def test_a_page_number_that_is_none_is_a_400(client, auth, world, small_pages):
    auth.login(UserRole.ORGANIZER)
    assert client.get(f"/meetings/{world.meeting.id}/participants?page=abc").status_code == 400
    response = client.get(f"/meetings/{world.meeting.id}/participants?role=delegate&page=99999999999999")
    assert response.headers["Location"] == f"/meetings/{world.meeting.id}/participants?role=delegate"
