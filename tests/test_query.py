"""The query string is read in one place (meetings/query.py), and no query string is a 500."""

from datetime import date
from enum import StrEnum
from urllib.parse import quote

import pytest
from werkzeug.datastructures import MultiDict

from meetings.models import UserRole
from meetings.query import choice_arg, code_arg, date_arg, int_arg, int_list, int_list_arg
from tests.participants.conftest import world  # noqa: F401 - the fixture

HOSTILE = ["²", "٣", "１２", "-1", "+1", "1e3", "0x10", " ", "\x00", "1\x00", "9" * 40, "2026.0", "NaN", "<b>"]


def test_a_list_of_ids_keeps_the_numbers_in_range_in_order_once_each():
    assert int_list(["7", " 3 ", "7", *HOSTILE, "0", "100", 5, None], 1, 99) == [7, 3]
    assert int_list_arg(MultiDict({"ids": "4,9,4,x,,²,10"}), "ids", 1, 9) == [4, 9]
    assert int_list_arg(MultiDict({"ids": ""}), "ids", 1, 9) == []  # asked for, and none given
    assert int_list_arg(MultiDict(), "ids", 1, 9) is None  # not asked for: no selection


class Colour(StrEnum):
    RED = "red"


@pytest.mark.parametrize("raw", HOSTILE)
def test_helpers_never_raise_and_read_nothing_from_hostile_text(raw):
    args = MultiDict({"n": raw, "d": raw, "c": raw})
    assert int_arg(args, "n", 0, 10**12) is None
    assert date_arg(args, "d") is None
    assert choice_arg(args, "c", Colour) is None
    assert "\x00" not in code_arg(args, "c", 16)


def test_helpers_read_what_a_person_means():
    args = MultiDict({"n": " 2024 ", "d": "2026-02-28", "bad": "2026-02-30", "c": "red", "code": " soc "})
    assert int_arg(args, "n", 1992, 2100) == 2024
    assert int_arg(args, "n", 1992, 2000) is None  # out of range
    assert int_arg(args, "missing", 0, 1) is None
    assert date_arg(args, "d") == date(2026, 2, 28)
    assert date_arg(args, "bad") is None
    assert choice_arg(args, "c", Colour) is Colour.RED
    assert code_arg(args, "code", 16) == "SOC"


@pytest.mark.parametrize("raw", HOSTILE)
@pytest.mark.parametrize("url", ["/calendar?year={}", "/calendar?view=month&month={}", "/calendar?view=list&year={}",
                                 "/api/v1/meetings?year={}", "/api/v1/meetings?from={}"])
def test_numbers_in_calendar_urls_are_a_400_never_a_500(client, seeded, url, raw):
    response = client.get(url.format(quote(raw)))
    assert response.status_code == (200 if raw == " " else 400), response.get_data(as_text=True)[:300]


def test_a_bad_api_filter_answers_json(client, seeded):
    response = client.get("/api/v1/meetings?year=²")
    assert (response.status_code, response.json["status"]) == (400, 400)


@pytest.mark.parametrize("query", ["meeting_id=1", "_method=PUT", "_external=1&_scheme=https", "_anchor=x",
                                   "registration_id=99", "party=²&role=nobody&status=%00"])
def test_participants_links_and_redirects_carry_only_the_list_filters(client, auth, world, query):  # noqa: F811
    auth.login(UserRole.ORGANIZER)
    base = f"/meetings/{world.meeting.id}/participants"
    page = client.get(f"{base}?{query}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert f'href="{base}.csv"' in body and f'href="{base}.xlsx"' in body
    response = client.post(f"{base}/{world.kz_delegate.id}/status?{query}", data={"status": "accredited"})
    assert (response.status_code, response.location) == (302, base)


def test_participants_filters_survive_a_status_change(client, auth, world):  # noqa: F811
    auth.login(UserRole.ORGANIZER)
    base = f"/meetings/{world.meeting.id}/participants"
    party = world.kz.party_id
    body = client.get(f"{base}?party={party}&status=registered&role=delegate").get_data(as_text=True)
    assert f'href="{base}.csv?party={party}&amp;role=delegate&amp;status=registered"' in body
    response = client.post(f"{base}/{world.kz_delegate.id}/status?party={party}&status=registered&role=delegate",
                           data={"status": "accredited"})
    assert response.location == f"{base}?party={party}&role=delegate&status=registered"
