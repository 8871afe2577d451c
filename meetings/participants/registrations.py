"""Registering people for a meeting and editing their registrations.

Every way in (the pages, the CSV import, the API) goes through here, so the rules hold for all:
a focal point registers only people of their own party, with the roles a party gives, until
the registration deadline; the same person is never registered twice for one meeting.
"""

from flask_babel import lazy_gettext as _
from sqlalchemy import select

from meetings import audit
from meetings.domain import NotFoundError
from meetings.extensions import db
from meetings.models import Meeting, Person, Registration, RegistrationRole
from meetings.names import display_name
from meetings.participants.access import Access, require_editable
from meetings.participants.delegations import delegation_for, sync_head
from meetings.participants.inputs import KEEP, RegistrationInput
from meetings.participants.people import (
    check_names,
    find_person,
    get_person,
    new_person_changes,
    person_changes,
    person_values,
    search_people,
)
from meetings.participants.workflow import S, WorkflowError
from meetings.transaction import operation

# Roles a focal point may give; Secretariat, interpreters, press and guests are the Secretariat's.
FOCAL_POINT_ROLES = (RegistrationRole.HEAD_OF_DELEGATION, RegistrationRole.DELEGATE, RegistrationRole.ADVISER)


def registration_of(meeting: Meeting, person: Person) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.meeting_id == meeting.id, Registration.person_id == person.id)
    )


def _may_register(access: Access, person: Person) -> bool:
    """A focal point knows only the people of their own party: anybody else does not exist."""
    return access.delegation is None or person.party_id == access.delegation.party_id


def known_person(access: Access, person_id: int) -> Person:
    """A person already known, to register without typing again; NotFoundError for a focal
    point asking for someone of another party."""
    person = get_person(person_id)
    if not _may_register(access, person):
        raise NotFoundError()
    return person


def candidates(access: Access, q: str) -> list[Person]:
    """People already known who match ``q``: for a focal point, of their own party only."""
    if access.delegation is not None:
        return search_people(q, party_id=access.delegation.party_id)
    return search_people(q)


def _require_role(access: Access, role) -> None:
    if access.delegation is not None and role is not KEEP and role not in FOCAL_POINT_ROLES:
        raise WorkflowError(_("This role is given by the Secretariat."), "role")


@operation
def register(access: Access, value: RegistrationInput, *, person: Person | None = None,
             party_id: int | None = None) -> Registration:
    """Register a person (known, matched, or new) for the meeting.

    ``value`` holds the person's fields, ``role`` (required), ``ministerial_level`` and ``status``.
    A focal point's registrations always belong to their own delegation and start as registered.
    """
    # A known person is named already; anyone else is found or made from the names given.
    for name in ("role",) if person is not None else ("role", "family_name", "given_names"):
        if getattr(value, name) is KEEP:
            raise TypeError(f"register() needs the {name}")
    require_editable(access)
    meeting = access.meeting
    if access.delegation is not None:
        party_id = access.delegation.party_id
        delegation = access.delegation
        _require_role(access, value.role)
        if person is not None and not _may_register(access, person):
            raise NotFoundError()
    else:
        delegation = delegation_for(meeting, party_id)
    values = person_values(value, access.sees_private)
    # A known person's blanks keep their names (a match only fills in).
    check_names(values if person is None else {k: v for k, v in values.items() if v}, person)
    if person is None:
        # A focal point only reuses people of their own party: nothing of other parties leaks.
        person = find_person(party_id, values.get("email", ""), values["family_name"], values["given_names"],
                             family_name_ru=values.get("family_name_ru", ""),
                             given_names_ru=values.get("given_names_ru", ""),
                             same_party_only=access.delegation is not None)
    if person is None:
        person = Person(party_id=party_id, **values)
        db.session.add(person)
        db.session.flush()
        audit.record(access.user, "person", "created", object_id=person.id, meeting_id=meeting.id,
                     summary=f"Person {person.display_name}", changes=new_person_changes(values))
    else:
        if registration_of(meeting, person) is not None:
            raise WorkflowError(_("%(name)s is already registered for this meeting.", name=str(display_name(person))))
        filled = {k: v for k, v in values.items() if v not in ("", None)}  # a match fills in; never blanks
        changes = person_changes(person, filled)
        for key, new in filled.items():
            setattr(person, key, new)
        if changes:
            audit.record(access.user, "person", "edited", object_id=person.id, meeting_id=meeting.id,
                         summary=f"Person {person.display_name}", changes=changes)
    registration = Registration(
        meeting_id=meeting.id, person=person, delegation=delegation, role=value.role,
        ministerial_level=value.ministerial_level is not KEEP and bool(value.ministerial_level),
        status=S.REGISTERED if access.delegation is not None else value.status,
        status_changed_by_id=access.user.id,
    )
    db.session.add(registration)
    db.session.flush()
    sync_head(delegation, registration, access.user)
    audit.record(access.user, "registration", "registered", object_id=registration.id, meeting_id=meeting.id,
                 summary=f"{person.display_name} registered",
                 changes={"role": [None, registration.role.value], "status": [None, registration.status.value],
                          "ministerial_level": [None, registration.ministerial_level]})
    return registration


@operation
def update_registration(access: Access, registration: Registration, value: RegistrationInput, *,
                        fill_only: bool = False) -> Registration:
    """Change the person's data and the registration's role: what ``value`` gives (a field not
    given, KEEP, stays as it is). The edit form gives every field it shows, so blanks overwrite;
    an import only fills in (``fill_only``)."""
    require_editable(access)
    if registration.meeting_id != access.meeting.id or (
            access.delegation is not None and registration.delegation_id != access.delegation.id):
        raise NotFoundError()
    _require_role(access, value.role)
    person = registration.person
    values = {k: v for k, v in person_values(value, access.sees_private).items()
              if not (fill_only and v in ("", None))}
    check_names(values, person)
    role = {k: v for k, v in (("role", value.role), ("ministerial_level", value.ministerial_level)) if v is not KEEP}
    if "ministerial_level" in role:
        role["ministerial_level"] = bool(role["ministerial_level"])
    changes = person_changes(person, values) | audit.diff(registration, role)
    for key, new in values.items():
        setattr(person, key, new)
    for key, new in role.items():
        setattr(registration, key, new)
    sync_head(registration.delegation, registration, access.user)
    if changes:
        audit.record(access.user, "registration", "edited", object_id=registration.id, meeting_id=access.meeting.id,
                     summary=f"{person.display_name} edited", changes=changes)
    return registration
