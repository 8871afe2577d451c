"""Arrivals and departures of a meeting: who enters them, the rules, the list and the dashboard.

Organizers enter everyone's travel; a focal point their own party's delegation's, through
participants_access (another party's registration does not exist for them; delegates get a 403;
staff look and print). A focal point may change the delegation's travel until the meeting's last
day (local time of the meeting), not only until the registration deadline: flights are booked
and changed after registering, and the Secretariat wants them up to the end.

Times are typed and shown in the meeting's zone and stored in UTC. A date must lie within two
weeks before the meeting's first local day and two weeks after its last; an arrival comes before
the departure; a flight or train number is short and plain. Every change is audited.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import exists, select
from sqlalchemy.orm import contains_eager

from meetings import audit
from meetings.domain import NotAllowedError, NotFoundError, RuleError
from meetings.extensions import db
from meetings.history import jsonable
from meetings.i18n import format_full_date, format_moment
from meetings.logistics.summary import Attention, Count, Section
from meetings.logistics.travel.inputs import LegInput, TravelInput
from meetings.models import (
    AccreditationStatus,
    Meeting,
    Person,
    Registration,
    Travel,
    TravelDirection,
    utcnow,
)
from meetings.names import display_name, name_key
from meetings.participants.access import Access, get_registration, participants_access
from meetings.participants.listing import participant_list
from meetings.participants.workflow import ACTIVE
from meetings.scheduling import rules
from meetings.timeutil import local_dates, to_local
from meetings.transaction import operation

ARRIVAL, DEPARTURE = TravelDirection.ARRIVAL, TravelDirection.DEPARTURE
RANGE_DAYS = 14  # dates accepted before the meeting's first day and after its last
SOON = timedelta(hours=48)  # arrivals shown on the dashboard as coming
EXAMPLES = 3
# A flight or train number: letters, digits, spaces and - / . (e.g. "J2 8", "KC-951", "№ 9/10").
FLIGHT_PUNCTUATION = frozenset(" -/.№")
PICKUP_CHOICES = {"yes": True, "no": False, "undecided": None}

__all__ = ["LegInput", "TravelInput", "get_registration", "participants_access"]


class TravelClosedError(RuleError):
    """A focal point's change after the meeting's last day."""


# --- who may change what ---------------------------------------------------------------------

def travel_access(user, meeting_id: int) -> Access:
    """The Secretariat sees everyone's travel, a focal point their delegation's (NotFoundError
    when their party is not invited); other roles NotAllowedError."""
    return participants_access(user, meeting_id)


def last_day(meeting: Meeting) -> date:
    return local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[1]


def travel_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """Focal points may change travel until the meeting's last local day, inclusive."""
    return to_local(now or utcnow(), meeting.timezone).date() <= last_day(meeting)


def can_edit(access: Access, now: datetime | None = None) -> bool:
    return access.can_manage or (access.delegation is not None and travel_open(access.meeting, now))


def require_editable(access: Access) -> None:
    """Organizers always; a focal point until the meeting's last day (then TravelClosedError);
    staff NotAllowedError."""
    if can_edit(access):
        return
    if access.delegation is None:
        raise NotAllowedError()
    raise TravelClosedError(_l("The meeting is over: its arrivals and departures can no longer be changed. "
                               "Write to the Secretariat for any change."))


def allowed_dates(meeting: Meeting) -> tuple[date, date]:
    first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    return first - timedelta(days=RANGE_DAYS), last + timedelta(days=RANGE_DAYS)


def legs(meeting: Meeting, delegation_id: int | None = None) -> dict[int, dict[TravelDirection, Travel]]:
    """Every arrival and departure of the meeting (or of one delegation), by registration: one query."""
    query = select(Travel).join(Travel.registration).where(Registration.meeting_id == meeting.id)
    if delegation_id is not None:
        query = query.where(Registration.delegation_id == delegation_id)
    found: dict[int, dict[TravelDirection, Travel]] = {}
    for travel in db.session.scalars(query):
        found.setdefault(travel.registration_id, {})[travel.direction] = travel
    return found


# --- the rules and the change ------------------------------------------------------------------

def _check_flight(text: str, field_name: str) -> None:
    if any(not (c.isalnum() or c in FLIGHT_PUNCTUATION) for c in text):
        raise RuleError(_l("Give the flight or train number only: letters, digits, spaces and - / ."), field_name)


def _check_leg(meeting: Meeting, direction: TravelDirection, leg: LegInput) -> datetime:
    """The leg's instant (UTC), or RuleError beside the field concerned."""
    prefix = direction.value
    if leg.at_local is None:
        raise RuleError(_l("Give the date and the time (local time of the meeting), or clear the other fields."),
                        f"{prefix}_date")
    first, last = allowed_dates(meeting)
    if not first <= leg.at_local.date() <= last:
        raise RuleError(_l("Give a date from %(first)s to %(last)s: two weeks around the meeting.",
                           first=format_full_date(first), last=format_full_date(last)), f"{prefix}_date")
    _check_flight(leg.flight, f"{prefix}_flight")
    # A time the clocks skip (02:30 when they move to 03:00) is refused, not silently moved an hour.
    return rules.instant(leg.at_local, meeting.timezone, f"{prefix}_time")


def _values(leg: LegInput, instant: datetime) -> dict:
    return {"at": instant, "flight": leg.flight.strip(), "airport": " ".join(leg.airport.split()),
            "pickup": leg.pickup, "note": leg.note.strip()}


def _apply(access: Access, registration: Registration, direction: TravelDirection, travel: Travel | None,
           values: dict | None) -> Travel | None:
    """Add, change or remove one leg, and say so in the audit trail."""
    name = registration.person.display_name  # the audit trail is language-neutral
    what = f"{name}: {direction.value}"
    if values is None:
        if travel is not None:
            changes = {k: [jsonable(v), None] for k, v in _current(travel).items()}
            audit.record(access.user, "travel", "removed", object_id=travel.id, meeting_id=access.meeting.id,
                         summary=f"{what} removed", changes=changes)
            db.session.delete(travel)
        return None
    if travel is None:
        travel = Travel(registration_id=registration.id, direction=direction, **values)
        db.session.add(travel)
        db.session.flush()
        audit.record(access.user, "travel", "added", object_id=travel.id, meeting_id=access.meeting.id,
                     summary=f"{what} added", changes=audit.created(values))
        return travel
    changes = audit.diff(travel, values)
    for key, value in values.items():
        setattr(travel, key, value)
    if changes:
        audit.record(access.user, "travel", "edited", object_id=travel.id, meeting_id=access.meeting.id,
                     summary=f"{what} edited", changes=changes)
    return travel


def _current(travel: Travel) -> dict:
    return {"at": travel.at, "flight": travel.flight, "airport": travel.airport, "pickup": travel.pickup,
            "note": travel.note}


@operation
def save_travel(access: Access, registration: Registration, value: TravelInput) -> dict[TravelDirection, Travel | None]:
    """Set a participant's arrival and departure: a leg given is added or changed, a leg not
    given (None) is removed."""
    require_editable(access)
    if registration.meeting_id != access.meeting.id or (
            access.delegation is not None and registration.delegation_id != access.delegation.id):
        raise NotFoundError()
    if registration.status not in ACTIVE:  # declined or cancelled: left out of every list and schedule
        raise RuleError(_l("This participant is not coming (declined or cancelled): there is no travel to enter."))
    given = {ARRIVAL: value.arrival, DEPARTURE: value.departure}
    instants = {d: _check_leg(access.meeting, d, leg) for d, leg in given.items() if leg is not None}
    if len(instants) == 2 and instants[ARRIVAL] >= instants[DEPARTURE]:
        raise RuleError(_l("The departure must come after the arrival."), "departure_date")
    # The registration is locked while its travel changes (PostgreSQL), so two people saving at
    # once do not both add the same leg: the second waits and then sees the first's.
    db.session.execute(select(Registration.id).where(Registration.id == registration.id).with_for_update())
    existing = {t.direction: t for t in db.session.scalars(
        select(Travel).where(Travel.registration_id == registration.id))}
    return {d: _apply(access, registration, d, existing.get(d),
                      _values(leg, instants[d]) if leg is not None else None)
            for d, leg in given.items()}


# --- the list ----------------------------------------------------------------------------------

@dataclass
class TravelRow:
    registration: Registration
    arrival: Travel | None = None
    departure: Travel | None = None


@dataclass(frozen=True)
class TravelFilters:
    party_id: int | None = None
    direction: TravelDirection | None = None
    day: date | None = None
    pickup: str | None = None  # a key of PICKUP_CHOICES
    missing: TravelDirection | None = None  # only those whose arrival (or departure) is not given


@dataclass
class TravelList:
    rows: list[TravelRow]
    parties: list = field(default_factory=list)  # for the party filter
    days: list[date] = field(default_factory=list)  # local days with travel, for the day filter
    total: int = 0  # rows before the filters of travel


def _matches(meeting: Meeting, travel: Travel, filters: TravelFilters) -> bool:
    return ((filters.direction is None or travel.direction is filters.direction)
            and (filters.day is None or to_local(travel.at, meeting.timezone).date() == filters.day)
            and (filters.pickup is None or travel.pickup is PICKUP_CHOICES[filters.pickup]))


def travel_list(access: Access, lang: str, filters: TravelFilters) -> TravelList:
    """The participants the user may see (not declined or cancelled), with their arrival and
    departure, by party: three queries whatever the number of participants."""
    people = participant_list(access, lang, party_id=filters.party_id)
    found = legs(access.meeting, access.delegation.id if access.delegation else None)
    rows = [TravelRow(r, found.get(r.id, {}).get(ARRIVAL), found.get(r.id, {}).get(DEPARTURE))
            for r in people.rows if r.status in ACTIVE]
    days = sorted({to_local(t.at, access.meeting.timezone).date() for legs_ in found.values() for t in legs_.values()})
    total = len(rows)
    if filters.missing is not None:
        rows = [row for row in rows if getattr(row, filters.missing.value) is None]
    if (filters.direction, filters.day, filters.pickup) != (None, None, None):
        rows = [row for row in rows if any(t is not None and _matches(access.meeting, t, filters)
                                           for t in (row.arrival, row.departure))]
    return TravelList(rows, people.parties, days, total)


# --- the dashboard -----------------------------------------------------------------------------

def summary(meeting: Meeting, now: datetime) -> Section:
    """Counts and what needs attention: two queries, however many participants."""
    url = url_for("logistics.travel", meeting_id=meeting.id)
    travels = list(db.session.scalars(
        select(Travel).join(Travel.registration).join(Registration.person)
        .where(Registration.meeting_id == meeting.id, Registration.status.in_(ACTIVE))
        .options(contains_eager(Travel.registration).contains_eager(Registration.person))
        .order_by(Travel.at, Travel.id)))
    without_arrival = list(db.session.scalars(
        select(Person).join(Registration, Registration.person_id == Person.id)
        .where(Registration.meeting_id == meeting.id, Registration.status == AccreditationStatus.ACCREDITED,
               ~exists().where(Travel.registration_id == Registration.id, Travel.direction == ARRIVAL))))
    without_arrival.sort(key=lambda p: (name_key(p), p.id))  # the examples, in the page's alphabet
    arrivals = [t for t in travels if t.direction is ARRIVAL]
    undecided = [t for t in arrivals if t.pickup is None]
    soon = [t for t in arrivals if now <= t.at < now + SOON]
    section = Section(str(_l("Arrivals and departures")), url, counts=[
        Count(str(_l("Arrivals known")), len(arrivals)),
        Count(str(_l("Departures known")), len(travels) - len(arrivals)),
        Count(str(_l("Pick-ups needed")), sum(1 for t in travels if t.pickup)),
    ])
    if undecided:
        section.attention.append(Attention(
            ngettext("%(num)d arrival without a pick-up decision", "%(num)d arrivals without a pick-up decision",
                     len(undecided)), len(undecided),
            url_for("logistics.travel", meeting_id=meeting.id, direction="arrival", pickup="undecided"),
            [str(display_name(t.registration.person)) for t in undecided[:EXAMPLES]]))
    if soon:
        section.attention.append(Attention(
            ngettext("%(num)d arrival in the next 48 hours", "%(num)d arrivals in the next 48 hours", len(soon)),
            len(soon),
            url_for("logistics.travel_schedule", meeting_id=meeting.id),
            [f"{str(display_name(t.registration.person))} — {', '.join(filter(None, [t.flight, format_moment(t.at, meeting.timezone)]))}"
             for t in soon[:EXAMPLES]], level="info"))
    if without_arrival:
        section.attention.append(Attention(
            ngettext("%(num)d accredited participant without an arrival",
                     "%(num)d accredited participants without an arrival", len(without_arrival)), len(without_arrival),
            url_for("logistics.travel", meeting_id=meeting.id, missing="arrival"),
            [str(display_name(p)) for p in without_arrival[:EXAMPLES]]))
    return section
