"""A meeting with two invited parties (Kazakhstan and China), each with registered people whose
personal data is filled in, and builders for more."""

from dataclasses import dataclass
from datetime import date

import pytest

from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    Delegation,
    Meeting,
    Person,
    Registration,
    RegistrationRole,
)

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


def add_registration(meeting, delegation, person, role=RegistrationRole.DELEGATE,
                     status=AccreditationStatus.REGISTERED, **fields) -> Registration:
    registration = Registration(meeting_id=meeting.id, person_id=person.id, delegation_id=delegation.id if delegation else None,
                                role=role, status=status, **fields)
    db.session.add(registration)
    db.session.commit()
    return registration


@pytest.fixture
def world(build) -> World:
    meeting = build.meeting(registration_deadline=date(2099, 1, 1))
    kz_party, cn_party = build.party("KZ"), build.party("CN")
    kz = Delegation(meeting_id=meeting.id, party_id=kz_party.id)
    cn = Delegation(meeting_id=meeting.id, party_id=cn_party.id)
    db.session.add_all([kz, cn])
    db.session.commit()

    def person(party, family, given, passport, **fields) -> Person:
        return build.person(party_id=party.id, family_name=family, given_names=given, passport_number=passport,
                            phone="+7 700 000 0000", nationality="Nationality-" + family,
                            date_of_birth=date(1971, 3, 4), passport_expiry=date(2031, 5, 6), **fields)

    kz_head = add_registration(meeting, kz, person(kz_party, "Abenov", "Nurlan", PASSPORT_KZ),
                               RegistrationRole.HEAD_OF_DELEGATION, ministerial_level=True)
    kz_delegate = add_registration(meeting, kz, person(kz_party, "Seitkali", "Daniyar", "N33334444"))
    cn_head = add_registration(meeting, cn, person(cn_party, "Zhang", "Wei", PASSPORT_CN),
                               RegistrationRole.HEAD_OF_DELEGATION)
    kz.head_id, cn.head_id = kz_head.person_id, cn_head.person_id
    db.session.commit()
    return World(meeting, kz, cn, kz_head, kz_delegate, cn_head)
