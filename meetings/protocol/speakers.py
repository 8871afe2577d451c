"""The speakers list of a plenary entry: who may inscribe whom, the list's order, and the floor.

Order: the statements in the meeting's protocol order (the party's place in protocol_order, so a
redraw or a change of a delegation's level re-orders every list at once), then the rights of
reply in the order they were asked. A statement of a party no longer taking part (it declined
after inscribing) stays after the others until withdrawn.

The floor (who speaks, since when, time used) is kept in the inscriptions, in the database, so
every worker and every viewer sees the same: the current speaker is the one speaking, else the
first not yet done with.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings import audit
from meetings.domain import NotAllowedError, NotFoundError, RuleError, found
from meetings.extensions import db
from meetings.i18n import localized
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Delegation,
    DelegationReply,
    Meeting,
    Registration,
    SpeakerInscription,
    SpeakerKind,
    SpeakersList,
    UserRole,
    utcnow,
)
from meetings.names import full_name
from meetings.participants.workflow import ACTIVE
from meetings.protocol.order import Place, ProtocolList, protocol_order
from meetings.security import mark_private
from meetings.text import check_text
from meetings.transaction import operation
from meetings.visibility import get_visible_meeting

DEFAULT_SECONDS = 300
MIN_SECONDS, MAX_SECONDS = 60, 3600  # what the forms take: whole minutes from 1 to 60
NOTE_LENGTH = 300


@dataclass(frozen=True)
class SpeakersAccess:
    """A user's view of a meeting's speakers lists: every party's (the Secretariat), or their own
    party's (a focal point: ``party_id``)."""

    meeting: Meeting
    user: object
    party_id: int | None = None

    @property
    def is_secretariat(self) -> bool:
        return self.party_id is None


def speakers_access(user, meeting_id: int) -> SpeakersAccess:
    """The Secretariat: every party; a focal point: their own party, if it is invited to the meeting
    and has not declined (else NotFoundError, as for a meeting they may not see); others: 403."""
    meeting = get_visible_meeting(user, meeting_id)
    mark_private()  # names of speakers
    if user.is_secretariat:
        return SpeakersAccess(meeting, user)
    if user.role is UserRole.FOCAL_POINT and user.party_id is not None:
        taking_part = db.session.scalar(select(Delegation.id).where(
            Delegation.meeting_id == meeting.id, Delegation.party_id == user.party_id,
            Delegation.reply != DelegationReply.DECLINED))
        if taking_part is None:
            raise NotFoundError()
        return SpeakersAccess(meeting, user, user.party_id)
    raise NotAllowedError()


def plenary_items(meeting: Meeting) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.kind == AgendaItemKind.PLENARY)
        .options(joinedload(AgendaItem.chair)).order_by(AgendaItem.starts_at, AgendaItem.position, AgendaItem.id)))


def plenary_item(meeting: Meeting, item_id: int | None) -> AgendaItem:
    """A plenary entry of the meeting's timetable, or NotFoundError."""
    item = db.session.get(AgendaItem, item_id) if item_id is not None else None
    return found(item, lambda i: i.meeting_id == meeting.id and i.kind is AgendaItemKind.PLENARY)


@dataclass(frozen=True)
class Speaker:
    number: int
    inscription: SpeakerInscription
    place: Place | None  # the party's place in the protocol order; None: it no longer takes part
    limit: int  # seconds

    def used(self, now: datetime) -> int:
        """Seconds spoken until ``now``."""
        since = self.inscription.speaking_since
        return self.inscription.used_seconds + (int((now - since).total_seconds()) if since else 0)

    @property
    def speaking(self) -> bool:
        return self.inscription.speaking_since is not None

    @property
    def done(self) -> bool:
        return self.inscription.done_at is not None


@dataclass(frozen=True)
class ListOfSpeakers:
    item: AgendaItem
    default_seconds: int
    speakers: list[Speaker]

    @property
    def statements(self) -> list[Speaker]:
        return [s for s in self.speakers if s.inscription.kind is SpeakerKind.STATEMENT]

    @property
    def replies(self) -> list[Speaker]:
        return [s for s in self.speakers if s.inscription.kind is SpeakerKind.RIGHT_OF_REPLY]

    @property
    def current(self) -> Speaker | None:
        return next((s for s in self.speakers if s.speaking), None) or \
            next((s for s in self.speakers if not s.done), None)

    def upcoming(self, n: int = 3) -> list[Speaker]:
        current = self.current
        return [s for s in self.speakers if not s.done and s is not current][:n]


def _settings(item: AgendaItem) -> SpeakersList | None:
    return db.session.scalar(select(SpeakersList).where(SpeakersList.item_id == item.id))


def order_inscriptions(inscriptions, order: ProtocolList, default_seconds: int) -> list[Speaker]:
    """The rule of the module's docstring, on given rows (no query)."""
    places = {p.party.id: p for p in order}
    beyond = len(places) + 1

    def key(i: SpeakerInscription):
        if i.kind is SpeakerKind.RIGHT_OF_REPLY:
            return 1, 0, i.asked_at, i.id
        place = places.get(i.party_id)
        return 0, place.position if place else beyond, i.asked_at, i.id

    ordered = sorted(inscriptions, key=key)
    return [Speaker(n, i, places.get(i.party_id), i.seconds or default_seconds) for n, i in enumerate(ordered, 1)]


def speakers_lists(meeting: Meeting, items: list[AgendaItem], order: ProtocolList | None = None,
                   party_id: int | None = None) -> dict[int, ListOfSpeakers]:
    """Each entry's list (a fixed number of queries, whatever the entries); ``party_id``: that
    party's inscriptions only."""
    order = order or protocol_order(meeting)
    ids = [i.id for i in items]
    query = (select(SpeakerInscription).where(SpeakerInscription.item_id.in_(ids))
             .options(joinedload(SpeakerInscription.party), joinedload(SpeakerInscription.person)))
    if party_id is not None:
        query = query.where(SpeakerInscription.party_id == party_id)
    rows = db.session.scalars(query).all()
    defaults = dict(db.session.execute(select(SpeakersList.item_id, SpeakersList.default_seconds)
                                       .where(SpeakersList.item_id.in_(ids))).tuples().all())
    lists = {}
    for item in items:
        default = defaults.get(item.id, DEFAULT_SECONDS)
        lists[item.id] = ListOfSpeakers(item, default, order_inscriptions(
            [r for r in rows if r.item_id == item.id], order, default))
    return lists


def speakers_list(item: AgendaItem, order: ProtocolList | None = None) -> ListOfSpeakers:
    return speakers_lists(item.meeting, [item], order)[item.id]


def _seconds(value: int | None, field: str, *, optional: bool) -> int | None:
    if value is None and optional:
        return None
    if value is None or not MIN_SECONDS <= value <= MAX_SECONDS:
        raise RuleError(_("Enter a whole number of minutes from 1 to 60."), field)
    return value


@operation
def inscribe(access: SpeakersAccess, item_id: int | None, party_id: int | None, kind: SpeakerKind | str,
             *, person_id: int | None = None, seconds: int | None = None, note: str = "") -> SpeakerInscription:
    """Put a party on an entry's list: the Secretariat any party taking part, a focal point their
    own; one statement per party and entry, rights of reply as many as asked."""
    meeting, user = access.meeting, access.user
    try:
        item = plenary_item(meeting, item_id)
    except NotFoundError:
        raise RuleError(_("Choose a plenary entry of this meeting's timetable."), "item_id") from None
    try:
        kind = SpeakerKind(kind)
    except ValueError:
        raise RuleError(_("Choose a value from the list."), "kind") from None
    if access.party_id is not None and party_id != access.party_id:
        raise NotAllowedError()
    place = next((p for p in protocol_order(meeting) if p.party.id == party_id), None)
    if place is None:
        raise RuleError(_("Choose a party that takes part in the meeting."), "party_id")
    if person_id is not None:
        registered = db.session.scalar(select(Registration.id).where(
            Registration.meeting_id == meeting.id, Registration.person_id == person_id,
            Registration.delegation_id == place.delegation.id, Registration.status.in_(ACTIVE)))
        if registered is None:
            raise RuleError(_("Choose a person registered in this party's delegation."), "person_id")
    if not may_control(user, item):
        # The time is the chair's side's to give (as the clock is), the same for every party unless the chair's side decides
        # otherwise: a focal point (or staff) inscribing is taken at the entry's time per speaker.
        # Not refused: the party asked to speak and is on the list; a stale or crafted form's time
        # is what a Secretariat would simply not take. The forms show the field only to organizers.
        seconds = None
    seconds = _seconds(seconds, "seconds", optional=True)
    note = check_text(note or "", "note").strip()
    if len(note) > NOTE_LENGTH:
        raise RuleError(_("At most %(n)d characters.", n=NOTE_LENGTH), "note")
    if kind is SpeakerKind.STATEMENT and db.session.scalar(select(SpeakerInscription.id).where(
            SpeakerInscription.item_id == item.id, SpeakerInscription.party_id == party_id,
            SpeakerInscription.kind == SpeakerKind.STATEMENT)) is not None:
        raise RuleError(_("%(party)s is already on this list for a statement; a right of reply may still be asked.",
                          party=localized(place.party, "name")), "party_id")
    inscription = SpeakerInscription(meeting_id=meeting.id, item_id=item.id, party_id=party_id, kind=kind,
                                     person_id=person_id, seconds=seconds, note=note,
                                     created_by_id=getattr(user, "id", None), asked_at=utcnow())
    db.session.add(inscription)
    db.session.flush()
    audit.record(user, "speaker", "inscribed", object_id=inscription.id, meeting_id=meeting.id,
                 summary=f"Speakers list of {item.title_en}: {place.party.code} ({kind.value})",
                 changes={"item": [None, item.title_en], "party_id": [None, party_id], "kind": [None, kind.value],
                          "person_id": [None, person_id], "seconds": [None, seconds], "note": [None, note]})
    return inscription


def get_inscription(access: SpeakersAccess, inscription_id: int) -> SpeakerInscription:
    """An inscription of the meeting the user may see (a focal point: their party's), or NotFoundError."""
    return found(db.session.get(SpeakerInscription, inscription_id),
                 lambda i: i.meeting_id == access.meeting.id and access.party_id in (None, i.party_id))


@operation
def withdraw(access: SpeakersAccess, inscription_id: int) -> SpeakerInscription | None:
    """Off the list; None when there is no such inscription any more (a second click, or a
    colleague was first). Another meeting's or party's inscription is not found (404)."""
    if db.session.get(SpeakerInscription, inscription_id) is None:
        return None
    inscription = get_inscription(access, inscription_id)
    audit.record(access.user, "speaker", "withdrawn", object_id=inscription.id, meeting_id=access.meeting.id,
                 summary=f"Speakers list: {inscription.party.code} ({inscription.kind.value}) withdrawn",
                 changes={"party_id": [inscription.party_id, None], "kind": [inscription.kind.value, None]})
    db.session.delete(inscription)
    return inscription


@operation
def set_default_time(meeting: Meeting, item_id: int, seconds: int | None, *, user) -> SpeakersList:
    """The time per speaker of an entry's list (organizers), unless an inscription says otherwise."""
    if not user.is_organizer:
        raise NotAllowedError()
    item = plenary_item(meeting, item_id)
    seconds = _seconds(seconds, "minutes", optional=False)
    settings = _settings(item)
    if settings is None:
        settings = SpeakersList(item_id=item.id, default_seconds=DEFAULT_SECONDS)
        db.session.add(settings)
    before = settings.default_seconds
    settings.default_seconds = seconds
    db.session.flush()
    audit.record(user, "speaker", "time", object_id=settings.id, meeting_id=meeting.id,
                 summary=f"Speakers list of {item.title_en}: {seconds // 60} minutes per speaker",
                 changes={"seconds": [before, seconds]})
    return settings


# --- The floor -------------------------------------------------------------------------------

def may_control(user, item: AgendaItem) -> bool:
    """The chair's side: the entry's chair, and organizers (and admins) at the console for them."""
    return user.is_organizer or (user.person_id is not None and user.person_id == item.chair_id)


def live_item(user, meeting_id: int, item_id: int) -> tuple[Meeting, AgendaItem]:
    """The live view of an entry: the Secretariat and the entry's chair; others 403, an entry
    that is not a plenary one of a meeting they see 404."""
    meeting = get_visible_meeting(user, meeting_id)
    mark_private()
    item = plenary_item(meeting, item_id)
    if not (user.is_secretariat or may_control(user, item)):
        raise NotAllowedError()
    return meeting, item


ACTIONS = ("start", "stop", "next")


def _who(speaker: Speaker) -> str:
    party = localized(speaker.inscription.party, "name")
    person = speaker.inscription.person
    return f"{party} ({full_name(person)})" if person else str(party)


@operation
def control(user, meeting: Meeting, item: AgendaItem, action: str, shown: int | None, *,
            now: datetime | None = None) -> ListOfSpeakers:
    """Start or stop the current speaker's clock, or move to the next speaker (the current one is
    then done with). Refused to anyone but the chair's side.

    ``shown``: the inscription the chair's page showed as the current speaker (None: nobody). If
    the list has moved on since (a double tap on "next", another console), the action is refused
    and nothing changes: it was meant for a speaker who no longer has the floor. For the same
    reason a start of a speaker already speaking, or a stop of a clock not running, is refused
    rather than taken silently: the chair learns the tap did nothing."""
    if not may_control(user, item):
        raise NotAllowedError()
    if action not in ACTIONS:
        raise RuleError(_("Choose a value from the list."), "action")
    now = now or utcnow()
    current = speakers_list(item).current
    if (current.inscription.id if current else None) != shown:
        if current is None:
            raise RuleError(_("The list has moved on: nobody is left on the list."), "action")
        raise RuleError(_("The list has moved on: the current speaker is now %(speaker)s.", speaker=_who(current)),
                        "action")
    if current is None:
        raise RuleError(_("Nobody is left on the list."), "action")
    inscription = current.inscription
    if action == "start" and inscription.speaking_since is not None:
        raise RuleError(_("%(speaker)s is already speaking.", speaker=_who(current)), "action")
    if action == "stop" and inscription.speaking_since is None:
        raise RuleError(_("The clock of %(speaker)s is not running.", speaker=_who(current)), "action")
    if inscription.speaking_since is not None and action in ("stop", "next"):
        inscription.used_seconds = current.used(now)
        inscription.speaking_since = None
    if action == "start":
        inscription.speaking_since = now
    if action == "next":
        inscription.done_at = now
    db.session.flush()
    return speakers_list(item)
