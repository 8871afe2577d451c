"""The participants' rules hold in the services themselves, whatever the way in (page, import,
API): called here without any page, they refuse with meetings.domain exceptions and leave
nothing half-written."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from meetings.domain import NotAllowedError, NotFoundError, RuleError
from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AuditEntry,
    DelegationReply,
    Person,
    Registration,
    RegistrationRole,
    UserRole,
    utcnow,
)
from meetings.participants import files, people, services
from meetings.participants.people import WITHHELD
from meetings.timeutil import to_local
from meetings.transaction import transaction

NEW = services.RegistrationInput(family_name="Omarova", given_names="Aigerim", role=RegistrationRole.DELEGATE)


def _people(family_name: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Person).where(Person.family_name == family_name))


def _close_registration(meeting) -> None:
    meeting.registration_deadline = to_local(utcnow(), meeting.timezone).date() - timedelta(days=1)
    db.session.commit()


@pytest.fixture
def focal(world, build):
    return services.participants_access(build.user(UserRole.FOCAL_POINT, party_id=world.kz.party_id), world.meeting.id)


@pytest.fixture
def organizer(world, build):
    return services.participants_access(build.user(UserRole.ORGANIZER), world.meeting.id)


def test_refusals_are_domain_errors():
    assert issubclass(services.WorkflowError, RuleError)
    assert issubclass(services.RegistrationClosedError, RuleError)


def test_who_reaches_the_participants(world, build):
    with pytest.raises(NotAllowedError):
        services.participants_access(build.user(UserRole.DELEGATE), world.meeting.id)
    with pytest.raises(NotFoundError):  # a party not invited: the meeting's participants do not exist for it
        services.participants_access(build.user(UserRole.FOCAL_POINT, party_id=build.party("IN").id), world.meeting.id)
    with pytest.raises(NotFoundError):
        services.participants_access(build.user(UserRole.ORGANIZER), 999999)


def test_a_focal_point_registers_nobody_of_another_party(world, focal):
    zhang = world.cn_head.person
    with pytest.raises(NotFoundError):
        services.register(focal, services.RegistrationInput(family_name="Zhang", given_names="Wei",
                                                           role=RegistrationRole.DELEGATE), person=zhang)
    with pytest.raises(NotFoundError):
        services.known_person(focal, zhang.id)
    assert db.session.scalar(select(func.count()).select_from(Registration)
                             .where(Registration.person_id == zhang.id)) == 1
    # Their own people are theirs to pick.
    assert services.known_person(focal, world.kz_head.person_id) == world.kz_head.person


def test_the_organizer_picks_anybody_and_no_number_is_a_person(world, organizer):
    assert services.known_person(organizer, world.cn_head.person_id) == world.cn_head.person
    for impossible in (0, -1, 2**31, 10**25):
        with pytest.raises(NotFoundError):
            services.known_person(organizer, impossible)


def test_candidates_of_a_focal_point_are_their_partys_in_the_query(world, focal, organizer, build, monkeypatch):
    # A namesake of another party that sorts first must not take the only place in a short list.
    build.person(party_id=world.cn.party_id, family_name="Abenov", given_names="Aaron")
    monkeypatch.setattr(people, "SEARCH_LIMIT", 1)
    assert services.candidates(focal, "Abenov") == [world.kz_head.person]
    assert [p.given_names for p in services.candidates(organizer, "Abenov")] == ["Aaron"]


def test_the_deadline_binds_focal_points_in_the_service(world, focal, organizer, build):
    _close_registration(world.meeting)
    with pytest.raises(services.RegistrationClosedError):
        services.register(focal, NEW)
    with pytest.raises(services.RegistrationClosedError):
        services.update_registration(focal, world.kz_delegate, replace(NEW, family_name="Late"))
    with pytest.raises(services.WorkflowError):  # no status change either
        services.change_status(focal, world.kz_delegate, AccreditationStatus.CANCELLED)
    assert _people("Omarova") == 0 and _people("Late") == 0
    # Staff see but never change, deadline or not; organizers are not bound by it.
    staff = services.participants_access(build.user(UserRole.STAFF), world.meeting.id)
    with pytest.raises(NotAllowedError):
        services.register(staff, NEW, party_id=world.kz.party_id)
    registration = services.register(organizer, NEW, party_id=world.kz.party_id)
    assert (registration.delegation_id, _people("Omarova")) == (world.kz.id, 1)


def test_a_focal_point_edits_only_their_delegation(world, focal):
    with pytest.raises(NotFoundError):
        services.get_registration(focal, world.cn_head.id)
    with pytest.raises(NotFoundError):
        services.update_registration(focal, world.cn_head, services.RegistrationInput(
            family_name="X", given_names="Y", role=RegistrationRole.DELEGATE))
    db.session.refresh(world.cn_head.person)
    assert world.cn_head.person.family_name == "Zhang"
    with pytest.raises(services.WorkflowError) as refused:
        services.update_registration(focal, world.kz_delegate, replace(NEW, role=RegistrationRole.PRESS))
    assert refused.value.field == "role"


def test_a_service_joins_the_callers_transaction(world, organizer):
    """Nothing is committed by a service inside a transaction: the outermost decides."""
    with pytest.raises(RuntimeError), transaction():
        services.register(organizer, NEW, party_id=world.kz.party_id)
        raise RuntimeError("the caller fails after the service succeeded")
    assert _people("Omarova") == 0


def test_an_import_is_one_transaction_and_for_organizers_only(world, focal, organizer):
    rows = [files.ImportRow(2, world.kz.party, NEW),
            files.ImportRow(3, world.kz.party, services.RegistrationInput(family_name="Broken", given_names="Row"))]  # no role
    with pytest.raises(TypeError):
        files.import_rows(organizer, files.ImportCheck(rows=rows))
    assert _people("Omarova") == 0
    with pytest.raises(NotAllowedError):
        files.import_rows(focal, files.ImportCheck(rows=rows[:1]))
    assert files.import_rows(organizer, files.ImportCheck(rows=rows[:1])).created == 1
    assert _people("Omarova") == 1


def _entries(object_type: str, object_id: int, after: int) -> list[AuditEntry]:
    """The audit entries of an object after the entry numbered ``after``."""
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == object_type, AuditEntry.object_id == object_id, AuditEntry.id > after)
        .order_by(AuditEntry.id)))


def test_edits_record_who_and_before_and_after(world, organizer, build):
    user = organizer.user
    # The world was made through the services too: its entries (invited, registered) come first.
    made = db.session.scalar(select(func.max(AuditEntry.id)))
    person = world.kz_delegate.person
    services.update_person(person, services.PersonInput(
        family_name="Seitkali", given_names="Daniyar", position_en="Counsellor", passport_number="N00000001",
        party_id=world.cn.party_id), user)
    (entry,) = _entries("person", person.id, made)
    assert (entry.action, entry.user_id) == ("person.edited", user.id)
    assert entry.changes == {"position_en": ["", "Counsellor"], "passport_number": [WITHHELD, WITHHELD],
                             "party_id": [world.kz.party_id, world.cn.party_id]}
    assert "N33334444" not in str(entry.changes) and "N00000001" not in str(entry.changes)

    services.update_registration(organizer, world.kz_delegate, services.RegistrationInput(
        family_name="Seitkali", given_names="Daniyar", role=RegistrationRole.ADVISER, ministerial_level=True))
    (entry,) = _entries("registration", world.kz_delegate.id, made)
    assert (entry.action, entry.user_id, entry.meeting_id) == ("registration.edited", user.id, world.meeting.id)
    assert entry.changes == {"role": ["delegate", "adviser"], "ministerial_level": [False, True]}

    services.update_delegation(world.meeting, world.kz, DelegationReply.ACCEPTED, world.kz_delegate.person_id, user)
    (entry,) = _entries("delegation", world.kz.id, made)
    assert (entry.action, entry.user_id) == ("delegation.edited", user.id)
    assert entry.changes == {"reply": ["pending", "accepted"],
                             "head_id": [world.kz_head.person_id, world.kz_delegate.person_id]}

    un, th = build.party("UN"), build.party("TH")
    th.active = False
    assert services.invite_parties(world.meeting, [un, un, th], user) == 1  # once; an inactive party never
    assert services.delegation_for(world.meeting, th.id) is None
    (entry,) = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delegation.invited",
                                                           AuditEntry.id > made))
    assert (entry.user_id, entry.meeting_id, entry.changes) == (user.id, world.meeting.id, {"party_id": [None, un.id]})


def test_a_head_of_delegation_is_one_of_its_people(world, organizer):
    with pytest.raises(services.WorkflowError) as refused:
        services.update_delegation(world.meeting, world.kz, DelegationReply.ACCEPTED, world.cn_head.person_id,
                                   organizer.user)
    assert refused.value.field == "head"
    db.session.refresh(world.kz)
    assert (world.kz.reply, world.kz.head_id) == (DelegationReply.PENDING, world.kz_head.person_id)


def test_a_field_not_given_stays_as_it_is(world, organizer):
    """KEEP: an input leaves out what its caller does not give (a focal point's form has no
    personal data; an edit may leave the role), and the service leaves that as it is."""
    registration = world.kz_delegate
    services.update_registration(organizer, registration, services.RegistrationInput(
        family_name="Seitkali", given_names="Daniyar", position_en="Counsellor"))
    db.session.refresh(registration.person)
    assert (registration.person.position_en, registration.person.passport_number) == ("Counsellor", "N33334444")
    assert (registration.role, registration.ministerial_level) == (RegistrationRole.DELEGATE, False)
    services.update_person(registration.person, services.PersonInput(email="  D.Seitkali@MFA.example.KZ "),
                           organizer.user)
    assert (registration.person.email, registration.person.family_name, registration.person.party_id) == (
        "d.seitkali@mfa.example.kz", "Seitkali", world.kz.party_id)
    with pytest.raises(TypeError):  # a new registration needs a role and a name
        services.register(organizer, services.RegistrationInput(family_name="Omarova", given_names="Aigerim"),
                          party_id=world.kz.party_id)
    assert _people("Omarova") == 0


def test_the_inputs_carry_exactly_the_fields_the_services_read():
    """PERSON_FIELDS (what the services read) and the input classes (what forms, import and demo
    give) are two lists: a field added to one only would be dropped without a word."""
    from dataclasses import fields

    from meetings.participants.inputs import PersonInput, RegistrationInput
    from meetings.participants.people import PERSON_FIELDS

    for cls, extra in ((RegistrationInput, {"role", "ministerial_level", "status"}), (PersonInput, {"party_id"})):
        assert {f.name for f in fields(cls)} == set(PERSON_FIELDS) | extra, cls.__name__
