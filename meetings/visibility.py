"""Who may see which meeting: the one rule behind every page, feed, PDF and API answer.

- public: everyone; members: logged-in users of member and observer parties and the Secretariat;
  restricted: Secretariat roles and the meeting's own registered participants.
- Drafts are seen by the Secretariat only.
- A focal point takes part through their party: a restricted meeting their party is invited to
  (it has a Delegation there) is theirs to see, since they register the delegation for it.
"""

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from meetings.domain import NotFoundError
from meetings.extensions import db
from meetings.models import (
    AccreditationStatus,
    AgendaItem,
    Delegation,
    Document,
    Meeting,
    MeetingStatus,
    Party,
    PartyKind,
    Registration,
    UserRole,
    Visibility,
)
from meetings.security import mark_private

# Users speaking for the Secretariat (as a party) count as members too, like its staff accounts.
MEMBER_KINDS = (
    PartyKind.MEMBER_STATE, PartyKind.OBSERVER_STATE, PartyKind.OBSERVER_ORGANISATION, PartyKind.SECRETARIAT
)
# A registration that was declined or cancelled gives no access to a restricted meeting.
ACTIVE_REGISTRATION = (
    AccreditationStatus.INVITED,
    AccreditationStatus.REGISTERED,
    AccreditationStatus.ACCREDITED,
    AccreditationStatus.ATTENDED,
)


def _user_party(user) -> Party | None:
    """The party a user speaks for: a focal point's own, or that of the person a user is."""
    if user.party is not None:
        return user.party
    if user.person is not None:
        return user.person.party
    return None


def _audience_clause(user, level, meeting_id) -> ColumnElement[bool]:
    """Whether ``user`` is in the audience of ``level`` (a visibility column: public, members or
    restricted) for the meeting whose id is ``meeting_id``; drafts aside."""
    public = level == Visibility.PUBLIC
    if user is None or not user.is_authenticated:
        return public
    if user.is_secretariat:
        return true()
    party = _user_party(user)
    is_member = party is not None and party.kind in MEMBER_KINDS
    members = level == Visibility.MEMBERS if is_member else false()
    restricted = false()
    if user.person_id is not None:
        # Restricted: the meeting's own registered participants (whatever their account's role).
        participating = select(Registration.meeting_id).where(
            Registration.person_id == user.person_id, Registration.status.in_(ACTIVE_REGISTRATION)
        )
        restricted = or_(restricted, meeting_id.in_(participating))
    if user.role is UserRole.FOCAL_POINT and user.party_id is not None:
        invited = select(Delegation.meeting_id).where(Delegation.party_id == user.party_id)
        restricted = or_(restricted, meeting_id.in_(invited))
    return or_(public, members, and_(level == Visibility.RESTRICTED, restricted))


def visible_meetings_clause(user) -> ColumnElement[bool]:
    """A WHERE clause selecting the meetings ``user`` (anonymous or not) may see."""
    if user is not None and user.is_authenticated and user.is_secretariat:
        return true()
    return and_(Meeting.status != MeetingStatus.DRAFT, _audience_clause(user, Meeting.visibility, Meeting.id))


def visible_documents_clause(user) -> ColumnElement[bool]:
    """A WHERE clause selecting the documents ``user`` may see: of a meeting they may see, issued
    (the Secretariat sees documents before they are), and within their distribution (the same
    three audiences as a meeting's visibility). The query joins Document to Meeting."""
    if user is not None and user.is_authenticated and user.is_secretariat:
        return true()
    return and_(
        visible_meetings_clause(user),
        Document.issued_at.is_not(None),
        _audience_clause(user, Document.distribution, Document.meeting_id),
    )


def visible_meetings(user) -> Select:
    """The meetings ``user`` may see, with what every page shows of them (type, host, venue)."""
    return (
        select(Meeting)
        .where(visible_meetings_clause(user))
        .options(joinedload(Meeting.type), joinedload(Meeting.host_party), joinedload(Meeting.venue))
    )


def get_visible_meeting(user, meeting_id: int, *, with_timetable: bool = False) -> Meeting:
    """The meeting, or NotFoundError for anyone who may not see it (a 404, never a 403 that
    confirms it exists). Loaded with what every page shows of it; ``with_timetable``: its
    agenda items too, with their rooms, chairs and speakers."""
    query = visible_meetings(user).where(Meeting.id == meeting_id)
    if with_timetable:
        query = query.options(
            selectinload(Meeting.agenda_items).options(
                joinedload(AgendaItem.room), joinedload(AgendaItem.chair), selectinload(AgendaItem.speakers)
            )
        )
    meeting = db.session.scalar(query)
    if meeting is None:
        raise NotFoundError()
    if meeting.visibility is not Visibility.PUBLIC or meeting.status is MeetingStatus.DRAFT:
        mark_private()  # whatever is made of it (page, feed, PDF, API answer) is kept by no cache
    return meeting
