"""calendar_export: CICA meetings as iCalendar (RFC 5545) bytes. Pure: plain data in, bytes out.

No Flask, no database, no clock, no randomness: the same arguments give the same bytes.
Every rule of ``/work/shared/reference/ICALENDAR.md`` that concerns the bytes lives here;
HTTP (content type, ETag, caching, tokens) belongs to the feed views.

Public API::

    from calendar_export import Calendar, Entry, Person, build_calendar, build_invitation

    Entry(
        uid: str,                  # stable, from immutable ids: "meeting-42@cica.example"
        summary: str,
        start: datetime | date,    # aware datetimes (any zone; they are instants) => timed,
        end: datetime | date,      #   written as local time in `timezone`; dates => all-day,
                                   #   with an EXCLUSIVE end (14-16 Sep => end 17 Sep)
        timezone: str | None = None,  # IANA name, required for timed entries
        sequence: int = 0,         # raise on every change of time, place or status
        status: str = "CONFIRMED", # "TENTATIVE" | "CONFIRMED" | "CANCELLED"
        created: datetime | None = None,        # aware; written in UTC
        last_modified: datetime | None = None,  # aware; written in UTC
        location: str = "",
        description: str = "",     # plain text; include the meeting page's URL
        url: str | None = None,
        categories: tuple[str, ...] = (),
        classification: str = "PUBLIC",  # "PUBLIC" | "PRIVATE" | "CONFIDENTIAL"
    )
    Calendar(
        name: str,                 # NAME and X-WR-CALNAME (one line)
        description: str,          # DESCRIPTION and X-WR-CALDESC ("" leaves them out)
        source_url: str | None,    # SOURCE: the feed's own https:// address
        refresh: timedelta,        # REFRESH-INTERVAL;VALUE=DURATION and X-PUBLISHED-TTL
        entries: tuple[Entry, ...],  # written in this order; UIDs must be unique
        prodid: str = DEFAULT_PRODID,
    )
    Person(email: str, name: str = "")

    build_calendar(cal: Calendar, *, dtstamp: datetime) -> bytes
        # a subscription feed (no METHOD). dtstamp: aware; pass something that changes only
        # with the data (e.g. the newest last_modified) so unchanged feeds keep their ETag.
    build_invitation(entry: Entry, *, method: str, organizer: Person,
                     attendees: tuple[Person, ...], dtstamp: datetime,
                     prodid: str = DEFAULT_PRODID) -> bytes
        # RFC 5546 e-mail invitation: method "REQUEST" (entry not cancelled) or "CANCEL"
        # (entry.status == "CANCELLED", same UID, a higher SEQUENCE than last sent).
    load_zone(name: str) -> ZoneInfo
        # the zone from PyPI tzdata, whatever the system database says (see zones.py)

Bad input raises ValueError when the dataclass is constructed (or, for arguments of the
builders, when they are called): a naive datetime, fractions of a second in start/end,
end <= start, a date mixed with a datetime, an unknown zone, an unknown status, method or
class, a control character in text (tab and line breaks are fine), a comma or line break in a
category (parsers split on escaped commas), duplicate UIDs in one calendar. A wrong type of
argument (a list where a tuple is expected, None for a string) raises TypeError.
Text is normalized, not refused: CRLF and CR become LF, U+FEFF is removed.
A cancelled entry's summary is the caller's business (prefix it, e.g. "CANCELLED: ...").

A timed value is written as wall time with TZID, except where it is written in UTC
(``...Z``): zones that are UTC ("UTC", "Etc/UTC"...), a wall time in the hour repeated when
clocks go back, which RFC 5545 reads as the first occurrence and ical.js as the second, and
the rare earlier period of a zone that stood at +00:00 all year (see zones.py).

The TZID is the zone's IANA name, except where the zone's rules changed between the first and
the last value of that zone in the calendar: values of an earlier period then have a TZID of
their own, ``"Asia/Almaty (until 2024-03-01)"``, because Outlook reads one rule per VTIMEZONE
(see zones.py for the why and the form).

The output: UTF-8, CRLF after every line, no empty lines, lines folded at 75 octets without
splitting a UTF-8 character or an escape pair, one VTIMEZONE per TZID used (current rules,
spanning only the entries, each holding one rule: one STANDARD block, and one DAYLIGHT with
yearly RRULEs for zones with daylight saving time) before the events.
"""

from .builder import METHODS, build_calendar, build_invitation
from .model import CLASSIFICATIONS, DEFAULT_PRODID, STATUSES, Calendar, Entry, Person
from .zones import load_zone

__all__ = [
    "CLASSIFICATIONS",
    "DEFAULT_PRODID",
    "METHODS",
    "STATUSES",
    "Calendar",
    "Entry",
    "Person",
    "build_calendar",
    "build_invitation",
    "load_zone",
]
