"""A meeting with two invited parties (Kazakhstan and China), each with registered people whose
personal data is filled in. More are made with ``build.registration`` (tests/conftest.py)."""

from dataclasses import dataclass
from datetime import date

import pytest

from meetings.models import Delegation, Meeting, Registration, RegistrationRole

PASSPORT_KZ = "N11112222"
PASSPORT_CN = "E99998888"


@dataclass
class World:
    meeting: Meeting
    kz: Delegation
    cn: Delegation
    kz_head: Registration
    kz_delegate: Registration
    cn_head: Registration


@pytest.fixture
def world(build) -> World:
    meeting = build.meeting(registration_deadline=date(2099, 1, 1))
    kz, cn = build.delegation(meeting, "KZ"), build.delegation(meeting, "CN")

    def person(family, given, passport) -> dict:
        return {"family_name": family, "given_names": given, "passport_number": passport, "phone": "+7 700 000 0000",
                "nationality": "Nationality-" + family, "date_of_birth": date(1971, 3, 4),
                "passport_expiry": date(2031, 5, 6)}

    # Registered by the Secretariat (register makes the people, with their personal data); a head
    # of delegation becomes the delegation's head.
    kz_head = build.registration(meeting, kz.party, role=RegistrationRole.HEAD_OF_DELEGATION, ministerial_level=True,
                                 **person("Abenov", "Nurlan", PASSPORT_KZ))
    kz_delegate = build.registration(meeting, kz.party, **person("Seitkali", "Daniyar", "N33334444"))
    cn_head = build.registration(meeting, cn.party, role=RegistrationRole.HEAD_OF_DELEGATION,
                                 **person("Zhang", "Wei", PASSPORT_CN))
    assert (kz.head_id, cn.head_id) == (kz_head.person_id, cn_head.person_id)
    return World(meeting, kz, cn, kz_head, kz_delegate, cn_head)
