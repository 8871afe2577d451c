"""The plain data the builders take. Everything is checked on construction (ValueError)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from .zones import load_zone

__all__ = [
    "CLASSIFICATIONS",
    "DEFAULT_PRODID",
    "STATUSES",
    "Calendar",
    "Entry",
    "Person",
    "clean_text",
]

DEFAULT_PRODID = "-//CICA Secretariat//CICA Meetings//EN"
STATUSES = ("TENTATIVE", "CONFIRMED", "CANCELLED")
CLASSIFICATIONS = ("PUBLIC", "PRIVATE", "CONFIDENTIAL")

# RFC 5545 3.3.11: TEXT carries any character but CONTROL (U+0000-U+0008, U+000A-U+001F,
# U+007F); a tab is allowed as it is and a line break is escaped as "\n". Surrogates are not
# characters and have no UTF-8 form. Everything else (C1 controls, U+2028, noncharacters...)
# is valid and read back unchanged by icalendar, ical, vobject and ical.js (property tests).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_EMAIL = re.compile(r"^[^\s@\"<>:;,\\()\[\]]+@[^\s@\"<>:;,\\()\[\]]+\.[^\s@\"<>:;,\\()\[\]]+$")


def clean_text(value: str, field: str, *, multiline: bool = True) -> str:
    """``value`` with CRLF and CR turned into LF (what a browser's textarea sends becomes one
    line break) and byte order marks (U+FEFF) removed: they carry no text, and icalendar
    7.3.2 silently drops one at the start of a value. ValueError for characters iCalendar
    cannot carry."""
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, not {type(value).__name__}")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise ValueError(f"{field} contains the control character U+{ord(bad.group()):04X}")
    if not multiline and "\n" in value:
        raise ValueError(f"{field} must be a single line")
    return value


def _check_token(value: object, field: str) -> str:
    """A UID or similar identifier: non-empty, printable, without whitespace."""
    if not isinstance(value, str) or not value or _FORBIDDEN.search(value) or value.split() != [value]:
        raise ValueError(f"{field} must be a non-empty string without spaces or control characters")
    return value


def _check_uri(value: str | None, field: str) -> None:
    if value is None:
        return
    if not isinstance(value, str) or _FORBIDDEN.search(value) or value.split() != [value]:
        raise ValueError(f"{field} must be a URI without spaces or control characters")
    if not urlsplit(value).scheme:
        raise ValueError(f"{field} must be an absolute URI, got {value!r}")


def _utc(value: datetime, field: str) -> datetime:
    """An aware datetime as UTC, to the second (iCalendar has no fractions of a second)."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{field} must be a timezone-aware datetime, got {value!r}")
    return value.astimezone(UTC).replace(microsecond=0)


def _set(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)  # normalizing a frozen dataclass in __post_init__


@dataclass(frozen=True)
class Entry:
    """One VEVENT.

    ``start``/``end`` are either both aware datetimes (a timed entry, written as local time in
    ``timezone`` with TZID and a VTIMEZONE; they are instants, converted to ``timezone`` if
    given in another zone, e.g. UTC) or both dates (an all-day entry; ``end`` is EXCLUSIVE:
    a meeting on 14-16 September ends on 17 September). ``timezone`` is an IANA name,
    required for timed entries. ``created``/``last_modified`` are aware datetimes (stored as
    UTC). Text fields are plain text; CRLF and CR become LF.
    """

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    timezone: str | None = None
    sequence: int = 0
    status: str = "CONFIRMED"
    created: datetime | None = None
    last_modified: datetime | None = None
    location: str = ""
    description: str = ""
    url: str | None = None
    categories: tuple[str, ...] = ()
    classification: str = "PUBLIC"

    def __post_init__(self) -> None:
        _check_token(self.uid, "uid")
        _set(self, "summary", clean_text(self.summary, "summary"))
        if not self.summary.strip():
            raise ValueError("summary must not be empty")
        _set(self, "location", clean_text(self.location, "location"))
        _set(self, "description", clean_text(self.description, "description"))
        if not isinstance(self.categories, tuple):
            raise TypeError("categories must be a tuple of strings")
        categories = tuple(clean_text(c, "category", multiline=False) for c in self.categories)
        if any(not category.strip() for category in categories):
            raise ValueError("a category must not be empty")
        # CATEGORIES is a comma-separated list; the strict `ical` parser splits even on an
        # escaped comma (`a\,b` becomes `a\` and `b`), so a comma cannot survive.
        if any("," in category for category in categories):
            raise ValueError("a category must not contain a comma")
        _set(self, "categories", categories)
        _check_uri(self.url, "url")
        if type(self.sequence) is not int or self.sequence < 0:
            raise ValueError(f"sequence must be an integer >= 0, got {self.sequence!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {self.status!r}")
        if self.classification not in CLASSIFICATIONS:
            raise ValueError(f"classification must be one of {', '.join(CLASSIFICATIONS)}, got {self.classification!r}")
        for field in ("created", "last_modified"):
            value = getattr(self, field)
            if value is not None:
                _set(self, field, _utc(value, field))
        zone = load_zone(self.timezone) if self.timezone is not None else None
        timed = [isinstance(value, datetime) for value in (self.start, self.end)]
        if timed == [True, True]:
            if zone is None:
                raise ValueError("a timed entry needs a timezone (an IANA name such as 'Asia/Almaty')")
            for field in ("start", "end"):
                value = getattr(self, field)
                if value.utcoffset() is None:
                    raise ValueError(f"{field} must be timezone-aware (floating times are not allowed)")
                if value.microsecond:
                    raise ValueError(f"{field} has fractions of a second, which iCalendar cannot carry")
                local = value.astimezone(zone)
                _set(self, field, local)
        elif timed == [False, False]:
            if not (isinstance(self.start, date) and isinstance(self.end, date)):
                raise ValueError("start and end must be datetimes or dates")
        else:
            raise ValueError("start and end must both be datetimes (timed) or both dates (all-day)")
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


@dataclass(frozen=True)
class Calendar:
    """A subscription feed. ``refresh`` becomes REFRESH-INTERVAL and X-PUBLISHED-TTL."""

    name: str
    description: str
    source_url: str | None
    refresh: timedelta
    entries: tuple[Entry, ...]
    prodid: str = DEFAULT_PRODID

    def __post_init__(self) -> None:
        _set(self, "name", clean_text(self.name, "name", multiline=False))
        if not self.name.strip():
            raise ValueError("a calendar needs a name")
        _set(self, "description", clean_text(self.description, "description"))
        _check_uri(self.source_url, "source_url")
        if not isinstance(self.refresh, timedelta) or self.refresh <= timedelta(0):
            raise ValueError("refresh must be a positive timedelta")
        if self.refresh % timedelta(seconds=1):
            raise ValueError("refresh must be a whole number of seconds")
        _check_prodid(self.prodid)
        if not isinstance(self.entries, tuple) or not all(isinstance(e, Entry) for e in self.entries):
            raise TypeError("entries must be a tuple of Entry")
        uids = [entry.uid for entry in self.entries]
        if len(set(uids)) != len(uids):
            raise ValueError("two entries of one calendar share a UID")


@dataclass(frozen=True)
class Person:
    """An organizer or attendee of an invitation."""

    email: str
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.email, str) or not _EMAIL.match(self.email):
            raise ValueError(f"not a usable e-mail address: {self.email!r}")
        _set(self, "name", clean_text(self.name, "name", multiline=False))


def _check_prodid(prodid: str) -> None:
    if not isinstance(prodid, str) or not prodid.strip():
        raise ValueError("prodid must not be empty")
    clean_text(prodid, "prodid", multiline=False)
