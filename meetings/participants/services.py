"""Participants: who may see and change what, the accreditation workflow, delegations and people.

Every way in (pages, CSV import, demo) goes through these functions; they own the commit.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from meetings import audit
from meetings.collation import collation_key
from meetings.extensions import db
from meetings.i18n import localized
from meetings.labels import LABELS
from meetings.models import (
    AccreditationStatus,
    Delegation,
    DelegationReply,
    Meeting,
    Party,
    PartyKind,
    Person,
    Registration,
    RegistrationRole,
    User,
    UserRole,
    utcnow,
)
from meetings.text import without_control_characters
from meetings.timeutil import local_dates, to_local
from meetings.visibility import get_visible_meeting

S = AccreditationStatus

# The accreditation workflow, in one place. Attendance is a recorded fact, so ATTENDED is final;
# a declined or cancelled registration may be re-opened by an organizer.
TRANSITIONS: dict[AccreditationStatus, frozenset[AccreditationStatus]] = {
    S.INVITED: frozenset({S.REGISTERED, S.DECLINED, S.CANCELLED}),
    S.REGISTERED: frozenset({S.ACCREDITED, S.DECLINED, S.CANCELLED}),
    S.ACCREDITED: frozenset({S.ATTENDED, S.CANCELLED}),
    S.ATTENDED: frozenset(),
    S.DECLINED: frozenset({S.INVITED, S.REGISTERED}),
    S.CANCELLED: frozenset({S.INVITED, S.REGISTERED}),
}
# A focal point registers, declines or cancels their own people before accreditation; only
# organizers accredit, record attendance and re-open.
FOCAL_POINT_SOURCES = frozenset({S.INVITED, S.REGISTERED})
FOCAL_POINT_TARGETS = frozenset({S.REGISTERED, S.DECLINED, S.CANCELLED})
# Roles a focal point may give; Secretariat, interpreters, press and guests are the Secretariat's.
FOCAL_POINT_ROLES = (RegistrationRole.HEAD_OF_DELEGATION, RegistrationRole.DELEGATE, RegistrationRole.ADVISER)
ACTIVE = frozenset({S.INVITED, S.REGISTERED, S.ACCREDITED, S.ATTENDED})
ROLE_ORDER = {role: i for i, role in enumerate(RegistrationRole)}

# Personal data: Secretariat roles only, in every page and export.
PRIVATE_FIELDS = ("phone", "passport_number", "passport_expiry", "nationality", "date_of_birth")


class WorkflowError(Exception):
    """A change the rules refuse; ``str()`` gives the message for the user, translated when shown
    (lazily, so services also run without a request: CLI, import, tests)."""

    def __str__(self) -> str:
        return str(self.args[0])


# --- sorting ---------------------------------------------------------------------------------

def sort_parties(parties, lang: str) -> list:
    return sorted(parties, key=lambda p: collation_key(str(localized(p, "name", lang)), lang))


def normalised_name(family_name: str, given_names: str) -> str:
    """For spotting the same person typed twice: case, accents, ё and spacing ignored."""
    text = f"{family_name} {given_names}".casefold().replace("ё", "е")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


# --- access ----------------------------------------------------------------------------------

@dataclass
class Access:
    """A user's view of one meeting's participants: all of them, or one party's delegation."""

    meeting: Meeting
    user: User
    delegation: Delegation | None = None  # set for a focal point: the only delegation they see

    @property
    def is_secretariat(self) -> bool:
        return self.user.is_secretariat

    @property
    def can_manage(self) -> bool:
        return self.user.is_organizer

    @property
    def can_edit(self) -> bool:
        """Register and edit people now: organizers always, a focal point until the deadline."""
        return self.can_manage or (self.delegation is not None and registration_open(self.meeting))

    @property
    def sees_private(self) -> bool:
        return self.user.is_secretariat


def participants_access(user, meeting_id: int) -> Access:
    """Secretariat roles see every participant; a focal point only their party's delegation of a
    meeting their party is invited to (otherwise 404); other roles 403."""
    meeting = get_visible_meeting(user, meeting_id)
    if user.is_secretariat:
        return Access(meeting, user)
    if user.role is UserRole.FOCAL_POINT and user.party_id is not None:
        delegation = db.session.scalar(
            select(Delegation).where(Delegation.meeting_id == meeting.id, Delegation.party_id == user.party_id)
        )
        if delegation is None:
            abort(404)
        return Access(meeting, user, delegation)
    abort(403)


def registration_deadline(meeting: Meeting) -> date:
    """The last day (in the meeting's zone) focal points may register: the meeting's deadline,
    or its first day when none is set."""
    if meeting.registration_deadline is not None:
        return meeting.registration_deadline
    return local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0]


def registration_open(meeting: Meeting, now=None) -> bool:
    today = to_local(now or utcnow(), meeting.timezone).date()
    return today <= registration_deadline(meeting)


def get_registration(access: Access, registration_id: int) -> Registration:
    """A registration of this meeting that the user may see, or 404."""
    query = (
        select(Registration)
        .where(Registration.id == registration_id, Registration.meeting_id == access.meeting.id)
        .options(joinedload(Registration.person).joinedload(Person.party), joinedload(Registration.delegation))
    )
    if access.delegation is not None:
        query = query.where(Registration.delegation_id == access.delegation.id)
    registration = db.session.scalar(query)
    if registration is None:
        abort(404)
    return registration


def _audit(user, verb: str, obj, meeting_id: int | None, summary: str, changes: dict | None = None) -> None:
    audit.record(user.id if user else None, type(obj).__tablename__, verb, object_id=obj.id, meeting_id=meeting_id,
                 summary=summary, changes=changes)


# --- accreditation workflow ------------------------------------------------------------------

def allowed_transitions(access: Access, registration: Registration) -> list[AccreditationStatus]:
    targets = TRANSITIONS[registration.status]
    if access.can_manage:
        return [s for s in AccreditationStatus if s in targets]
    if access.can_edit and registration.status in FOCAL_POINT_SOURCES:
        return [s for s in AccreditationStatus if s in targets & FOCAL_POINT_TARGETS]
    return []


def _next_badge_number(meeting_id: int) -> int:
    # Lock the meeting row first, so concurrent accreditations on PostgreSQL take turns and each
    # sees the numbers the others committed (SQLite serialises writers anyway). The unique
    # constraint on (meeting, badge) stays as the last line of defence.
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())
    highest = db.session.scalar(
        select(func.max(Registration.badge_number)).where(Registration.meeting_id == meeting_id)
    )
    return (highest or 0) + 1


def change_status(access: Access, registration: Registration, new_status: AccreditationStatus) -> Registration:
    """Move a registration along the workflow; a badge number is issued on first accreditation
    and kept afterwards (a printed badge is never re-used for someone else)."""
    old = registration.status
    if new_status not in allowed_transitions(access, registration):
        raise WorkflowError(_("A registration cannot go from %(old)s to %(new)s.", old=LABELS[old], new=LABELS[new_status]))
    changes = {"status": [old.value, new_status.value]}
    if new_status is S.ACCREDITED and registration.badge_number is None:
        registration.badge_number = _next_badge_number(registration.meeting_id)
        changes["badge_number"] = [None, registration.badge_number]
    registration.status = new_status
    registration.status_changed_at = utcnow()
    registration.status_changed_by_id = access.user.id
    _audit(access.user, "status_changed", registration, registration.meeting_id,
           f"{registration.person.display_name}: {old.value} -> {new_status.value}", changes)
    db.session.commit()
    return registration


# --- registrations ---------------------------------------------------------------------------

PERSON_FIELDS = (
    "honorific", "family_name", "given_names", "printed_name", "printed_name_ru", "position_en", "position_ru",
    "email", "phone", "languages", "dietary_needs", "accessibility_needs",
    "passport_number", "passport_expiry", "nationality", "date_of_birth",
)


def _person_values(data: dict, sees_private: bool) -> dict:
    values = {k: data[k] for k in PERSON_FIELDS if k in data}
    if not sees_private:
        for name in PRIVATE_FIELDS:
            values.pop(name, None)
    if "email" in values:
        values["email"] = (values["email"] or "").strip().lower()
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}


def find_person(party_id: int | None, email: str, family_name: str, given_names: str,
                *, same_party_only: bool = False) -> Person | None:
    """The person already known: same e-mail, else same normalised name and party."""
    email = (email or "").strip().lower()
    if email:
        query = select(Person).where(func.lower(Person.email) == email)
        if same_party_only:
            query = query.where(Person.party_id == party_id)
        person = db.session.scalars(query.order_by(Person.id)).first()
        if person is not None:
            return person
    wanted = normalised_name(family_name, given_names)
    for person in db.session.scalars(select(Person).where(Person.party_id == party_id).order_by(Person.id)):
        if normalised_name(person.family_name, person.given_names) == wanted:
            return person
    return None


def delegation_for(meeting: Meeting, party_id: int | None) -> Delegation | None:
    if party_id is None:
        return None
    return db.session.scalar(
        select(Delegation).where(Delegation.meeting_id == meeting.id, Delegation.party_id == party_id)
    )


def registration_of(meeting: Meeting, person: Person) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.meeting_id == meeting.id, Registration.person_id == person.id)
    )


def _sync_head(delegation: Delegation | None, registration: Registration) -> None:
    """One head per delegation: the registration with that role, mirrored on the delegation."""
    if delegation is None:
        return
    if registration.role is RegistrationRole.HEAD_OF_DELEGATION:
        for other in delegation.registrations:
            if other is not registration and other.role is RegistrationRole.HEAD_OF_DELEGATION:
                other.role = RegistrationRole.DELEGATE
        delegation.head = registration.person
    elif delegation.head_id == registration.person_id:
        delegation.head = None


def register(access: Access, data: dict, *, person: Person | None = None, party_id: int | None = None,
             commit: bool = True) -> Registration:
    """Register a person (known, matched, or new) for the meeting.

    ``data`` holds person fields plus ``role`` and ``ministerial_level``. A focal point's
    registrations always belong to their own delegation and start as registered.
    """
    meeting = access.meeting
    if access.delegation is not None:
        party_id = access.delegation.party_id
        delegation = access.delegation
        if data.get("role") not in FOCAL_POINT_ROLES:
            raise WorkflowError(_("This role is given by the Secretariat."))
    else:
        delegation = delegation_for(meeting, party_id)
    values = _person_values(data, access.sees_private)
    if person is None:
        # A focal point only reuses people of their own party: nothing of other parties leaks.
        person = find_person(party_id, values.get("email", ""), values["family_name"], values["given_names"],
                             same_party_only=access.delegation is not None)
    if person is None:
        person = Person(party_id=party_id, **values)
        db.session.add(person)
        db.session.flush()
        _audit(access.user, "created", person, meeting.id, f"Person {person.display_name}")
    else:
        if registration_of(meeting, person) is not None:
            raise WorkflowError(_("%(name)s is already registered for this meeting.", name=person.display_name))
        for key, value in values.items():
            if value not in ("", None):  # a match fills in; it never blanks what is known
                setattr(person, key, value)
    registration = Registration(
        meeting_id=meeting.id, person=person, delegation=delegation, role=data["role"],
        ministerial_level=bool(data.get("ministerial_level")),
        status=S.REGISTERED if access.delegation is not None else data.get("status", S.REGISTERED),
        status_changed_by_id=access.user.id,
    )
    db.session.add(registration)
    db.session.flush()
    _sync_head(delegation, registration)
    _audit(access.user, "registered", registration, meeting.id, f"{person.display_name} registered",
           {"role": registration.role.value})
    if commit:
        db.session.commit()
    return registration


def apply_registration(access: Access, registration: Registration, data: dict, *, fill_only: bool = False) -> None:
    """Change the person's data and the registration's role (no commit). The edit form shows
    every field, so blanks overwrite; an import only fills in (``fill_only``)."""
    if access.delegation is not None and data.get("role") not in FOCAL_POINT_ROLES:
        raise WorkflowError(_("This role is given by the Secretariat."))
    person = registration.person
    for key, value in _person_values(data, access.sees_private).items():
        if not (fill_only and value in ("", None)):
            setattr(person, key, value)
    registration.role = data["role"]
    registration.ministerial_level = bool(data.get("ministerial_level"))
    _sync_head(registration.delegation, registration)
    _audit(access.user, "edited", registration, access.meeting.id, f"{person.display_name} edited")


def update_registration(access: Access, registration: Registration, data: dict) -> Registration:
    apply_registration(access, registration, data)
    db.session.commit()
    return registration


# --- the list of participants ----------------------------------------------------------------

@dataclass
class ParticipantList:
    rows: list[Registration]
    delegations: int = 0
    ministerial_heads: int = 0
    accredited: int = 0
    parties: list[Party] = field(default_factory=list)  # for the party filter


def participant_list(access: Access, lang: str, *, party_id: int | None = None,
                     role: RegistrationRole | None = None, status: AccreditationStatus | None = None) -> ParticipantList:
    """The rows a user may see, by party (alphabetical in ``lang``), head of delegation first.

    Two queries whatever the number of participants: the registrations with their people and
    parties, and the parties of the filter.
    """
    query = (
        select(Registration)
        .join(Registration.person)
        .outerjoin(Person.party)
        .where(Registration.meeting_id == access.meeting.id)
        .options(contains_eager(Registration.person).contains_eager(Person.party))
    )
    if access.delegation is not None:
        query = query.where(Registration.delegation_id == access.delegation.id)
    if party_id is not None:
        query = query.where(Person.party_id == party_id)
    if role is not None:
        query = query.where(Registration.role == role)
    if status is not None:
        query = query.where(Registration.status == status)
    rows = list(db.session.scalars(query))

    def key(r: Registration):
        party = r.person.party
        party_key = collation_key(str(localized(party, "name", lang)), lang) if party else ((True,),)
        return (party is None, party_key, ROLE_ORDER[r.role],
                collation_key(r.person.family_name, lang), collation_key(r.person.given_names, lang), r.id)

    rows.sort(key=key)
    active = [r for r in rows if r.status in ACTIVE]
    result = ParticipantList(
        rows=rows,
        delegations=len({r.delegation_id for r in active if r.delegation_id is not None}),
        ministerial_heads=sum(1 for r in active if r.role is RegistrationRole.HEAD_OF_DELEGATION and r.ministerial_level),
        accredited=sum(1 for r in rows if r.status in (S.ACCREDITED, S.ATTENDED)),
    )
    parties_query = select(Party).join(Delegation, Delegation.party_id == Party.id).where(
        Delegation.meeting_id == access.meeting.id)
    if access.delegation is not None:
        parties_query = parties_query.where(Party.id == access.delegation.party_id)
    result.parties = sort_parties(db.session.scalars(parties_query).unique(), lang)
    return result


# --- delegations -----------------------------------------------------------------------------

def meeting_delegations(meeting: Meeting, lang: str) -> list[Delegation]:
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.meeting_id == meeting.id).options(
            joinedload(Delegation.party), joinedload(Delegation.head),
            selectinload(Delegation.registrations).joinedload(Registration.person))
    ).unique()
    return sorted(delegations, key=lambda d: collation_key(str(localized(d.party, "name", lang)), lang))


def uninvited_parties(meeting: Meeting, lang: str) -> list[Party]:
    invited = select(Delegation.party_id).where(Delegation.meeting_id == meeting.id)
    return sort_parties(db.session.scalars(select(Party).where(Party.active, Party.id.not_in(invited))), lang)


def invite_parties(meeting: Meeting, parties: list[Party], user) -> int:
    """Invite parties not yet invited; returns how many were newly invited."""
    invited = set(db.session.scalars(select(Delegation.party_id).where(Delegation.meeting_id == meeting.id)))
    new = [Delegation(meeting_id=meeting.id, party_id=p.id) for p in parties if p.id not in invited]
    db.session.add_all(new)
    db.session.flush()
    for delegation, party in zip(new, [p for p in parties if p.id not in invited], strict=True):
        _audit(user, "invited", delegation, meeting.id, f"{party.code} invited")
    db.session.commit()
    return len(new)


def invite_member_states(meeting: Meeting, user) -> int:
    members = db.session.scalars(select(Party).where(Party.kind == PartyKind.MEMBER_STATE, Party.active)).all()
    return invite_parties(meeting, list(members), user)


def update_delegation(meeting: Meeting, delegation: Delegation, reply: DelegationReply,
                      head_person_id: int | None, user) -> Delegation:
    """Record the party's reply and who heads its delegation (one of its registered people)."""
    changes = {}
    if delegation.reply is not reply:
        changes["reply"] = [delegation.reply.value, reply.value]
        delegation.reply = reply
    if head_person_id != delegation.head_id:
        registration = next((r for r in delegation.registrations if r.person_id == head_person_id), None)
        if head_person_id is not None and registration is None:
            raise WorkflowError(_("The head of delegation must be one of its registered people."))
        changes["head_id"] = [delegation.head_id, head_person_id]
        if registration is not None:
            registration.role = RegistrationRole.HEAD_OF_DELEGATION
            _sync_head(delegation, registration)
        else:
            for r in delegation.registrations:
                if r.role is RegistrationRole.HEAD_OF_DELEGATION:
                    r.role = RegistrationRole.DELEGATE
            delegation.head = None
    if changes:
        _audit(user, "edited", delegation, meeting.id, f"Delegation of {delegation.party.code}", changes)
    db.session.commit()
    return delegation


def get_delegation(meeting: Meeting, delegation_id: int) -> Delegation:
    delegation = db.session.scalar(
        select(Delegation).where(Delegation.id == delegation_id, Delegation.meeting_id == meeting.id)
        .options(selectinload(Delegation.registrations))
    )
    if delegation is None:
        abort(404)
    return delegation


# --- parties ---------------------------------------------------------------------------------

def list_parties(lang: str, kind: PartyKind | None = None) -> list[Party]:
    query = select(Party)
    if kind is not None:
        query = query.where(Party.kind == kind)
    return sort_parties(db.session.scalars(query), lang)


def update_party(party: Party, data: dict, user) -> Party:
    changes = {}
    for key in ("name_en", "name_ru", "kind", "joined_year", "active", "language"):
        old, new = getattr(party, key), data[key]
        if old != new:
            changes[key] = [str(old) if old is not None else None, str(new) if new is not None else None]
            setattr(party, key, new)
    if changes:
        _audit(user, "edited", party, None, f"Party {party.code}", changes)
    db.session.commit()
    return party


# --- people ----------------------------------------------------------------------------------

SEARCH_LIMIT = 200


def search_people(q: str) -> list[Person]:
    q = " ".join(without_control_characters(q).split())  # PostgreSQL refuses a NUL in a parameter
    if not q:  # nothing to search for (blank, or only control characters) finds nobody, not everybody
        return []
    pattern = f"%{q.lower()}%"
    terms = [func.lower(Person.email).like(pattern), func.lower(Person.family_name).like(pattern),
             func.lower(Person.given_names).like(pattern), func.lower(Person.printed_name).like(pattern),
             func.lower(Person.given_names + " " + Person.family_name).like(pattern)]
    # SQLite lowers ASCII only: match the text as typed too, so Cyrillic names are found.
    terms += [Person.family_name.contains(q), Person.given_names.contains(q), Person.printed_name.contains(q),
              Person.printed_name_ru.contains(q)]
    query = (select(Person).options(joinedload(Person.party)).where(or_(*terms))
             .order_by(Person.family_name, Person.given_names, Person.id))
    return list(db.session.scalars(query.limit(SEARCH_LIMIT)))


def duplicate_groups() -> dict[int, set[int]]:
    """Person id -> ids of other people that look like the same person (same e-mail, or same
    normalised name and party). One light query over all people."""
    by_key: dict[tuple, set[int]] = defaultdict(set)
    for pid, family, given, party_id, email in db.session.execute(
        select(Person.id, Person.family_name, Person.given_names, Person.party_id, Person.email)
    ):
        if email.strip():
            by_key[("email", email.strip().lower())].add(pid)
        by_key[("name", normalised_name(family, given), party_id)].add(pid)
    duplicates: dict[int, set[int]] = defaultdict(set)
    for ids in by_key.values():
        if len(ids) > 1:
            for pid in ids:
                duplicates[pid] |= ids - {pid}
    return duplicates


def get_person(person_id: int) -> Person:
    person = db.session.scalar(select(Person).where(Person.id == person_id).options(joinedload(Person.party)))
    if person is None:
        abort(404)
    return person


def person_registrations(person: Person) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.person_id == person.id)
        .options(joinedload(Registration.meeting)).join(Registration.meeting).order_by(Meeting.starts_at.desc())
    ))


def update_person(person: Person, data: dict, user) -> Person:
    for key, value in _person_values(data, user.is_secretariat).items():
        setattr(person, key, value)
    if "party_id" in data:
        person.party_id = data["party_id"]
    _audit(user, "edited", person, None, f"Person {person.display_name}")
    db.session.commit()
    return person
