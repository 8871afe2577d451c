"""Delegations: which parties are invited to a meeting, their replies, and one head each."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from meetings import audit
from meetings.collation import collation_key
from meetings.domain import NotAllowedError, NotFoundError
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    Delegation,
    DelegationLevel,
    DelegationReply,
    Meeting,
    Party,
    PartyKind,
    Registration,
    RegistrationRole,
)
from meetings.notifications import notices
from meetings.participants.access import Access, require_editable
from meetings.participants.inputs import KEEP, Keep
from meetings.participants.parties import sort_parties
from meetings.participants.workflow import COMING, S, WorkflowError
from meetings.transaction import operation


def delegation_for(meeting: Meeting, party_id: int | None) -> Delegation | None:
    if party_id is None:
        return None
    return db.session.scalar(
        select(Delegation).where(Delegation.meeting_id == meeting.id, Delegation.party_id == party_id)
    )


def get_delegation(meeting: Meeting, delegation_id: int) -> Delegation:
    """A delegation of this meeting, or NotFoundError."""
    delegation = db.session.scalar(
        select(Delegation).where(Delegation.id == delegation_id, Delegation.meeting_id == meeting.id)
        .options(selectinload(Delegation.registrations))
    )
    if delegation is None:
        raise NotFoundError()
    return delegation


def demote_head(registration: Registration, user) -> None:
    """The former head of delegation becomes a delegate: a change of their registration, recorded."""
    audit.record(user, "registration", "edited", object_id=registration.id, meeting_id=registration.meeting_id,
                 summary=f"{registration.person.display_name}: no longer head of delegation",
                 changes={"role": [registration.role.value, RegistrationRole.DELEGATE.value]})
    registration.role = RegistrationRole.DELEGATE


def sync_head(delegation: Delegation | None, registration: Registration, user) -> None:
    """One head per delegation: the registration with that role, mirrored on the delegation
    (the mirror is derived, so only the registrations' roles are recorded)."""
    if delegation is None:
        return
    if registration.role is RegistrationRole.HEAD_OF_DELEGATION:
        for other in delegation.registrations:
            if other is not registration and other.role is RegistrationRole.HEAD_OF_DELEGATION:
                demote_head(other, user)
        delegation.head = registration.person
    elif delegation.head_id == registration.person_id:
        delegation.head = None


def meeting_delegations(meeting: Meeting, lang: str) -> list[Delegation]:
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.meeting_id == meeting.id).options(
            joinedload(Delegation.party), joinedload(Delegation.head),
            selectinload(Delegation.registrations).joinedload(Registration.person))
    ).unique()
    return sorted(delegations, key=lambda d: collation_key(str(localized(d.party, "name", lang)), lang))


@dataclass
class DelegationRow:
    delegation: Delegation
    registered: int  # people whose coming is known: registered, accredited or attended
    accredited: int  # accredited or attended (a badge issued)


@dataclass
class DelegationTable:
    """The delegations page: one row per invited party, and the totals under it."""

    rows: list[DelegationRow]

    @property
    def invited(self) -> int:
        return len(self.rows)

    def replied(self, reply: DelegationReply | None = None) -> int:
        """Parties that replied (``reply``: that way)."""
        return sum(1 for row in self.rows if row.delegation.reply is not DelegationReply.PENDING
                   and reply in (None, row.delegation.reply))

    @property
    def registered(self) -> int:
        return sum(row.registered for row in self.rows)

    @property
    def accredited(self) -> int:
        return sum(row.accredited for row in self.rows)


def delegation_table(meeting: Meeting, lang: str) -> DelegationTable:
    """The meeting's delegations with their counts, in the queries of meeting_delegations (the
    registrations are loaded with them, so counting adds none)."""
    return DelegationTable([
        DelegationRow(d, registered=sum(1 for r in d.registrations if r.status in COMING),
                      accredited=sum(1 for r in d.registrations if r.status in (S.ACCREDITED, S.ATTENDED)))
        for d in meeting_delegations(meeting, lang)])


def uninvited_parties(meeting: Meeting, lang: str) -> list[Party]:
    invited = select(Delegation.party_id).where(Delegation.meeting_id == meeting.id)
    return sort_parties(db.session.scalars(select(Party).where(Party.active, Party.id.not_in(invited))), lang)


@operation
def invite_parties(meeting: Meeting, parties: list[Party], user) -> int:
    """Invite the active parties not yet invited (the page offers no others, nor may any other
    way in); returns how many were newly invited."""
    invited = set(db.session.scalars(select(Delegation.party_id).where(Delegation.meeting_id == meeting.id)))
    chosen = list({p.id: p for p in parties if p.active and p.id not in invited}.values())
    new = [Delegation(meeting_id=meeting.id, party_id=p.id) for p in chosen]
    db.session.add_all(new)
    db.session.flush()
    for delegation, party in zip(new, chosen, strict=True):
        audit.record(user, "delegation", "invited", object_id=delegation.id, meeting_id=meeting.id,
                     summary=f"{party.code} invited", changes={"party_id": [None, party.id]})
    notices.queue_party_invitations(meeting, new)  # each party's focal points, by e-mail
    return len(new)


@operation
def invite_member_states(meeting: Meeting, user) -> int:
    members = db.session.scalars(select(Party).where(Party.kind == PartyKind.MEMBER_STATE, Party.active)).all()
    return invite_parties(meeting, list(members), user)


@operation
def update_delegation(meeting: Meeting, delegation: Delegation, reply: DelegationReply,
                      head_person_id: int | None, user, *, level: DelegationLevel | None | Keep = KEEP) -> Delegation:
    """Record the party's reply and who heads its delegation (one of its registered people), and
    at which level (``level`` not given: it stays as it is)."""
    if delegation.meeting_id != meeting.id:
        raise NotFoundError()
    values = {"reply": reply, "head_id": head_person_id} | ({} if level is KEEP else {"level": level})
    changes = audit.diff(delegation, values)
    delegation.reply = reply
    if level is not KEEP:
        delegation.level = level
    if "head_id" in changes:
        registration = next((r for r in delegation.registrations if r.person_id == head_person_id), None)
        if head_person_id is not None and registration is None:
            raise WorkflowError(_("The head of delegation must be one of its registered people."), "head")
        if registration is not None:
            if registration.role is not RegistrationRole.HEAD_OF_DELEGATION:
                audit.record(user, "registration", "edited", object_id=registration.id, meeting_id=meeting.id,
                             summary=f"{registration.person.display_name}: head of delegation",
                             changes={"role": [registration.role.value, RegistrationRole.HEAD_OF_DELEGATION.value]})
            registration.role = RegistrationRole.HEAD_OF_DELEGATION
            sync_head(delegation, registration, user)
        else:
            for r in delegation.registrations:
                if r.role is RegistrationRole.HEAD_OF_DELEGATION:
                    demote_head(r, user)
            delegation.head = None
    if changes:
        audit.record(user, "delegation", "edited", object_id=delegation.id, meeting_id=meeting.id,
                     summary=f"Delegation of {delegation.party.code}", changes=changes)
    return delegation


@operation
def reply_for_party(access: Access, reply: DelegationReply, head_person_id: int | None,
                    level: DelegationLevel | None) -> Delegation:
    """A focal point's reply for their own party's delegation: the organizers' rules
    (update_delegation), until the registration deadline, as for registering people. A reply is
    an acceptance or a refusal; one who accepts says at which level the delegation comes.
    Declining changes no registration: the party's people keep theirs until they are declined
    or cancelled through the workflow, as organizers also do."""
    require_editable(access)
    delegation = access.delegation
    if delegation is None:  # organizers record replies on the delegations page
        raise NotAllowedError()
    if reply is DelegationReply.PENDING:
        raise WorkflowError(_("Accept or decline the invitation."), "reply")
    if reply is DelegationReply.ACCEPTED and level is None:
        raise WorkflowError(_("Choose the level of the delegation."), "level")
    return update_delegation(access.meeting, delegation, reply, head_person_id, access.user, level=level)
