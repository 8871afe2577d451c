"""RFC 5545 bytes from the plain data in :mod:`calendar_export.model`.

Built on the ``icalendar`` package, folded by :mod:`calendar_export.lines`.
Nothing here reads the clock or makes up identifiers: the same input gives the same bytes,
so an HTTP ETag over the bytes means something.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar
from icalendar import vCalAddress, vCategory, vDDDTypes, vDuration, vText, vUri

from .lines import serialize
from .model import DEFAULT_PRODID, Calendar, Entry, Person, _check_prodid, _utc
from .zones import load_zone, zone_periods

__all__ = ["METHODS", "build_calendar", "build_invitation"]

METHODS = ("REQUEST", "CANCEL")


def escape_text(value: str) -> str:
    """TEXT escaping, RFC 5545 3.3.11: backslash first, then ``;``, ``,`` and line breaks."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


class _Text(vText):
    """A TEXT value escaped by :func:`escape_text`. icalendar's own escaping (7.3.2) first
    turns a literal backslash-N into a line break, so "C:\\New" would reach subscribers as
    "C:" and "ew" on two lines (found by the property tests)."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        return escape_text(str(self)).encode("utf-8")


class _Categories(vCategory):
    """CATEGORIES escaped by :func:`escape_text` (vCategory re-wraps items in vText)."""

    def to_ical(self) -> bytes:
        return ",".join(escape_text(str(category)) for category in self.cats).encode("utf-8")


def build_calendar(cal: Calendar, *, dtstamp: datetime) -> bytes:
    """A subscription feed: VCALENDAR without METHOD, one VTIMEZONE per zone used (before
    the events), then one VEVENT per entry in the order given.

    ``dtstamp`` (aware; written in UTC) becomes every event's DTSTAMP. For a feed, pass
    something that only changes with the data (e.g. the newest ``last_modified``), not the
    current time, or every poll gets new bytes and a new ETag.
    """
    if not isinstance(cal, Calendar):
        raise TypeError("build_calendar needs a calendar_export.Calendar")
    stamp = _utc(dtstamp, "dtstamp")
    root = _vcalendar(cal.prodid, method=None)
    # icalendar 7.3.0 writes NAME, X-WR-CALNAME and X-WR-CALDESC unescaped when given a str
    # (and fails on a line break); as (our) vText they are escaped like any TEXT value.
    root.add("NAME", _Text(cal.name))
    root.add("X-WR-CALNAME", _Text(cal.name))
    if cal.description:
        root.add("DESCRIPTION", _Text(cal.description))
        root.add("X-WR-CALDESC", _Text(cal.description))
    if cal.source_url is not None:
        root.add("SOURCE", vUri(cal.source_url), parameters={"VALUE": "URI"})
    # RFC 7986 requires VALUE=DURATION, which icalendar leaves out unless told; a plain
    # timedelta for X-PUBLISHED-TTL (unknown to icalendar) would come out as "12:00:00".
    root.add("REFRESH-INTERVAL", vDuration(cal.refresh), parameters={"VALUE": "DURATION"})
    root.add("X-PUBLISHED-TTL", vDuration(cal.refresh))
    events = [_vevent(entry, stamp) for entry in cal.entries]
    _add_timezones(root, events)
    for event in events:
        root.add_component(event)
    return serialize(root)


def build_invitation(
    entry: Entry,
    *,
    method: str,
    organizer: Person,
    attendees: tuple[Person, ...],
    dtstamp: datetime,
    prodid: str = DEFAULT_PRODID,
) -> bytes:
    """An e-mail invitation (RFC 5546, iTIP) for one entry.

    ``method="REQUEST"`` invites (or, with the same UID and a higher SEQUENCE, updates);
    ``method="CANCEL"`` cancels and needs ``entry.status == "CANCELLED"`` and, for clients
    to apply it, the entry's UID with a SEQUENCE higher than the last one sent.
    ``dtstamp`` is when the message is sent.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if not isinstance(entry, Entry):
        raise TypeError("build_invitation needs a calendar_export.Entry")
    if method == "CANCEL" and entry.status != "CANCELLED":
        raise ValueError("a CANCEL message needs an entry with status CANCELLED")
    if method == "REQUEST" and entry.status == "CANCELLED":
        raise ValueError("a cancelled entry is sent with method CANCEL, not REQUEST")
    if not isinstance(organizer, Person):
        raise TypeError("organizer must be a Person")
    if not isinstance(attendees, tuple) or not all(isinstance(a, Person) for a in attendees):
        raise TypeError("attendees must be a tuple of Person")
    if not attendees:
        raise ValueError("an invitation needs at least one attendee")
    emails = [attendee.email.lower() for attendee in attendees]
    if len(set(emails)) != len(emails):
        raise ValueError("an attendee appears twice")
    _check_prodid(prodid)
    stamp = _utc(dtstamp, "dtstamp")
    root = _vcalendar(prodid, method=method)
    event = _vevent(entry, stamp)
    _add_timezones(root, (event,))
    event.add("ORGANIZER", _address(organizer))
    for attendee in attendees:
        params = {"ROLE": "REQ-PARTICIPANT"}
        if method == "REQUEST":
            params |= {"PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        event.add("ATTENDEE", _address(attendee, params))
    root.add_component(event)
    return serialize(root)


def _vcalendar(prodid: str, *, method: str | None) -> icalendar.Calendar:
    # Calendar() rather than Calendar.new(): the latter adds a random UID.
    root = icalendar.Calendar()
    root.add("PRODID", prodid)
    root.add("VERSION", "2.0")
    root.add("CALSCALE", "GREGORIAN")
    if method is not None:  # never in feeds: METHOD:PUBLISH would demand an ORGANIZER
        root.add("METHOD", method)
    return root


def _add_timezones(root: icalendar.Calendar, events: Iterable[icalendar.Event]) -> None:
    """One VTIMEZONE per TZID the events use, in order of first use, each holding one rule
    right for the values written with it (Outlook reads no more): the zone's own name, and a
    TZID per earlier period where the zone's rules changed between the first and the last
    value (see :func:`calendar_export.zones.zone_periods`). Taken from the written values
    because some are in UTC (UTC zones, repeated hours); the few values zone_periods leaves
    without a TZID are rewritten in UTC here."""
    slots = [(event, prop) for event in events for prop in ("DTSTART", "DTEND") if "TZID" in event[prop].params]
    values: dict[str, list[datetime]] = {}
    for event, prop in slots:
        values.setdefault(str(event[prop].params["TZID"]), []).append(event[prop].dt)
    tzids: dict[tuple[str, datetime], str | None] = {}
    definitions: dict[str, icalendar.Timezone] = {}
    for name, times in values.items():
        for period in zone_periods(name, times):
            if period.tzid is not None:
                definitions[period.tzid] = period.vtimezone
            tzids.update(((name, wall), period.tzid) for wall in period.times)
    used: dict[str, None] = {}  # ordered set
    for event, prop in slots:
        value = event[prop].dt
        tzid = tzids[(str(event[prop].params["TZID"]), value.replace(tzinfo=None))]
        if tzid is None:
            event[prop] = vDDDTypes(value.astimezone(UTC))
        else:
            event[prop].params["TZID"] = tzid
            used[tzid] = None
    for tzid in used:
        root.add_component(definitions[tzid])


def _timed(value: datetime, name: str) -> datetime:
    """``value`` as wall time in the zone (written with TZID), or in UTC if that wall time
    occurs twice (the hour repeated when clocks go back): RFC 5545 means the first
    occurrence, ical.js takes the second, so only UTC is read the same everywhere."""
    local = value.astimezone(load_zone(name))  # the tzdata zone, whose key becomes TZID
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return value.astimezone(UTC)
    return local


def _vevent(entry: Entry, stamp: datetime) -> icalendar.Event:
    # Event() rather than Event.new(): the latter stamps the current time.
    event = icalendar.Event()
    event.add("UID", _Text(entry.uid))
    event.add("DTSTAMP", stamp)
    event.add("SEQUENCE", entry.sequence)
    if entry.created is not None:
        event.add("CREATED", entry.created)
    if entry.last_modified is not None:
        event.add("LAST-MODIFIED", entry.last_modified)
    if entry.all_day:
        event.add("DTSTART", entry.start)  # icalendar writes VALUE=DATE for a date
        event.add("DTEND", entry.end)
    else:
        event.add("DTSTART", _timed(entry.start, entry.timezone))
        event.add("DTEND", _timed(entry.end, entry.timezone))
    event.add("SUMMARY", _Text(entry.summary))
    event.add("STATUS", entry.status)
    if entry.location:
        event.add("LOCATION", _Text(entry.location))
    if entry.description:
        event.add("DESCRIPTION", _Text(entry.description))
    if entry.url is not None:
        event.add("URL", vUri(entry.url))
    if entry.categories:
        event.add("CATEGORIES", _Categories(list(entry.categories)))
    event.add("CLASS", entry.classification)
    return event


def _address(person: Person, params: dict[str, str] | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    for key, value in (params or {}).items():
        address.params[key] = value
    return address
