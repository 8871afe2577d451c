"""The logistics lists in pages (meetings/pagination): arrivals and departures and visa letters
of a meeting (paged after their collated sort, like the list of participants) and the roster of
interpreters: at most a page shown, the same queries for N and 3N rows, every row once."""

import re
from datetime import UTC, datetime

import pytest

from meetings.logistics.interpretation import services as interpretation
from meetings.logistics.interpretation.services import InterpreterInput
from meetings.logistics.visas import services as visas
from meetings.logistics.visas.services import LetterInput
from meetings.models import UserRole
from meetings.participants.access import participants_access

PAGE_SIZE = 3


@pytest.fixture
def small_pages(app):
    app.config.update(PAGE_SIZE=PAGE_SIZE, PARTICIPANTS_PAGE_SIZE=PAGE_SIZE)


@pytest.fixture
def meeting(build):
    return build.meeting(starts_at=datetime(2099, 6, 1, 5, 0, tzinfo=UTC))


def _registrations(build, meeting, n: int) -> list:
    return [build.registration(meeting, ["KZ", "IN", "TR"][i % 3]) for i in range(n)]


def _letters(build, meeting, n: int) -> None:
    access = participants_access(build.secretariat, meeting.id)
    for registration in _registrations(build, meeting, n):
        visas.request_letter(access, registration.id, LetterInput(embassy="Embassy in Astana", language="en"))


def _interpreters(build, n: int) -> None:
    for _ in range(n):
        interpretation.save_interpreter(None, InterpreterInput(name="Interpreter", languages="en, ru"),
                                        user=build.secretariat)


LISTS = {
    # url (of the meeting), ids of the rows, how to add n rows
    "arrivals and departures": ("/meetings/{id}/logistics/travel", r'/logistics/travel/(\d+)"',
                                lambda build, meeting, n: _registrations(build, meeting, n)),
    "visa letters": ("/meetings/{id}/logistics/visas", r'href="/people/(\d+)"',
                     lambda build, meeting, n: _letters(build, meeting, n)),
    "interpreters": ("/logistics/interpreters", r'/logistics/interpreters/(\d+)/edit"',
                     lambda build, meeting, n: _interpreters(build, n)),
}


def _ids(pattern: str, body: str) -> list[int]:
    return list(dict.fromkeys(int(i) for i in re.findall(pattern, body)))


@pytest.mark.parametrize("name", LISTS)
def test_a_logistics_list_shows_a_page_in_the_same_queries(client, auth, build, meeting, small_pages,
                                                           count_queries, name):
    url, pattern, grow = LISTS[name]
    url = url.format(id=meeting.id)
    auth.login(UserRole.ORGANIZER)
    grow(build, meeting, PAGE_SIZE + 1)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    grow(build, meeting, 2 * PAGE_SIZE + 2)
    with count_queries() as many:
        body = client.get(url).get_data(as_text=True)
    assert many.count == few.count
    assert len(_ids(pattern, body)) == PAGE_SIZE and "Page 1 of 4" in body

    seen = []
    for page in range(1, 5):
        response = client.get(url + (f"?page={page}" if page > 1 else ""))
        seen += _ids(pattern, response.get_data(as_text=True))
    assert len(seen) == 3 * PAGE_SIZE + 3 and len(set(seen)) == len(seen)  # every row once
    response = client.get(url + "?page=5")
    assert (response.status_code, response.headers["Location"]) == (302, url + "?page=4")
    assert client.get(url + "?page=-1").status_code == 400


def test_the_filters_of_the_arrivals_stay_on_the_pager_links(client, auth, build, meeting, small_pages):
    auth.login(UserRole.ORGANIZER)
    _registrations(build, meeting, 10)  # four of Kazakhstan: two pages
    party = build.party("KZ").id
    body = client.get(f"/meetings/{meeting.id}/logistics/travel?party={party}&missing=arrival").get_data(as_text=True)
    assert f'href="/meetings/{meeting.id}/logistics/travel?party={party}&amp;missing=arrival&amp;page=2"' in body
