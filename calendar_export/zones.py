"""Time zones: the IANA database from PyPI ``tzdata``, and VTIMEZONE components.

Why ``tzdata`` and not the system database: clients such as Thunderbird (ical.js) use the
VTIMEZONE we embed, so our rules must be current wherever the app runs. An old system
database still puts Asia/Almaty at +06 (Kazakhstan moved to +05 on 1 March 2024).

Why zones are loaded from the package's files instead of ``zoneinfo.ZoneInfo(key)``: the
latter searches ``zoneinfo.TZPATH`` (the system directories, or ``PYTHONTZPATH``) first and
falls back to ``tzdata`` only when the system has no such zone. ``zoneinfo.reset_tzpath(to=[])``
would fix that, but for the whole process; a library has no business changing process-wide
state behind the application's back (the application may still choose to call it). Reading
``tzdata``'s files ourselves gives the same answer on every machine regardless of the
environment. :func:`load_zone` is public so the app can use the very same rules.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

__all__ = ["known_zone_names", "load_zone", "vtimezone"]

_TZDATA = importlib.resources.files("tzdata")


@functools.cache
def known_zone_names() -> frozenset[str]:
    """Every zone name (including backward-compatible links) that ``tzdata`` ships."""
    names = _TZDATA.joinpath("zones").read_text(encoding="utf-8").split()
    return frozenset(names)


@functools.cache
def load_zone(name: str) -> ZoneInfo:
    """The zone ``name`` (e.g. ``"Asia/Almaty"``) as ``tzdata`` defines it.

    Raises ValueError for a name ``tzdata`` does not know.
    """
    if not isinstance(name, str) or name not in known_zone_names():
        raise ValueError(f"unknown time zone {name!r} (expected an IANA name such as 'Asia/Almaty')")
    with _TZDATA.joinpath("zoneinfo", *name.split("/")).open("rb") as tzif:
        return ZoneInfo.from_file(tzif, key=name)


def vtimezone(name: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for ``name`` valid for local dates ``first`` to ``last`` (inclusive).

    - A zone with yearly daylight saving time (New York, Sydney, Santiago, Jerusalem...) gets
      one STANDARD and one DAYLIGHT block with yearly RRULEs, built here from the zone's
      current POSIX rule, because icalendar writes an RDATE list (Outlook wants RRULEs) and
      puts the DAYLIGHT onset an hour late (03:00 instead of 02:00 local time in New York,
      whereas RFC 5545 3.6.5 expresses onsets in the TZOFFSETFROM time). The rule is checked
      against zoneinfo for every year from the one before the window to the one after.
    - Otherwise, if the offset does not change within the window (Almaty, Baku, Shanghai,
      Dushanbe...), icalendar's ``Timezone.from_tzinfo`` for just this window: one STANDARD
      block with the offset in force, which is what Outlook (reading only the latest
      STANDARD) needs. With icalendar's default 1970-2038 window Almaty would get four
      STANDARD blocks and the latest would say +06.
    - Otherwise (Cairo's "last Thursday at 24:00", which RRULE cannot say; Gaza and
      Casablanca, whose changes follow Ramadan) one block per change in the window.

    tests/calendar_export/test_zones.py checks all three against zoneinfo with every parser,
    ical.js included, for the zones of CICA members and every shape of rule.
    """
    if last < first:
        raise ValueError("the last date of a time zone window precedes the first")
    zone = load_zone(name)
    rule = _yearly_rule(zone, name, first.year - 1, last.year + 1)
    if rule is not None:
        return rule
    # A day of margin on each side: the window is in local dates, the scan in UTC.
    scan_start = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(days=1)
    scan_end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=2)
    changes = list(_offset_changes(zone, scan_start, scan_end))
    if not changes:
        # from_tzinfo treats last_date as exclusive and emits nothing for an empty window.
        return Timezone.from_tzinfo(zone, name, first_date=first, last_date=last + timedelta(days=1))
    return _transition_list(zone, name, scan_start, changes)


def _transition_list(zone: ZoneInfo, name: str, start: datetime, changes: list[datetime]) -> Timezone:
    """One observance for the offset in force at ``start`` and one per change after it, each
    with its own DTSTART (no RDATE lists: ical.js misplaced Cairo's events by an hour from
    icalendar's RDATE-based output, and icalendar puts DAYLIGHT onsets an hour late)."""
    vtz = Timezone()
    vtz.add("TZID", name)
    local_start = start.astimezone(zone)
    observances = [(local_start.replace(tzinfo=None), local_start.utcoffset(), local_start)]
    for change in changes:
        before = (change - timedelta(seconds=1)).astimezone(zone).utcoffset()
        observances.append(((change + before).replace(tzinfo=None), before, change.astimezone(zone)))
    for onset, offset_from, after in observances:
        block = TimezoneDaylight() if after.dst() else TimezoneStandard()
        block.add("DTSTART", onset)  # local time before the change, as RFC 5545 3.6.5 says
        block.add("TZOFFSETFROM", offset_from)
        block.add("TZOFFSETTO", after.utcoffset())
        block.add("TZNAME", after.tzname())
        vtz.add_component(block)
    return vtz


# --- yearly daylight saving rules -------------------------------------------------------------

_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX numbering: 0 is Sunday


@dataclass(frozen=True)
class _Onset:
    """A POSIX ``Mm.w.d/time`` rule: weekday ``d`` of week ``w`` (5 = last) of month ``m``,
    at ``seconds`` after local midnight of that day (may be negative or exceed a day)."""

    month: int
    week: int
    weekday: int
    seconds: int

    def local_time(self, year: int) -> datetime:
        """The onset in ``year``, as local time before the change (RFC 5545's convention)."""
        if self.week == 5:
            following = date(year + 1, 1, 1) if self.month == 12 else date(year, self.month + 1, 1)
            last_day = following - timedelta(days=1)
            day = last_day - timedelta(days=(_posix_weekday(last_day) - self.weekday) % 7)
        else:
            first_day = date(year, self.month, 1)
            day = first_day + timedelta(days=(self.weekday - _posix_weekday(first_day)) % 7)
            day += timedelta(weeks=self.week - 1)
        return datetime(day.year, day.month, day.day) + timedelta(seconds=self.seconds)

    def rrule(self) -> vRecur | None:
        """The yearly RRULE for this onset, or None if RRULE cannot say it."""
        shift_days = self.seconds // 86400
        weekday = _WEEKDAYS[(self.weekday + shift_days) % 7]
        if shift_days == 0:
            nth = -1 if self.week == 5 else self.week
            return vRecur({"FREQ": "YEARLY", "BYMONTH": [self.month], "BYDAY": [f"{nth}{weekday}"]})
        # A whole-day shift ("Sunday after the first Saturday") is a weekday within a fixed
        # range of days of the same month, as long as the range stays inside the month.
        shortest = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(self.month, 31)
        if self.week == 5:
            days = [day + shift_days for day in range(-7, 0)]
            if days[-1] > -1 or days[0] < -shortest:
                return None
            if self.month != 2:
                # ical.js 2.2 ignores negative BYMONTHDAY combined with BYDAY (Nuuk came out an
                # hour off); months other than February have a fixed length, so count forward.
                days = [shortest + 1 + day for day in days]
        else:
            days = [day + shift_days for day in range(7 * self.week - 6, 7 * self.week + 1)]
            if days[0] < 1 or days[-1] > shortest:
                return None
        return vRecur({"FREQ": "YEARLY", "BYMONTH": [self.month], "BYDAY": [weekday], "BYMONTHDAY": days})


def _posix_weekday(day: date) -> int:
    return (day.weekday() + 1) % 7


_NAME = r"(?:[A-Za-z]{3,}|<[+\-0-9A-Za-z]+>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
_DATE = r"M(\d{1,2})\.(\d)\.(\d)"
_POSIX_TZ = re.compile(
    rf"^{_NAME}(?P<std>{_OFFSET}){_NAME}(?P<dst>{_OFFSET})?"
    rf",{_DATE}(?:/(?P<t1>{_OFFSET}))?,{_DATE}(?:/(?P<t2>{_OFFSET}))?$"
)


def _posix_seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _posix_footer(name: str) -> str:
    """The POSIX TZ string at the end of a TZif v2+ file: the rule for all future years."""
    data = _TZDATA.joinpath("zoneinfo", *name.split("/")).read_bytes()
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


@dataclass(frozen=True)
class _Rule:
    """Yearly daylight saving time: at ``start`` (local time at offset ``std``) clocks go to
    ``dst``, at ``end`` (local time at offset ``dst``) back to ``std``. Which of the two is
    the larger offset does not matter here (Dublin's POSIX rule has a "negative" DST)."""

    std: timedelta
    dst: timedelta
    start: _Onset
    end: _Onset

    def changes(self) -> tuple[tuple[_Onset, timedelta, timedelta], ...]:
        """(onset, offset before, offset after) of both changes."""
        return ((self.start, self.std, self.dst), (self.end, self.dst, self.std))


def _footer_rule(name: str) -> _Rule | None:
    """The zone's yearly rule for all future years (the POSIX TZ string ending its TZif file),
    or None without daylight saving time (or for a form not handled here)."""
    match = _POSIX_TZ.match(_posix_footer(name))
    if match is None:
        return None
    groups = match.groups()
    std_offset = -_posix_seconds(match["std"])  # POSIX counts hours west of Greenwich
    dst_offset = -_posix_seconds(match["dst"]) if match["dst"] else std_offset + 3600
    two_am = 2 * 3600
    start = _Onset(
        int(groups[2]), int(groups[3]), int(groups[4]), _posix_seconds(match["t1"]) if match["t1"] else two_am
    )
    end = _Onset(int(groups[6]), int(groups[7]), int(groups[8]), _posix_seconds(match["t2"]) if match["t2"] else two_am)
    if not (1 <= start.month <= 12 and 1 <= end.month <= 12):
        return None
    return _Rule(timedelta(seconds=std_offset), timedelta(seconds=dst_offset), start, end)


def _yearly_rule(zone: ZoneInfo, name: str, first_year: int, last_year: int) -> Timezone | None:
    """A VTIMEZONE with RRULE observances if the zone's POSIX rule holds for every year from
    ``first_year`` to ``last_year``; None if the zone has no such rule in that span."""
    rule = _footer_rule(name)
    if rule is None or not _rule_holds(zone, rule.changes(), first_year, last_year):
        return None  # no daylight saving time in the current rule (or a form we do not use)
    return _rule_vtimezone(zone, name, rule, first_year)


def _rule_vtimezone(zone: ZoneInfo, tzid: str, rule: _Rule, first_year: int) -> Timezone | None:
    """One STANDARD and one DAYLIGHT block with yearly RRULEs, first onsets in ``first_year``;
    None if RRULE cannot say an onset."""
    observances = []
    for onset, offset_from, offset_to in rule.changes():
        rrule = onset.rrule()
        if rrule is None:
            return None
        # Outlook expects the block with the smaller offset to be STANDARD (Dublin's POSIX rule
        # calls its summer time "standard"), so classify by offset, not by POSIX naming.
        block = TimezoneStandard() if offset_to < offset_from else TimezoneDaylight()
        first_onset = onset.local_time(first_year)
        instant = (first_onset - offset_from).replace(tzinfo=UTC)
        block.add("DTSTART", first_onset)
        block.add("TZOFFSETFROM", offset_from)
        block.add("TZOFFSETTO", offset_to)
        block.add("TZNAME", instant.astimezone(zone).tzname())
        block.add("RRULE", rrule)
        observances.append(block)
    vtz = Timezone()
    vtz.add("TZID", tzid)
    # STANDARD first: some readers take the first block as the zone's base offset.
    for block in sorted(observances, key=lambda block: block.name != "STANDARD"):
        vtz.add_component(block)
    return vtz


def _rule_holds(zone: tzinfo, changes, first_year: int, last_year: int) -> bool:
    """Whether the zone changes offset exactly at the rule's onsets in these years."""
    expected = set()
    for year in range(first_year, last_year + 1):
        for onset, offset_from, offset_to in changes:
            instant = (onset.local_time(year) - offset_from).replace(tzinfo=UTC)
            before = (instant - timedelta(seconds=1)).astimezone(zone).utcoffset()
            after = instant.astimezone(zone).utcoffset()
            if (before, after) != (offset_from, offset_to):
                return False
            expected.add(instant)
    span_start = datetime(first_year, 1, 1, tzinfo=UTC)
    span_end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    return set(_offset_changes(zone, span_start, span_end)) <= expected


def _offset_changes(zone: tzinfo, start: datetime, end: datetime):
    """The instants (to the second) in [start, end) where the zone's UTC offset changes.

    Steps a day at a time, so two changes within one day would go unnoticed; no zone does that.
    """
    step = timedelta(days=1)
    current = start
    offset = current.astimezone(zone).utcoffset()
    while current < end:
        following = min(current + step, end)
        following_offset = following.astimezone(zone).utcoffset()
        if following_offset != offset:
            low, high = current, following  # offset(low) == offset, offset(high) differs
            while high - low > timedelta(seconds=1):
                middle = low + timedelta(seconds=(high - low) // timedelta(seconds=2))
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            yield high
            offset = following_offset
        current = following
