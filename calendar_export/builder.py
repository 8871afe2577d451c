"""RFC 5545 bytes from the plain data in :mod:`calendar_export.model`.

The header and VTIMEZONEs are built with the ``icalendar`` package, the events written here;
all lines are folded by :mod:`calendar_export.lines`.
Nothing here reads the clock or makes up identifiers: the same input gives the same bytes,
so an HTTP ETag over the bytes means something.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo

import icalendar
from icalendar import Parameters, vCalAddress, vDuration, vText, vUri
from icalendar.parser import Contentline
from icalendar.timezone.tzid import tzid_from_tzinfo

from .lines import write_lines
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
    stamp_text = _utc_text(stamp)  # the same for every event
    return _write(root, [_Event(entry, stamp_text) for entry in cal.entries])


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
    event = _Event(entry, _utc_text(stamp))
    # Parameters that may need quoting (CN): icalendar writes these few lines.
    event.extra.append(_content_line("ORGANIZER", _address(organizer)))
    for attendee in attendees:
        params = {"ROLE": "REQ-PARTICIPANT"}
        if method == "REQUEST":
            params |= {"PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        event.extra.append(_content_line("ATTENDEE", _address(attendee, params)))
    return _write(root, [event])


def _vcalendar(prodid: str, *, method: str | None) -> icalendar.Calendar:
    # Calendar() rather than Calendar.new(): the latter adds a random UID.
    root = icalendar.Calendar()
    root.add("PRODID", prodid)
    root.add("VERSION", "2.0")
    root.add("CALSCALE", "GREGORIAN")
    if method is not None:  # never in feeds: METHOD:PUBLISH would demand an ORGANIZER
        root.add("METHOD", method)
    return root


def _content_line(name: str, value: object) -> str:
    return Contentline.from_parts(name, getattr(value, "params", Parameters()), value, sorted=False)


# --- events ------------------------------------------------------------------------------------
# The header and the VTIMEZONEs are few lines and go through icalendar; the events are most of a
# feed, and icalendar's machinery per property (an object, its parameters, a Contentline) cost
# more than all the rest of a build, so their lines are written here, as icalendar writes them
# (the golden files hold the bytes).


class _Event:
    """One entry's VEVENT: its lines but DTSTART and DTEND, written once the TZIDs are known."""

    __slots__ = ("entry", "stamp", "start", "end", "extra")

    def __init__(self, entry: Entry, stamp: str) -> None:
        self.entry = entry
        self.stamp = stamp
        if entry.all_day:
            self.start, self.end = entry.start, entry.end
        else:
            self.start, self.end = _timed(entry.start, entry.timezone), _timed(entry.end, entry.timezone)
        self.extra: list[str] = []  # ORGANIZER, ATTENDEE

    def lines(self, tzids: dict[tuple[str, datetime], str | None]) -> list[str]:
        entry = self.entry
        lines = ["BEGIN:VEVENT", f"UID:{escape_text(entry.uid)}", f"DTSTAMP:{self.stamp}"]
        lines.append(f"SEQUENCE:{entry.sequence}")
        if entry.created is not None:
            lines.append(f"CREATED:{_utc_text(entry.created)}")
        if entry.last_modified is not None:
            lines.append(f"LAST-MODIFIED:{_utc_text(entry.last_modified)}")
        lines.append(_time_line("DTSTART", self.start, tzids))
        lines.append(_time_line("DTEND", self.end, tzids))
        lines.append(f"SUMMARY:{escape_text(entry.summary)}")
        lines.append(f"STATUS:{entry.status}")
        if entry.location:
            lines.append(f"LOCATION:{escape_text(entry.location)}")
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        if entry.url is not None:
            lines.append(f"URL:{entry.url}")  # a URI, checked by the model, is not escaped
        if entry.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(category) for category in entry.categories))
        lines.append(f"CLASS:{entry.classification}")
        lines += self.extra
        lines.append("END:VEVENT")
        return lines


def _write(root: icalendar.Calendar, events: list[_Event]) -> bytes:
    """``root`` (its properties), the VTIMEZONEs the events need, then the events."""
    tzids = _add_timezones(root, events)
    lines = root.content_lines(sorted=False)
    if lines and lines[-1] == "":  # icalendar's marker for the final CRLF
        lines = lines[:-1]
    end = lines.pop()  # END:VCALENDAR
    for event in events:
        lines += event.lines(tzids)
    lines.append(end)
    return write_lines(lines)


def _add_timezones(root: icalendar.Calendar, events: Iterable[_Event]) -> dict[tuple[str, datetime], str | None]:
    """One VTIMEZONE per TZID the events use, in order of first use, each holding one rule
    right for the values written with it (Outlook reads no more): the zone's own name, and a
    TZID per earlier period where the zone's rules changed between the first and the last
    value (see :func:`calendar_export.zones.zone_periods`). Taken from the written values
    because some are in UTC (UTC zones, repeated hours). Returns each (zone, wall time)'s
    TZID, None for the few values zone_periods leaves without one, to be written in UTC."""
    slots = [value for event in events for value in (event.start, event.end) if _zone_tzid(value) is not None]
    values: dict[str, list[datetime]] = {}
    for value in slots:
        values.setdefault(_zone_tzid(value), []).append(value)
    tzids: dict[tuple[str, datetime], str | None] = {}
    definitions: dict[str, icalendar.Timezone] = {}
    for name, times in values.items():
        for period in zone_periods(name, times):
            if period.tzid is not None:
                definitions[period.tzid] = period.vtimezone
            tzids.update(((name, wall), period.tzid) for wall in period.times)
    used: dict[str, None] = {}  # ordered set
    for value in slots:
        tzid = tzids[(_zone_tzid(value), value.replace(tzinfo=None))]
        if tzid is not None:
            used[tzid] = None
    for tzid in used:
        root.add_component(definitions[tzid])
    return tzids


def _zone_tzid(value: date | datetime) -> str | None:
    """The TZID icalendar gives a value (the zone's name); None for a date or a UTC value."""
    if not isinstance(value, datetime):
        return None
    return _tzid_of_zone(value.tzinfo)


@functools.lru_cache(maxsize=1024)
def _tzid_of_zone(zone: tzinfo) -> str | None:
    # icalendar's own answer, kept: "UTC" (written with Z) covers every name it deems UTC.
    tzid = tzid_from_tzinfo(zone)
    return None if tzid == "UTC" else tzid


def _time_line(name: str, value: date | datetime, tzids: dict[tuple[str, datetime], str | None]) -> str:
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"
    zone = _zone_tzid(value)
    tzid = None if zone is None else tzids[(zone, value.replace(tzinfo=None))]
    if tzid is None:
        return f"{name}:{_utc_text(value)}"
    return f"{name};TZID={tzid}:{_wall_text(value)}"


def _wall_text(value: datetime) -> str:
    return f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"


def _utc_text(value: datetime) -> str:
    return _wall_text(value.astimezone(UTC)) + "Z"


def _timed(value: datetime, name: str) -> datetime:
    """``value`` as wall time in the zone (written with TZID), or in UTC if that wall time
    occurs twice (the hour repeated when clocks go back): RFC 5545 means the first
    occurrence, ical.js takes the second, so only UTC is read the same everywhere."""
    local = value.astimezone(load_zone(name))  # the tzdata zone, whose key becomes TZID
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return value.astimezone(UTC)
    return local


def _address(person: Person, params: dict[str, str] | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    for key, value in (params or {}).items():
        address.params[key] = value
    return address
