"""Instants and local times. Stored: UTC instants; shown and exported: the meeting's zone."""

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
