"""Bounded pages (meetings/pagination.py, templates/_macros/pager.html): every list that grows with
the data shows at most a page of it, in a constant number of queries, with a pager whose links
reach every row once; a page number that is none is a 400, one past the end goes to the last page."""

import re
from datetime import timedelta

import pytest

from meetings.models import MeetingStatus, UserRole, utcnow

PAGE_SIZE = 3
MEETING_LINK = re.compile(r'href="/meetings/(\d+)"')
MANAGED_LINK = re.compile(r'href="/manage/meetings/(\d+)/timetable"')
USER_LINK = re.compile(r'<a href="/admin/users/(\d+)">')
VENUE_LINK = re.compile(r'<a href="/manage/venues/(\d+)">')
NAV = re.compile(r'<nav class="pager" aria-label="([^"]+)">(.*?)</nav>', re.S)


@pytest.fixture
def small_pages(app):
    app.config.update(PAGE_SIZE=PAGE_SIZE, HOME_UPCOMING_LIMIT=PAGE_SIZE)


def _meetings(build, n: int, **fields) -> list[int]:
    """``n`` upcoming meetings that all start at the same instant: only the ids can order them, so
    the pages show whether the order is stable (a unique key last)."""
    start = (utcnow() + timedelta(days=40)).replace(hour=4, minute=0, second=0, microsecond=0)
    return [build.meeting(starts_at=start, **fields).id for _ in range(n)]


def _ids(pattern: re.Pattern, body: str) -> list[int]:
    return list(dict.fromkeys(int(found) for found in pattern.findall(body)))


def _every_page(client, url: str, pattern: re.Pattern) -> list[list[int]]:
    """The ids on each page, following the pager's "next" link from ``url`` to the end."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        pages.append(_ids(pattern, body))
        following = re.search(r'<a rel="next" href="([^"]+)"', body)
        url = following.group(1).replace("&amp;", "&") if following else None
    return pages


# --- each bounded page: at most a page, the same queries for N and 3N rows, every row once --------

LISTS = {
    # url, the ids of its rows, who reads it
    "calendar list": ("/calendar?view=list", MEETING_LINK, None),
    "organizers' meetings": ("/manage/meetings", MANAGED_LINK, UserRole.ORGANIZER),
    "users": ("/admin/users", USER_LINK, UserRole.ADMIN),
    "venues": ("/manage/venues", VENUE_LINK, UserRole.ORGANIZER),
}


def _grow(build, name: str, n: int) -> None:
    if name == "users":
        for _ in range(n):
            build.user(UserRole.STAFF)
    elif name == "venues":
        for _ in range(n):
            build.venue(city_en="Astana", rooms=["Hall A"])  # rooms: a collection loaded beside the page
    else:
        _meetings(build, n)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_shows_a_page_in_the_same_queries_however_long(client, auth, build, small_pages, count_queries,
                                                              name):
    url, pattern, role = LISTS[name]
    if role:
        auth.login(role)
    _grow(build, name, PAGE_SIZE + 1)
    client.get(url)  # what a first request loads once per process (translations, templates)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _grow(build, name, 2 * PAGE_SIZE + 2)  # 3N in all
    with count_queries() as many:
        body = client.get(url).get_data(as_text=True)
    assert many.count == few.count
    assert len(_ids(pattern, body)) == PAGE_SIZE

    pages = _every_page(client, url, pattern)
    every = [i for page in pages for i in page]
    assert all(len(page) <= PAGE_SIZE for page in pages) and len(pages) >= 3
    assert len(every) == len(set(every))  # no row on two pages
    assert set(every) == set(_ids(pattern, "".join(client.get(url + ("&" if "?" in url else "?") + f"page={n}")
                                                   .get_data(as_text=True) for n in range(1, len(pages) + 1))))


def test_the_calendar_list_pages_in_date_order_then_by_id(client, build, small_pages):
    later = _meetings(build, 2)
    start = utcnow() + timedelta(days=20)
    sooner = [build.meeting(starts_at=start + timedelta(hours=i)).id for i in range(3)]
    pages = _every_page(client, "/calendar?view=list", MEETING_LINK)
    assert pages == [sooner, later]


def test_the_organizers_meetings_keep_the_status_filter_across_pages(client, auth, build, small_pages):
    auth.login(UserRole.ORGANIZER)
    confirmed = _meetings(build, 4, status=MeetingStatus.CONFIRMED)
    _meetings(build, 2)
    pages = _every_page(client, "/manage/meetings?status=confirmed", MANAGED_LINK)
    assert sorted(i for page in pages for i in page) == confirmed and len(pages) == 2


# --- the front page: a window, not a page ------------------------------------------------------

def test_the_front_page_shows_the_next_meetings_and_links_to_all(client, build, small_pages, count_queries):
    _meetings(build, PAGE_SIZE)
    body = client.get("/").get_data(as_text=True)
    assert "All upcoming meetings" not in body  # nothing more to see
    first = _meetings(build, 1)
    with count_queries() as few:
        client.get("/")
    _meetings(build, 2 * PAGE_SIZE)
    with count_queries() as many:
        body = client.get("/").get_data(as_text=True)
    assert many.count == few.count
    upcoming = body.split('id="upcoming-h"')[1].split('id="recent-h"')[0]
    assert len(_ids(MEETING_LINK, upcoming)) == PAGE_SIZE and first[0] not in _ids(MEETING_LINK, upcoming)
    assert '<a href="/calendar?view=list">All upcoming meetings →</a>' in upcoming


# --- the pager itself ------------------------------------------------------------------------

def test_the_pager_says_where_the_reader_is_in_both_languages(client, build, small_pages):
    _meetings(build, 3 * PAGE_SIZE + 1)  # four pages
    body = client.get("/calendar?view=list&page=2").get_data(as_text=True)
    (label, nav), = NAV.findall(body)
    assert label == "Pages of the list"
    assert "Page 2 of 4" in nav and "rows 4–6 of 10" in nav
    assert '<a rel="prev" href="/calendar?view=list">' in nav  # page 1 without ?page=
    assert '<a rel="next" href="/calendar?view=list&amp;page=3">' in nav
    assert re.search(r'<a aria-current="page" href="/calendar\?view=list&amp;page=2">'
                     r'<span class="visually-hidden">Page </span>2</a>', nav)
    assert nav.count("aria-current") == 1

    client.get("/language/ru?next=/")
    body = client.get("/calendar?view=list&page=4").get_data(as_text=True)
    (label, nav), = NAV.findall(body)
    assert label == "Страницы списка"
    assert "Страница 4 из 4" in nav and "строки 10–10 из 10" in nav and "Предыдущая страница" in nav
    assert 'rel="next"' not in nav


def test_a_list_of_one_page_has_no_pager(client, build, small_pages):
    _meetings(build, PAGE_SIZE)
    assert 'class="pager"' not in client.get("/calendar?view=list").get_data(as_text=True)


# --- ?page= as anyone may type it ------------------------------------------------------------

@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "²", "1e3", " ", "2 2", "0x2"])
def test_a_page_number_that_is_none_is_a_400_that_says_so(client, build, small_pages, page):
    _meetings(build, 2 * PAGE_SIZE)
    response = client.get("/calendar", query_string={"view": "list", "page": page})
    if page.strip() == "":
        assert response.status_code == 200  # an empty page= is the first page
        return
    assert response.status_code == 400
    assert "The page number in the address is not valid" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["3", "99999999999999", "9" * 30])
def test_a_page_past_the_end_goes_to_the_last_page_with_the_same_filters(client, auth, build, small_pages, page):
    auth.login(UserRole.ORGANIZER)
    _meetings(build, PAGE_SIZE + 1, status=MeetingStatus.CONFIRMED)
    response = client.get(f"/manage/meetings?status=confirmed&page={page}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/meetings?status=confirmed&page=2"


def test_past_the_end_of_an_empty_list_is_its_first_page(client, auth, build, small_pages):
    auth.login(UserRole.ORGANIZER)
    response = client.get("/manage/meetings?status=held&page=2")
    assert (response.status_code, response.headers["Location"]) == (302, "/manage/meetings?status=held")
