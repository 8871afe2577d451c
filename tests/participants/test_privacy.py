"""Passport data, date of birth, nationality and phone: Secretariat roles only, everywhere."""

import io

import openpyxl
import pytest

from meetings.models import UserRole
from tests.participants.conftest import PASSPORT_CN, PASSPORT_KZ

PRIVATE_MARKERS = (PASSPORT_KZ, "1971-03-04", "Nationality-Abenov", "+7 700 000 0000", "2031-05-06")


def _texts(client, world):
    m = world.meeting.id
    pages = {url: client.get(url) for url in (
        f"/meetings/{m}/participants", f"/meetings/{m}/participants/{world.kz_head.id}/edit",
        f"/meetings/{m}/participants/new?person={world.kz_head.person_id}",
        f"/meetings/{m}/participants.csv", f"/meetings/{m}/participants.xlsx",
        f"/people/{world.kz_head.person_id}", f"/people/{world.kz_head.person_id}/edit", "/people?q=Abenov",
        "/parties", f"/parties/{world.kz.party_id}",
    )}
    texts = {}
    for url, response in pages.items():
        if response.status_code != 200:
            continue
        if url.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
            texts[url] = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
        else:
            texts[url] = response.data.decode("utf-8-sig")
    return texts


@pytest.mark.parametrize("role", [UserRole.ADMIN, UserRole.ORGANIZER, UserRole.STAFF])
def test_secretariat_sees_personal_data_in_lists_and_exports(client, auth, world, role):
    auth.login(role)
    texts = _texts(client, world)
    m = world.meeting.id
    for url in (f"/meetings/{m}/participants.csv", f"/meetings/{m}/participants.xlsx",
                f"/people/{world.kz_head.person_id}"):
        for marker in PRIVATE_MARKERS:
            assert marker in texts[url], (url, marker)
    assert PASSPORT_CN in texts[f"/meetings/{m}/participants.csv"]


@pytest.mark.parametrize("role", [None, UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_other_roles_never_see_personal_data(client, auth, world, role):
    if role is UserRole.FOCAL_POINT:
        auth.login(role, party_id=world.kz.party_id)
    elif role is not None:
        auth.login(role)
    texts = _texts(client, world)
    if role is UserRole.FOCAL_POINT:  # the pages they do reach, checked to be there
        m = world.meeting.id
        assert {f"/meetings/{m}/participants", f"/meetings/{m}/participants.csv", f"/meetings/{m}/participants.xlsx",
                f"/meetings/{m}/participants/{world.kz_head.id}/edit"} <= set(texts)
        assert "Abenov" in texts[f"/meetings/{m}/participants.csv"]
    for url, text in texts.items():
        for marker in (*PRIVATE_MARKERS, PASSPORT_CN, "Passport", "passport_number", "date_of_birth"):
            assert marker not in text, (url, marker)


def test_focal_point_cannot_write_personal_data(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    response = client.post(f"/meetings/{world.meeting.id}/participants/{world.kz_head.id}/edit", data={
        "family_name": "Abenov", "given_names": "Nurlan", "role": "head_of_delegation",
        "passport_number": "HACKED", "phone": "000", "date_of_birth": "2000-01-01"})
    assert response.status_code == 302
    person = world.kz_head.person
    assert (person.passport_number, person.phone, str(person.date_of_birth)) == (PASSPORT_KZ, "+7 700 000 0000",
                                                                                 "1971-03-04")
