"""The list of a meeting's participants, as each user may see it, with its counts."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from meetings.collation import collation_key
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import AccreditationStatus, Delegation, Party, Person, Registration, RegistrationRole
from meetings.names import name_key
from meetings.participants.access import Access
from meetings.participants.parties import sort_parties
from meetings.participants.workflow import ACTIVE, S

ROLE_ORDER = {role: i for i, role in enumerate(RegistrationRole)}


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
        return (party is None, party_key, ROLE_ORDER[r.role], name_key(r.person, lang), r.id)

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
