"""What the focal point's desk shows: their party's invitations to meetings to come, each
delegation's members with their status and what is still missing, and the party's calendar
addresses. Only ever about the focal point's own party; read in a fixed number of queries
however many invitations and people there are.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from meetings.domain import NotAllowedError
from meetings.extensions import db
from meetings.models import (
    Delegation,
    FeedToken,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Person,
    Registration,
    RegistrationRole,
    Travel,
    TravelDirection,
    User,
    UserRole,
    VisaLetter,
    VisaLetterStatus,
)
from meetings.names import display_name, name_key
from meetings.participants.access import registration_deadline, registration_open
from meetings.participants.listing import ROLE_ORDER
from meetings.participants.photos import photo_times
from meetings.participants.workflow import ACTIVE
from meetings.security import mark_private
from meetings.visibility import visible_meetings_clause

# What may still be missing for a member of a delegation (the template says each in words).
PASSPORT, ARRIVAL, PHOTO = "passport", "arrival", "photo"


@dataclass
class Member:
    registration: Registration
    person: Person
    photo_taken: datetime | None
    visa: VisaLetterStatus | None  # the letter asked for them, unless cancelled
    missing: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.registration.status in ACTIVE


@dataclass
class Invitation:
    delegation: Delegation
    meeting: Meeting
    deadline: date  # the last day (meeting's zone) the party may register and reply
    open: bool
    members: list[Member]

    @property
    def travels(self) -> bool:
        """Whether people come in person: arrivals, visas and badges concern them."""
        return self.meeting.format is not MeetingFormat.ONLINE

    @property
    def active_members(self) -> list[Member]:
        return [m for m in self.members if m.active]

    @property
    def missing(self) -> int:
        return sum(len(m.missing) for m in self.members)


@dataclass
class PartyDesk:
    invitations: list[Invitation]
    tokens: list[FeedToken]  # the party's active calendar addresses

    @property
    def missing(self) -> int:
        return sum(i.missing for i in self.invitations)


def require_focal_point(user) -> None:
    """The desk is a focal point's (of a party); anyone else is refused before anything is read."""
    if user.role is not UserRole.FOCAL_POINT or user.party_id is None:
        raise NotAllowedError()
    mark_private()  # the party's people


def missing_items(member: Member, meeting: Meeting, has_arrival: bool) -> list[str]:
    """What the Secretariat still needs for a member coming in person: passport data for a visa
    letter (one was asked for, or the meeting is abroad for them), their arrival, a badge photo."""
    if member.registration.status not in ACTIVE or meeting.format is MeetingFormat.ONLINE:
        return []
    missing = []
    person = member.person
    abroad = meeting.host_party_id is not None and meeting.host_party_id != person.party_id
    if (member.visa is not None or abroad) and not (person.passport_number.strip() and person.passport_expiry):
        missing.append(PASSPORT)
    if not has_arrival:
        missing.append(ARRIVAL)
    if member.photo_taken is None:
        missing.append(PHOTO)
    return missing


def _member_order(lang: str):
    def key(member: Member):
        r = member.registration
        return (r.status not in ACTIVE, r.role is not RegistrationRole.HEAD_OF_DELEGATION, ROLE_ORDER[r.role],
                name_key(member.person, lang), member.person.id)
    return key


def party_desk(user: User, lang: str, now: datetime) -> PartyDesk:
    """The desk of ``user``, a focal point: their party's invitations to meetings not yet over
    (nor cancelled) that they may see, soonest first."""
    require_focal_point(user)
    delegations = list(db.session.scalars(
        select(Delegation).join(Delegation.meeting)
        .where(Delegation.party_id == user.party_id, visible_meetings_clause(user), Meeting.ends_at >= now,
               Meeting.status != MeetingStatus.CANCELLED)
        .options(contains_eager(Delegation.meeting),
                 selectinload(Delegation.registrations).joinedload(Registration.person))
        .order_by(Meeting.starts_at, Meeting.id)
    ).unique())
    registrations = [r for d in delegations for r in d.registrations]
    ids = [r.id for r in registrations]
    arrivals = set(db.session.scalars(
        select(Travel.registration_id).where(Travel.registration_id.in_(ids),
                                             Travel.direction == TravelDirection.ARRIVAL))) if ids else set()
    visas = dict(db.session.execute(
        select(VisaLetter.registration_id, VisaLetter.status).where(
            VisaLetter.registration_id.in_(ids), VisaLetter.status != VisaLetterStatus.CANCELLED)).all()) if ids else {}
    photos = photo_times(r.person_id for r in registrations)
    invitations = []
    for delegation in delegations:
        meeting = delegation.meeting
        members = []
        for r in delegation.registrations:
            member = Member(r, r.person, photos.get(r.person_id), visas.get(r.id))
            member.missing = missing_items(member, meeting, r.id in arrivals)
            members.append(member)
        members.sort(key=_member_order(lang))
        invitations.append(Invitation(delegation, meeting, registration_deadline(meeting),
                                      registration_open(meeting, now), members))
    tokens = list(db.session.scalars(
        select(FeedToken).where(FeedToken.party_id == user.party_id, FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.created_at, FeedToken.id)))
    return PartyDesk(invitations, tokens)


def head_choices(delegation: Delegation) -> list[tuple[int, str]]:
    """Who may head the delegation: its people taking part (and the present head, whatever)."""
    return [(r.person_id, str(display_name(r.person))) for r in delegation.registrations
            if r.status in ACTIVE or r.person_id == delegation.head_id]
