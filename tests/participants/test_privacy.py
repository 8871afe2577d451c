"""Passport data, date of birth, nationality and phone: Secretariat roles only, everywhere.

Every page is walked by every role and must give that role's one expected answer; the body of
every answer (pages, exports, refusals and redirects alike) is searched for personal data.
"""

import io

import openpyxl
import pytest

from meetings.models import UserRole
from tests.participants.conftest import PASSPORT_CN, PASSPORT_KZ

PHONE = "+7 700 000 0000"
PRIVATE_MARKERS = (PASSPORT_KZ, "1971-03-04", "Nationality-Abenov", PHONE, "2031-05-06")
# What may not even appear as a label or a field name to those who may not see the data.
NEVER_OUTSIDE = (*PRIVATE_MARKERS, PASSPORT_CN, "Passport", "passport_number", "date_of_birth")

PAGES = ("list", "edit", "new_for_person", "csv", "xlsx", "person", "person_edit", "search", "parties", "party")
LOGIN = 302  # anonymous visitors are sent to the login page
# role -> the answer to each page; pages not named answer 200.
ANSWERS = {
    None: {page: LOGIN for page in PAGES if page not in ("parties", "party")},
    UserRole.ADMIN: {},
    UserRole.ORGANIZER: {},
    UserRole.STAFF: {"edit": 403, "new_for_person": 403, "person_edit": 403},  # sees, does not manage
    UserRole.FOCAL_POINT: {"person": 403, "person_edit": 403, "search": 403},  # their delegation only
    UserRole.DELEGATE: {page: 403 for page in PAGES if page not in ("parties", "party")},
}
# For the Secretariat: the personal data each page shows (the list shows the phone only).
SHOWN = {
    "list": {PHONE},
    "edit": set(PRIVATE_MARKERS),
    "new_for_person": set(PRIVATE_MARKERS),
    "csv": {*PRIVATE_MARKERS, PASSPORT_CN},
    "xlsx": {*PRIVATE_MARKERS, PASSPORT_CN},
    "person": set(PRIVATE_MARKERS),
    "person_edit": set(PRIVATE_MARKERS),
    "search": set(),
    "parties": set(),
    "party": set(),
}


def _urls(world) -> dict[str, str]:
    m, registration, person = world.meeting.id, world.kz_head.id, world.kz_head.person_id
    return {
        "list": f"/meetings/{m}/participants",
        "edit": f"/meetings/{m}/participants/{registration}/edit",
        "new_for_person": f"/meetings/{m}/participants/new?person={person}",
        "csv": f"/meetings/{m}/participants.csv",
        "xlsx": f"/meetings/{m}/participants.xlsx",
        "person": f"/people/{person}",
        "person_edit": f"/people/{person}/edit",
        "search": "/people?q=abenov",  # lower case: the name shown is the result, not the query
        "parties": "/parties",
        "party": f"/parties/{world.kz.party_id}",
    }


def _text(page: str, response) -> str:
    """What the answer says, read the way its reader would (the XLSX with a spreadsheet parser)."""
    if page == "xlsx" and response.status_code == 200:
        assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    if page == "csv" and response.status_code == 200:
        assert response.mimetype == "text/csv"
        return response.data.decode("utf-8-sig")
    assert response.mimetype == "text/html", page
    return response.get_data(as_text=True)


def _walk(client, world, role) -> dict[str, str]:
    """Every page, asserted to give this role's expected answer; returns {page: text}."""
    texts = {}
    for page, url in _urls(world).items():
        response = client.get(url)
        expected = ANSWERS[role].get(page, 200)
        assert response.status_code == expected, (role, page, url)
        if expected == LOGIN:
            assert response.headers["Location"].startswith("/login?next="), (page, response.headers["Location"])
        texts[page] = _text(page, response)
    return texts


# A date is a marker in either form: ISO in forms and exports, written out on the person's page.
WRITTEN_DATES = {"1971-03-04": "4 March 1971", "2031-05-06": "6 May 2031"}


def _markers(text: str, markers=NEVER_OUTSIDE) -> set[str]:
    return {marker for marker in markers if marker in text or WRITTEN_DATES.get(marker, marker) in text}


@pytest.mark.parametrize("role", [UserRole.ADMIN, UserRole.ORGANIZER, UserRole.STAFF])
def test_secretariat_sees_personal_data_in_lists_and_exports(client, auth, world, role):
    auth.login(role)
    texts = _walk(client, world, role)
    reached = {page for page in PAGES if ANSWERS[role].get(page, 200) == 200}
    assert {page: _markers(texts[page], (*PRIVATE_MARKERS, PASSPORT_CN)) for page in reached} == {
        page: SHOWN[page] for page in reached
    }
    for page in ("list", "csv", "xlsx"):  # both delegations
        assert _names(texts[page], "Abenov") and _names(texts[page], "Zhang"), page
    for page in {"edit", "new_for_person", "person", "person_edit", "search"} & reached:
        assert _names(texts[page], "Abenov"), page
    for page in set(PAGES) - reached:  # a refusal shows nothing of the person
        assert _markers(texts[page]) == set() and not _names(texts[page], "Abenov"), page


def _names(text: str, family: str) -> bool:
    """The family name as written in lists ("ABENOV, Nurlan") or in running text ("Nurlan Abenov")."""
    return family in text or family.upper() in text


@pytest.mark.parametrize("role", [None, UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_other_roles_never_see_personal_data(client, auth, world, role):
    if role is UserRole.FOCAL_POINT:
        auth.login(role, party_id=world.kz.party_id)
    elif role is not None:
        auth.login(role)
    texts = _walk(client, world, role)
    for page, text in texts.items():
        assert _markers(text) == set(), (role, page)
    participant_pages = ("list", "edit", "new_for_person", "csv", "xlsx")
    for page in participant_pages:
        if role is UserRole.FOCAL_POINT:  # what they do reach is about their own delegation only
            assert _names(texts[page], "Abenov") and not _names(texts[page], "Zhang"), page
        else:
            assert not _names(texts[page], "Abenov") and not _names(texts[page], "Zhang"), page
    for page in ("person", "person_edit", "search"):
        assert not _names(texts[page], "Abenov"), page


def test_focal_point_cannot_write_personal_data(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    response = client.post(f"/meetings/{world.meeting.id}/participants/{world.kz_head.id}/edit", data={
        "family_name": "Abenov", "given_names": "Nurlan", "role": "head_of_delegation",
        "passport_number": "HACKED", "phone": "000", "date_of_birth": "2000-01-01"})
    assert response.status_code == 302
    person = world.kz_head.person
    assert (person.passport_number, person.phone, str(person.date_of_birth)) == (PASSPORT_KZ, "+7 700 000 0000",
                                                                                 "1971-03-04")
