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

One rule per VTIMEZONE, one TZID per period. Outlook reads only the STANDARD and the DAYLIGHT
block with the latest DTSTART of a VTIMEZONE and applies them as one yearly rule to every date
(MS-OXCICAL 2.1.3.1.1.19.2). A feed with Almaty meetings of 2021 (+06) and 2025 (+05) used to
get one VTIMEZONE with two STANDARD blocks, +06 then +05, and Outlook showed the 2021 meetings
an hour late, while icalendar, ical, vobject and ical.js, which read every block, were right.
No single VTIMEZONE can be right for Outlook on both sides of a change of a zone's rules, so
:func:`zone_periods` gives every VTIMEZONE one rule (one STANDARD block, or one STANDARD and one
DAYLIGHT with yearly RRULEs, right for every value written with it and all the time between),
and where the values of one zone in one calendar span a change of its rules, one TZID per
period:

- the IANA name (``Asia/Almaty``) for the values the zone's current rule gets right, back from
  the latest; a calendar whose VTIMEZONE already held one rule is written exactly as before;
- ``Asia/Almaty (until 2024-03-01)`` for an earlier period: the IANA name, then the local date
  from which that period's rule is wrong. IANA names have no spaces, so this can never be, nor
  become, a real zone's name; readers that do not know a TZID use the embedded VTIMEZONE
  (checked for icalendar, ical, vobject and ical.js), and a reader that looks for an IANA name
  inside an unknown TZID finds the right zone, whose history gives the same instants.

The periods are the zone's, found from tzdata alone, going back from the start of its current
rule: each the longest stretch that one rule gets right, a fixed offset or a yearly rule read
from the zone's changes around the stretch's end (New York before 2007: first Sunday of April
to last Sunday of October); each one's VTIMEZONE starts in 1970, whatever the calendar holds.
So an earlier period keeps its TZID when meetings are added or removed, and one such TZID
always comes with one definition, in every calendar: icalendar and vobject keep, for the rest
of the process, the first definition they meet for a TZID they do not know. Periods of one
calendar with the same rule share one TZID (the latest's).

Two workarounds for readers, each tested: a fixed offset's lone STANDARD block repeats its
DTSTART as RDATE, because the ``ical`` package (14.3) takes no onset from a DTSTART alone and
read such a TZID as UTC (Outlook ignores onsets in a zone without DAYLIGHT, and RFC 5545 counts
the onset once); and an earlier period at +00:00 all year is written in UTC (``...Z``), because
vobject takes a definition that matches UTC from 2000 to 2019 for UTC and leaves the TZID
undefined. A reader that knows only IANA names and ignores VTIMEZONE would not place events of
an earlier period; none of the readers we can run does that, and we could not check Google
Calendar.

Left as before: a zone that does not follow its current rule for a year from its latest value
in the calendar (a change tzdata already announces falls after it) keeps :func:`vtimezone`'s
blocks for the whole span, and the current period of Cairo, whose rule RRULE cannot say, keeps
its transition list: Outlook misreads both, as it did.
"""

from __future__ import annotations

import bisect
import calendar
import copy
import functools
import importlib.resources
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

__all__ = ["Period", "known_zone_names", "load_zone", "period_tzid", "vtimezone", "zone_of_tzid", "zone_periods"]

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

    A fresh copy of a cached component (see :func:`_shared_vtimezone`): the caller may change it.

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
    ical.js included, for the zones of CICA members and every shape of rule. Across a change
    of the zone's rules the window gets several blocks of a kind, which Outlook misreads; the
    builder therefore goes through :func:`zone_periods`, which splits such spans.
    """
    if last < first:
        raise ValueError("the last date of a time zone window precedes the first")
    return copy.deepcopy(_shared_vtimezone(name, first, last))


# Building a VTIMEZONE asks zoneinfo for an offset some thousands of times (a day at a time over
# the window, and every year of the rule): most of a small calendar's build, on every request.
# The same feed asks for the same window again and again, so the components are kept, by exact
# window (the COMMENT names its dates); bounded, since windows come from the data.
@functools.lru_cache(maxsize=512)
def _shared_vtimezone(name: str, first: date, last: date) -> Timezone:
    """:func:`vtimezone`'s component, shared by every caller: never hand it out, never change it
    (icalendar components are mutable); copy it, or only serialize it."""
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


# --- one rule per VTIMEZONE ---------------------------------------------------------------------

_YEAR = timedelta(days=366)
# Where the search for a zone's periods stops, and where their VTIMEZONEs begin: times before
# it, in a zone whose rules changed since, are written in UTC.
_FLOOR = datetime(1970, 1, 1, tzinfo=UTC)
_PERIOD_TZID = re.compile(r"^(?P<name>\S+) \(until (?P<until>\d{4}-\d{2}-\d{2})\)$")


def period_tzid(name: str, until: date) -> str:
    """The TZID for zone ``name`` as it was until the local date ``until``; never an IANA name
    (those have no spaces), and the IANA name still opens it."""
    return f"{name} (until {until.isoformat()})"


def zone_of_tzid(tzid: str) -> str:
    """The IANA name behind a TZID written by this package: ``tzid`` itself, or the name that
    opens a :func:`period_tzid`."""
    match = _PERIOD_TZID.match(tzid)
    return match["name"] if match else tzid


@dataclass(frozen=True)
class Period:
    """Wall times of one zone written with one TZID, and that TZID's VTIMEZONE; ``tzid`` and
    ``vtimezone`` are None for wall times to be written in UTC instead."""

    tzid: str | None
    vtimezone: Timezone | None
    times: tuple[datetime, ...]  # naive wall times, earliest first


def zone_periods(name: str, times: Iterable[datetime]) -> list[Period]:
    """The TZIDs and VTIMEZONEs for the aware ``times`` of zone ``name`` in one calendar.

    Each VTIMEZONE holds one rule (one STANDARD block, or one STANDARD and one DAYLIGHT with
    yearly RRULEs) that is right for every wall time written with its TZID, because Outlook
    reads only the latest STANDARD and DAYLIGHT blocks (see the module docstring):

    - if :func:`vtimezone` for all the times already holds one rule, it alone, as before;
    - if the zone follows its current rule (tzdata's POSIX footer) from the latest time for a
      year, the times since that rule was last wrong get the zone's name and the current rule;
      the earlier ones are split into the zone's periods, found from tzdata alone, going back:
      each the longest stretch that one rule (a fixed offset, or a yearly rule read from the
      zone's changes around its end) gets right. A period's TZID is :func:`period_tzid` with
      the local date from which its rule is wrong, and since the periods depend on the zone
      and not on the calendar, one such TZID always comes with one definition;
    - otherwise (the latest times fall before a change tzdata announces), :func:`vtimezone`
      for all the times, as before.

    Earlier periods with the same rule share a TZID (and one with the current rule, the zone's
    own name). The few times left without a TZID are in a last period with ``tzid`` None, to
    be written in UTC: those of a period at +00:00 all year (vobject would read its TZID as
    UTC and drop it), of a period whose end cannot be named, before 1970, and any a one-rule
    reader would find skipped or repeated.
    """
    zone = load_zone(name)
    instants: dict[datetime, datetime] = {}
    for time in times:
        if time.utcoffset() is None:
            raise ValueError("zone_periods needs aware datetimes")
        instants[time.replace(tzinfo=None)] = time.astimezone(UTC)
    walls = sorted(instants, key=instants.__getitem__)
    if not walls:
        return []
    whole = _shared_vtimezone(name, walls[0].date(), walls[-1].date())
    if _one_rule(whole) or len(whole.subcomponents) == 1:  # one block, even a lone DAYLIGHT: as before
        return [Period(name, copy.deepcopy(whole), tuple(walls))]
    end = instants[walls[-1]]
    horizon = end + 2 * _YEAR
    changes = _changes_since_floor(name, horizon + timedelta(days=1))
    footer = _footer_rule(name)
    if footer is None or not _agrees(zone, footer, changes, end, end + _YEAR):
        return [Period(name, copy.deepcopy(whole), tuple(walls))]
    start = _since(zone, footer, changes, end)
    current = [wall for wall in walls if instants[wall] >= start]
    in_utc = [wall for wall in current if not _reads_right(footer, wall, instants)]
    # rule -> [tzid, wall times, instants at which zoneinfo names the rule's offsets]
    periods: dict[_Rule | _Fixed, list] = {footer: [name, [wall for wall in current if wall not in in_utc], []]}
    earlier = [wall for wall in walls if instants[wall] < start]
    while earlier and start > _FLOOR:
        probe = start - timedelta(seconds=1)
        rule, start = _period_before(zone, footer, changes, probe)
        group = [wall for wall in earlier if instants[wall] >= start]
        earlier = earlier[: len(earlier) - len(group)]
        if not group:
            continue
        right = [wall for wall in group if _reads_right(rule, wall, instants)]
        in_utc += [wall for wall in group if wall not in right]
        if rule in periods:
            periods[rule][1] = right + periods[rule][1]
            continue
        until = _until(zone, rule, changes, probe, horizon)
        tzid = None if until is None else period_tzid(name, (until + _offset_before(zone, until)).date())
        if tzid is None or tzid in (period[0] for period in periods.values()) or rule == _Fixed(timedelta(0)):
            in_utc += right
            continue
        periods[rule] = [tzid, right, [start, probe, *rule.changes_between(start, until)]]
    in_utc += earlier  # before 1970
    found = []
    for rule, (tzid, group, points) in periods.items():
        if not group:
            continue
        if rule is footer:
            found.append(_current_period(zone, name, footer, group, instants))
        else:
            found.append(
                Period(tzid, _period_vtimezone(zone, tzid, rule, None, _names(zone, rule, points)), tuple(group))
            )
    if in_utc:
        found.append(Period(None, None, tuple(sorted(in_utc, key=instants.__getitem__))))
    return found


def _current_period(zone: ZoneInfo, name: str, footer: _Rule | _Fixed, walls: list[datetime], instants: dict) -> Period:
    """The zone's own name for the wall times its current rule gets right: what
    :func:`vtimezone` gives them if it holds one rule, else the current rule alone, else
    (Cairo, whose rule RRULE cannot say) :func:`vtimezone`'s transition list, as before."""
    vtz = _shared_vtimezone(name, walls[0].date(), walls[-1].date())
    if not _one_rule(vtz):
        names = _names(zone, footer, [instants[wall] for wall in walls])
        vtz = _period_vtimezone(zone, name, footer, walls[0], names) or vtz
    return Period(name, copy.deepcopy(vtz), tuple(walls))


def _one_rule(vtz: Timezone) -> bool:
    """Whether ``vtz`` holds one rule as Outlook reads it: one STANDARD block, or one STANDARD
    and one DAYLIGHT, both with an RRULE (MS-OXCICAL wants a STANDARD block; icalendar gives
    a window at summer time a lone DAYLIGHT one)."""
    names = sorted(block.name for block in vtz.subcomponents)
    if names == ["STANDARD"]:
        return True
    return names == ["DAYLIGHT", "STANDARD"] and all("RRULE" in block for block in vtz.subcomponents)


def _offset_before(zone: ZoneInfo, instant: datetime) -> timedelta:
    return (instant - timedelta(seconds=1)).astimezone(zone).utcoffset()


def _agrees(zone: ZoneInfo, rule: _Rule | _Fixed, changes: list[datetime], start: datetime, end: datetime) -> bool:
    """Whether ``rule`` gives every instant from ``start`` to ``end`` zoneinfo's offset. Both
    are constant between their changes, so checking ``start`` and every change is enough."""
    points = [start, *changes[bisect.bisect_right(changes, start) : bisect.bisect_right(changes, end)]]
    points += rule.changes_between(start, end)
    return all(point.astimezone(zone).utcoffset() == rule.offset_at(point) for point in points)


def _since(zone: ZoneInfo, rule: _Rule | _Fixed, changes: list[datetime], instant: datetime) -> datetime:
    """Where the stretch that ends at ``instant`` and that ``rule`` gets right all along
    begins (``rule`` being right at ``instant``); :data:`_FLOOR` at the earliest."""
    points = {*changes[: bisect.bisect_right(changes, instant)], *rule.changes_between(_FLOOR, instant)}
    for point in sorted(points, reverse=True):
        before = point - timedelta(seconds=1)
        if before.astimezone(zone).utcoffset() != rule.offset_at(before):
            return point
    return _FLOOR


def _until(
    zone: ZoneInfo, rule: _Rule | _Fixed, changes: list[datetime], after: datetime, horizon: datetime
) -> datetime | None:
    """The first change after ``after`` where ``rule`` and zoneinfo part; None if they do not
    part before ``horizon``."""
    points = changes[bisect.bisect_right(changes, after) : bisect.bisect_right(changes, horizon)]
    for point in sorted({*points, *rule.changes_between(after, horizon)}):
        if point.astimezone(zone).utcoffset() != rule.offset_at(point):
            return point
    return None


def _reads_right(rule: _Rule | _Fixed, wall: datetime, instants: dict) -> bool:
    """Whether a reader of ``rule`` alone puts the wall time at its instant (not in an hour it
    skips or repeats, which zoneinfo might not)."""
    found = ((wall - offset).replace(tzinfo=UTC) for offset in set(rule.offsets))
    read = [instant for instant in found if rule.offset_at(instant) == wall - instant.replace(tzinfo=None)]
    return read == [instants[wall]]


def _period_before(
    zone: ZoneInfo, footer: _Rule | _Fixed, changes: list[datetime], instant: datetime
) -> tuple[_Rule | _Fixed, datetime]:
    """The rule of the zone's period that holds at ``instant``, and where that period begins:
    of the rules right at ``instant``, the one right the longest before it (the first of
    equals in the order of :func:`_candidates`)."""
    best = None
    for rule in _candidates(zone, footer, changes, instant):
        if rule.offset_at(instant) != instant.astimezone(zone).utcoffset():
            continue
        since = _since(zone, rule, changes, instant)
        if best is None or since < best[1]:
            best = (rule, since)
    return best  # the zone's own offset at ``instant`` is always right there


def _candidates(
    zone: ZoneInfo, footer: _Rule | _Fixed, changes: list[datetime], instant: datetime
) -> list[_Rule | _Fixed]:
    """Rules that may hold at ``instant`` and before, in order of preference: the current rule
    (in force again), yearly rules read from the changes of its year and the years either
    side, and last the offset at ``instant`` all year. Not rules RRULE cannot say."""
    year = instant.astimezone(zone).year
    found: list[_Rule | _Fixed] = [footer]
    for around in (year, year - 1, year + 1):
        found += _rules_of_year(zone, changes, around)
    found.append(_Fixed(instant.astimezone(zone).utcoffset()))
    return [rule for rule in found if isinstance(rule, _Fixed) or None not in (rule.start.rrule(), rule.end.rrule())]


def _rules_of_year(zone: ZoneInfo, changes: list[datetime], year: int) -> list[_Rule]:
    """Yearly rules that describe the zone's changes in ``year``, if there are two of them,
    there and back; each change as the nth or last weekday of its month."""
    in_year = [change for change in changes if change.year == year]
    if len(in_year) != 2:
        return []
    offsets = [(_offset_before(zone, change), change.astimezone(zone).utcoffset()) for change in in_year]
    if offsets[0] != offsets[1][::-1] or offsets[0][0] == offsets[0][1]:
        return []
    std, dst = sorted(offsets[0])
    to_dst, to_std = in_year if offsets[0][1] == dst else in_year[::-1]
    starts = _onsets((to_dst + std).replace(tzinfo=None))
    ends = _onsets((to_std + dst).replace(tzinfo=None))
    return [_Rule(std, dst, start, end) for start in starts for end in ends]


def _onsets(local: datetime) -> list[_Onset]:
    """``local`` as a weekday of its month: the last one first (tzdata's usual form), then
    the nth."""
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    weekday = _posix_weekday(local.date())
    found = []
    if local.day + 7 > calendar.monthrange(local.year, local.month)[1]:
        found.append(_Onset(local.month, 5, weekday, seconds))
    if local.day <= 28:
        found.append(_Onset(local.month, (local.day - 1) // 7 + 1, weekday, seconds))
    return found


def _period_vtimezone(
    zone: ZoneInfo, tzid: str, rule: _Rule | _Fixed, first: datetime | None, names: dict[timedelta, str]
) -> Timezone | None:
    """A VTIMEZONE holding ``rule`` alone; None if RRULE cannot say the rule.

    It starts before ``first`` (a wall time), as :func:`vtimezone` does, for the zone's own
    name; in 1970 for a :func:`period_tzid` (``first`` None), whatever the calendar holds, so
    that one such TZID always comes with one definition: icalendar and vobject keep the first
    definition they meet for a TZID for the rest of the process.
    """
    if isinstance(rule, _Rule):
        return _rule_vtimezone(zone, tzid, rule, first.year - 1 if first else _FLOOR.year, names)
    onset = datetime(first.year, first.month, first.day) if first else _FLOOR.replace(tzinfo=None)
    block = TimezoneStandard()
    block.add("DTSTART", onset)
    # The RDATE repeats DTSTART for the ``ical`` package (14.3), which takes no onset from a
    # DTSTART alone and so reads a TZID it does not know as UTC. Outlook ignores onsets in a
    # zone without DAYLIGHT (MS-OXCICAL 2.1.3.1.1.19.2.1), and RFC 5545 counts the onset once.
    block.add("RDATE", onset)
    block.add("TZOFFSETFROM", rule.offset)
    block.add("TZOFFSETTO", rule.offset)
    block.add("TZNAME", names[rule.offset])
    vtz = Timezone()
    vtz.add("TZID", tzid)
    vtz.add_component(block)
    return vtz


def _names(zone: ZoneInfo, rule: _Rule | _Fixed, points: list[datetime]) -> dict[timedelta, str]:
    """TZNAMEs for the rule's offsets: what zoneinfo calls them at the latest of the given
    instants with that offset, else the offset in tzdata's style."""
    names: dict[timedelta, str] = {}
    wanted = len(set(rule.offsets))
    for point in sorted(points, reverse=True):
        if len(names) == wanted:
            break  # the points may be every value of a large calendar
        local = point.astimezone(zone)
        if local.utcoffset() in rule.offsets:
            names.setdefault(local.utcoffset(), local.tzname())
    for offset in rule.offsets:
        sign = "-" if offset < timedelta(0) else "+"
        hours, minutes = divmod(abs(offset) // timedelta(minutes=1), 60)
        names.setdefault(offset, f"{sign}{hours:02d}{minutes:02d}" if minutes else f"{sign}{hours:02d}")
    return names


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
_POSIX_FIXED = re.compile(rf"^{_NAME}(?P<std>{_OFFSET})$")
_POSIX_TZ = re.compile(
    rf"^{_NAME}(?P<std>{_OFFSET}){_NAME}(?P<dst>{_OFFSET})?"
    rf",{_DATE}(?:/(?P<t1>{_OFFSET}))?,{_DATE}(?:/(?P<t2>{_OFFSET}))?$"
)


def _posix_seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


@functools.cache  # one per zone at most
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

    @property
    def offsets(self) -> tuple[timedelta, timedelta]:
        return (self.std, self.dst)

    def changes(self) -> tuple[tuple[_Onset, timedelta, timedelta], ...]:
        """(onset, offset before, offset after) of both changes."""
        return ((self.start, self.std, self.dst), (self.end, self.dst, self.std))

    def transitions(self, first_year: int, last_year: int) -> tuple[tuple[datetime, timedelta], ...]:
        """(instant, offset after) of every change from ``first_year`` to ``last_year``, sorted."""
        return _transitions(self, first_year, last_year)

    def offset_at(self, instant: datetime) -> timedelta:
        """The UTC offset a reader of this rule alone gives ``instant``."""
        offset = self.std
        for change, offset_to in self.transitions(instant.year - 1, instant.year + 1):
            if change > instant:
                break
            offset = offset_to
        return offset

    def changes_between(self, start: datetime, end: datetime) -> list[datetime]:
        """The instants in (start, end] where this rule changes offset."""
        return [change for change, _ in self.transitions(start.year - 1, end.year + 1) if start < change <= end]


# offset_at asks for the same three years for every value of a calendar in that zone.
@functools.lru_cache(maxsize=4096)
def _transitions(rule: _Rule, first_year: int, last_year: int) -> tuple[tuple[datetime, timedelta], ...]:
    return tuple(sorted(change for year in range(first_year, last_year + 1) for change in _year_transitions(rule, year)))


@functools.lru_cache(maxsize=4096)
def _year_transitions(rule: _Rule, year: int) -> tuple[tuple[datetime, timedelta], ...]:
    return tuple(
        ((onset.local_time(year) - offset_from).replace(tzinfo=UTC), offset_to)
        for onset, offset_from, offset_to in rule.changes()
    )


@dataclass(frozen=True)
class _Fixed:
    """One offset all year."""

    offset: timedelta

    @property
    def offsets(self) -> tuple[timedelta]:
        return (self.offset,)

    def offset_at(self, instant: datetime) -> timedelta:
        return self.offset

    def changes_between(self, start: datetime, end: datetime) -> list[datetime]:
        return []


def _footer_rule(name: str) -> _Rule | _Fixed | None:
    """The zone's rule for all future years (the POSIX TZ string ending its TZif file), or
    None for a form not handled here."""
    footer = _posix_footer(name)
    fixed = _POSIX_FIXED.match(footer)
    if fixed is not None:
        return _Fixed(timedelta(seconds=-_posix_seconds(fixed["std"])))  # POSIX counts west
    match = _POSIX_TZ.match(footer)
    if match is None:
        return None
    groups = match.groups()
    std_offset = -_posix_seconds(match["std"])
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
    if not isinstance(rule, _Rule) or not _rule_holds(zone, rule.changes(), first_year, last_year):
        return None  # no daylight saving time in the current rule (or a form we do not use)
    return _rule_vtimezone(zone, name, rule, first_year)


def _rule_vtimezone(
    zone: ZoneInfo, tzid: str, rule: _Rule, first_year: int, names: dict[timedelta, str] | None = None
) -> Timezone | None:
    """One STANDARD and one DAYLIGHT block with yearly RRULEs, first onsets in ``first_year``;
    None if RRULE cannot say an onset. TZNAMEs from ``names`` (offset -> name) if given, else
    what zoneinfo calls the first onsets."""
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
        block.add("TZNAME", names[offset_to] if names is not None else instant.astimezone(zone).tzname())
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


# The zone's changes from _FLOOR are kept per zone up to here (one scan of about 47,000 days),
# since every calendar asks for them up to a horizon that follows its latest value.
_CHANGES_KEPT_UNTIL = datetime(2100, 1, 1, tzinfo=UTC)


def _changes_since_floor(name: str, end: datetime) -> list[datetime]:
    """``_offset_changes(load_zone(name), _FLOOR, end)`` (and perhaps some changes after
    ``end``, which callers bound themselves), from the zone's kept changes where they reach."""
    if end <= _CHANGES_KEPT_UNTIL:
        return list(_kept_changes(name))
    return list(_offset_changes(load_zone(name), _FLOOR, end))


@functools.lru_cache(maxsize=128)
def _kept_changes(name: str) -> tuple[datetime, ...]:
    # Same scan as for any end (a day at a time from _FLOOR), so the same changes before it.
    return tuple(_offset_changes(load_zone(name), _FLOOR, _CHANGES_KEPT_UNTIL))


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
