"""Feeds read the way Outlook reads them: ONE rule per VTIMEZONE.

Outlook (MS-OXCICAL 2.1.3.1.1.19) keeps only the STANDARD block with the latest DTSTART and the
DAYLIGHT block with the latest DTSTART, and turns them into one yearly rule: the offsets are
their TZOFFSETTO, the onsets a month and an nth (or last) weekday taken from the RRULE, or from
DTSTART when there is no RRULE; without a DAYLIGHT block the zone has one offset all year.
``one_rule_instants`` below simulates that from the bytes alone, independently of
calendar_export, and every event of every sample feed must come out at the instant zoneinfo
gives it. The other readers (icalendar, ical, vobject, ical.js) must agree as well.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from calendar_export import Calendar, Entry, build_calendar, load_zone
from calendar_export.zones import vtimezone
from tests.calendar_export import samples
from tests.calendar_export.parsers import assert_parses_everywhere

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # datetime.weekday() order


@dataclass(frozen=True)
class Onset:
    """Weekday ``weekday`` (0 = Monday) of week ``week`` (5 = last) of ``month``, at ``time``
    after midnight, in the local time before the change (Windows' SYSTEMTIME convention)."""

    month: int
    week: int
    weekday: int
    time: timedelta

    def local(self, year: int) -> datetime:
        if self.week == 5:
            day = calendar.monthrange(year, self.month)[1]
            while date(year, self.month, day).weekday() != self.weekday:
                day -= 1
        else:
            day = 1 + (self.weekday - date(year, self.month, 1).weekday()) % 7 + 7 * (self.week - 1)
        return datetime(year, self.month, day) + self.time

    @classmethod
    def of(cls, block: icalendar.cal.Component) -> Onset:
        start = block["DTSTART"].dt
        time = start - start.replace(hour=0, minute=0, second=0)
        rrule = block.get("RRULE")
        if rrule is None:  # the table of MS-OXCICAL 2.1.3.1.1.19.2.1: the date of DTSTART
            week = min((start.day - 1) // 7 + 1, 5)
            if start.day + 7 > calendar.monthrange(start.year, start.month)[1]:
                week = 5
            return cls(start.month, week, start.weekday(), time)
        # MS-OXCICAL 2.1.3.1.1.19.2.2: YEARLY, and one occurrence of one weekday
        assert rrule["FREQ"] == ["YEARLY"], f"Outlook needs FREQ=YEARLY: {rrule.to_ical()}"
        assert set(rrule) <= {"FREQ", "BYMONTH", "BYDAY"}, f"Outlook cannot read {rrule.to_ical()}"
        (byday,) = rrule["BYDAY"]
        week = int(byday[:-2])
        assert week in (1, 2, 3, 4, -1), f"Outlook cannot read BYDAY={byday}"
        month = int(rrule["BYMONTH"][0]) if "BYMONTH" in rrule else start.month
        return cls(month, 5 if week == -1 else week, WEEKDAYS.index(byday[-2:]), time)


@dataclass(frozen=True)
class OneRule:
    """What Outlook makes of a VTIMEZONE."""

    standard: timedelta
    daylight: timedelta | None = None
    to_daylight: Onset | None = None  # in standard local time
    to_standard: Onset | None = None  # in daylight local time

    @classmethod
    def of(cls, vtimezone: icalendar.Timezone) -> OneRule:
        def latest(kind: str) -> icalendar.cal.Component | None:
            blocks = [block for block in vtimezone.subcomponents if block.name == kind]
            return max(blocks, key=lambda block: block["DTSTART"].dt) if blocks else None

        standard, daylight = latest("STANDARD"), latest("DAYLIGHT")
        assert standard is not None, f"Outlook needs a STANDARD block: {vtimezone['TZID']}"
        if daylight is None:
            return cls(standard["TZOFFSETTO"].td)
        return cls(standard["TZOFFSETTO"].td, daylight["TZOFFSETTO"].td, Onset.of(daylight), Onset.of(standard))

    def utc(self, local: datetime) -> datetime:
        """The instant of the wall time ``local`` under this one rule."""
        offset = self.standard
        if self.daylight is not None:
            start, end = self.to_daylight.local(local.year), self.to_standard.local(local.year)
            in_daylight = start <= local < end if start < end else not (end <= local < start)
            offset = self.daylight if in_daylight else self.standard
        return (local - offset).replace(tzinfo=UTC)


def read_vtimezone(vtz: icalendar.Timezone) -> icalendar.Timezone:
    """``vtz`` as a reader gets it: written out and parsed again."""
    (parsed,) = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + vtz.to_ical() + b"END:VCALENDAR\r\n").timezones
    return parsed


def one_rule_instants(ics: bytes) -> list[tuple[str, datetime | date, datetime | date]]:
    """(uid, start, end) of every event as a one-rule reader computes them (dates for all-day
    events, UTC datetimes otherwise)."""
    parsed = icalendar.Calendar.from_ical(ics)
    rules = {str(vtz["TZID"]): OneRule.of(vtz) for vtz in parsed.walk("VTIMEZONE")}

    def instant(prop) -> datetime | date:
        value = prop.dt
        if not isinstance(value, datetime):
            return value
        tzid = prop.params.get("TZID")
        if tzid is None:
            assert value.tzinfo is not None and value.utcoffset() == timedelta(0), f"floating time {value}"
            return value.astimezone(UTC)
        return rules[str(tzid)].utc(value.replace(tzinfo=None))

    return [(str(event["UID"]), instant(event["DTSTART"]), instant(event["DTEND"])) for event in parsed.events]


def expected(entries: tuple[Entry, ...]) -> list[tuple[str, datetime | date, datetime | date]]:
    """What zoneinfo says: the entries' own instants."""

    def instant(value: datetime | date) -> datetime | date:
        return value.astimezone(UTC) if isinstance(value, datetime) else value

    return [(entry.uid, instant(entry.start), instant(entry.end)) for entry in entries]


def feed_bytes(cal: Calendar) -> bytes:
    return build_calendar(cal, dtstamp=samples.DTSTAMP)


# name -> (bytes, entries): every sample of samples.py, invitations included
FEEDS = {
    "summit": samples.summit,
    "soc_almaty": samples.soc_almaty,
    "new_york_dst": samples.new_york_dst,
    "cancelled": samples.cancelled,
    "postponed_before": lambda: samples.postponed(after=False),
    "postponed_after": lambda: samples.postponed(after=True),
    "tricky_texts": samples.tricky_texts,
    "long_title": samples.long_title,
    **samples.RULE_CHANGES,
}


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_a_one_rule_reader_puts_every_event_where_zoneinfo_does(name: str) -> None:
    cal = FEEDS[name]()
    assert one_rule_instants(feed_bytes(cal)) == expected(cal.entries)


@pytest.mark.parametrize("cancelled", [False, True])
def test_a_one_rule_reader_reads_invitations_right(cancelled: bool) -> None:
    entry = samples.invitation_entry(cancelled=cancelled)
    assert one_rule_instants(samples.invitation(cancelled=cancelled)) == expected((entry,))


@pytest.mark.parametrize("name", sorted(samples.RULE_CHANGES))
def test_every_engine_agrees_with_zoneinfo_across_rule_changes(name: str) -> None:
    cal = samples.RULE_CHANGES[name]()
    assert assert_parses_everywhere(feed_bytes(cal)) == expected(cal.entries)


def test_the_simulation_catches_what_outlook_got_wrong() -> None:
    # The VTIMEZONE the builder wrote before for Almaty in 2021-2025: two STANDARD blocks,
    # +06 then +05. A one-rule reader applies +05 to 2021 and puts the session an hour late.
    vtz = vtimezone("Asia/Almaty", date(2021, 6, 15), date(2025, 4, 8))
    assert [block["TZOFFSETTO"].to_ical() for block in vtz.standard] == ["+0600", "+0500"]
    rule = OneRule.of(read_vtimezone(vtz))
    local = datetime(2021, 6, 15, 10)
    assert rule.utc(local) == datetime(2021, 6, 15, 5, tzinfo=UTC)
    assert local.replace(tzinfo=load_zone("Asia/Almaty")).astimezone(UTC) == datetime(2021, 6, 15, 4, tzinfo=UTC)


def test_the_simulation_reads_a_yearly_rule_like_outlook() -> None:
    rule = OneRule.of(read_vtimezone(vtimezone("America/New_York", date(2026, 1, 1), date(2026, 12, 31))))
    assert rule.utc(datetime(2026, 3, 8, 1, 59)) == datetime(2026, 3, 8, 6, 59, tzinfo=UTC)  # EST
    assert rule.utc(datetime(2026, 3, 8, 3, 0)) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # EDT
    assert rule.utc(datetime(2026, 11, 1, 0, 59)) == datetime(2026, 11, 1, 4, 59, tzinfo=UTC)  # EDT
    assert rule.utc(datetime(2026, 11, 1, 2, 0)) == datetime(2026, 11, 1, 7, 0, tzinfo=UTC)  # EST


# Zones whose rules changed since 2008, of CICA members and of every shape: a new standard
# offset (Almaty, Qyzylorda, Pyongyang, Caracas), DST dropped (Istanbul, Moscow, Minsk, Baku,
# Yerevan, Tehran with its fixed calendar days, Amman, Mexico City, São Paulo in the south),
# DST dropped and brought back (Ulaanbaatar), the date line crossed (Apia), DST suspended for
# Ramadan (Casablanca). Cairo, Gaza, Jerusalem and Santiago are left out: their current rules
# are ones Outlook cannot read (see calendar_export/zones.py).
SINCE_2008 = [
    "Asia/Almaty", "Asia/Qyzylorda", "Asia/Pyongyang", "America/Caracas", "Europe/Istanbul",
    "Europe/Moscow", "Europe/Minsk", "Asia/Baku", "Asia/Yerevan", "Asia/Tehran", "Asia/Amman",
    "America/Mexico_City", "America/Sao_Paulo", "Asia/Ulaanbaatar", "Pacific/Apia",
    "Africa/Casablanca",
]  # fmt: skip


@pytest.mark.parametrize("name", SINCE_2008)
def test_monthly_meetings_since_2008_read_right_everywhere(name: str) -> None:
    starts = []
    day = datetime(2008, 1, 10, 10)
    while day.year < 2028:
        starts.append(day)
        day += timedelta(days=31)
    cal = samples.feed("CICA meetings", samples.sessions(name, "monthly", tuple(starts), hours=2))
    ics = feed_bytes(cal)
    assert one_rule_instants(ics) == expected(cal.entries)
    assert assert_parses_everywhere(ics) == expected(cal.entries)
    parsed = icalendar.Calendar.from_ical(ics)
    assert str(parsed.events[-1]["DTSTART"].params["TZID"]) == name  # the latest: the zone's own name
    for vtz in parsed.timezones:  # one rule each: one STANDARD, at most one DAYLIGHT
        kinds = sorted(block.name for block in vtz.subcomponents)
        assert kinds in (["STANDARD"], ["DAYLIGHT", "STANDARD"]), (str(vtz["TZID"]), kinds)
