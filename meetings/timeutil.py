"""Instants and local times. Stored: UTC instants; shown and exported: the meeting's zone."""

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from calendar_export.zones import known_zone_names, load_zone

# Years a CICA meeting can have: the Conference was founded in 1992; beyond 2100 is a typing slip.
FIRST_YEAR, LAST_YEAR = 1992, 2100


# Every zone comes from the PyPI ``tzdata`` package, never an older database of the system
# (Kazakhstan moved to UTC+5 on 1 March 2024 and old system data still says +6), through the
# same loader as the calendars' VTIMEZONEs, so pages, PDFs and feeds use the very same rules.
# The process-wide zoneinfo search path is left alone (calendar_export/zones.py says why).
@cache
def available_timezones() -> tuple[str, ...]:
    return tuple(sorted(z for z in known_zone_names() if "/" in z and not z.startswith(("Etc/", "SystemV/"))))


def zone(name: str) -> ZoneInfo:
    return load_zone(name)


def is_valid_timezone(name: str) -> bool:
    return name in available_timezones()


def utc_offset(tz: str, instant: datetime) -> str:
    """The zone's offset at an instant, as a reader checks it: "UTC+4", "UTC+5:30", "UTC−3"."""
    minutes = int(to_local(instant, tz).utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_today(tz: str, now: datetime) -> date:
    """Today's date where the meeting is held: due dates and deadlines are days of that calendar."""
    return to_local(now, tz).date()


def to_local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(zone(tz))


def from_local(local: datetime, tz: str) -> datetime:
    """A naive wall-clock time in ``tz`` as a UTC instant."""
    return local.replace(tzinfo=zone(tz)).astimezone(UTC)


def local_dates(start: datetime, end: datetime, tz: str) -> tuple[date, date]:
    """First and last local calendar day touched by [start, end)."""
    last = to_local(end, tz)
    if last.time() == time(0):  # an end at midnight belongs to the day before
        last -= timedelta(microseconds=1)
    return to_local(start, tz).date(), last.date()


# Times of day as people type them: 09:00, 9:00, 9.00, 9,00, 9h30, 9h, 900, 0900, 9, 14.30, 1430.
# ASCII digits only ("²" is a digit to str.isdigit); minutes always two digits ("9.5" is no time).
_CLOCK_TIME = re.compile(r"(?P<h>\d{1,2})(?:[:.,h](?P<m>\d{2})|h)?|(?P<hm>\d{3,4})", re.ASCII)
# Durations: 90 (minutes), 1:30, 1h30, 1h 30m, 1.5h, 1,5 ч, 45 min, 45 мин.
_HOURS_MINUTES = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d{2})|\s*[hч]\s*(?:(?P<hm>\d{1,2})\s*(?:m|min|м|мин)?)?)",
                            re.ASCII | re.IGNORECASE)
_DECIMAL_HOURS = re.compile(r"(?P<h>\d{1,2}[.,]\d{1,2})\s*[hч]", re.ASCII | re.IGNORECASE)
_MINUTES = re.compile(r"(?P<m>\d{1,4})\s*(?:m|min|м|мин)?", re.ASCII | re.IGNORECASE)
LONGEST_DURATION = timedelta(hours=24)


def parse_clock_time(value: str) -> time | None:
    """A time of day typed as people type it, or None when it is none (25:00, 9.75, 9.5, "noon")."""
    found = _CLOCK_TIME.fullmatch(value.strip().lower())
    if found is None:
        return None
    if found["hm"]:
        hours, minutes = int(found["hm"][:-2]), int(found["hm"][-2:])
    else:
        hours, minutes = int(found["h"]), int(found["m"] or 0)
    return time(hours, minutes) if hours <= 23 and minutes <= 59 else None


def parse_duration(value: str) -> timedelta | None:
    """A duration typed as people type it (a bare number is minutes), in whole minutes, more than
    none and at most a day; else None."""
    text = value.strip().lower()
    if found := _HOURS_MINUTES.fullmatch(text):
        minutes = found["m"] or found["hm"] or "0"
        if int(minutes) > 59:
            return None
        duration = timedelta(hours=int(found["h"]), minutes=int(minutes))
    elif found := _DECIMAL_HOURS.fullmatch(text):
        duration = timedelta(hours=float(found["h"].replace(",", ".")))
        if duration % timedelta(minutes=1):  # 1.33 h is no whole number of minutes
            return None
    elif found := _MINUTES.fullmatch(text):
        duration = timedelta(minutes=int(found["m"]))
    else:
        return None
    return duration if timedelta(0) < duration <= LONGEST_DURATION else None
