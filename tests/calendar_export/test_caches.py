"""What calendar_export keeps between builds (VTIMEZONEs, a zone's changes) never leaks from one
calendar into another: each build gives the bytes a fresh process would give."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from calendar_export import Calendar, build_calendar, load_zone
from calendar_export.zones import vtimezone, zone_periods
from tests.calendar_export import samples
from tests.calendar_export.parsers import assert_parses_everywhere

STAMP = datetime(2026, 5, 4, 10, tzinfo=UTC)


def feed_of(*entries) -> bytes:
    return build_calendar(Calendar("CICA", "", None, timedelta(hours=6), tuple(entries)), dtstamp=STAMP)


def vtimezone_lines(ics: bytes) -> list[bytes]:
    lines = ics.replace(b"\r\n ", b"").split(b"\r\n")
    return lines[lines.index(b"BEGIN:VTIMEZONE") : lines.index(b"END:VTIMEZONE") + 1]


@pytest.fixture
def cold():
    """Forget every kept VTIMEZONE and change list: what a fresh process would build."""

    def clear() -> None:
        from calendar_export import zones

        zones._shared_vtimezone.cache_clear()
        zones._kept_changes.cache_clear()

    clear()
    yield clear
    clear()


def test_one_zone_in_two_spans_gets_the_vtimezone_of_each(cold) -> None:
    short = samples.sessions("Asia/Almaty", "short", (datetime(2026, 7, 1, 10),))
    longer = samples.sessions("Asia/Almaty", "long", (datetime(2026, 7, 1, 10), datetime(2026, 9, 10, 10)))
    first, second, again = feed_of(*short), feed_of(*longer), feed_of(*short)
    assert b"COMMENT:This timezone only works from 2026-07-01 to 2026-07-02." in vtimezone_lines(first)
    assert b"COMMENT:This timezone only works from 2026-07-01 to 2026-09-11." in vtimezone_lines(second)
    assert again == first
    cold()
    assert feed_of(*longer) == second  # as built with nothing kept
    assert assert_parses_everywhere(second) == [
        (entry.uid, entry.start.astimezone(UTC), entry.end.astimezone(UTC)) for entry in longer
    ]


def test_a_changed_vtimezone_does_not_change_the_next_one(cold) -> None:
    entries = samples.sessions("America/New_York", "ny", (datetime(2026, 10, 31, 10), datetime(2026, 11, 3, 10)))
    before = feed_of(*entries)
    handed_out = vtimezone("America/New_York", date(2026, 10, 31), date(2026, 11, 3))
    handed_out["TZID"] = "Mars/Olympus_Mons"
    handed_out.subcomponents[0]["TZOFFSETTO"] = handed_out.subcomponents[1]["TZOFFSETTO"]
    handed_out.subcomponents.pop()
    zone = load_zone("America/New_York")
    (period,) = zone_periods("America/New_York", [datetime(2026, 10, 31, 10, tzinfo=zone)])
    period.vtimezone.add("X-CHANGED", "yes")
    assert feed_of(*entries) == before
    fresh = vtimezone("America/New_York", date(2026, 10, 31), date(2026, 11, 3))
    assert str(fresh["TZID"]) == "America/New_York"
    assert [block.name for block in fresh.subcomponents] == ["STANDARD", "DAYLIGHT"]
    assert "X-CHANGED" not in zone_periods("America/New_York", [datetime(2026, 10, 31, 10, tzinfo=zone)])[0].vtimezone


@pytest.mark.parametrize("latest", [datetime(2097, 6, 2, 10), datetime(2099, 6, 2, 10)])
def test_periods_are_found_with_the_kept_changes_and_beyond_them(cold, latest: datetime) -> None:
    # A calendar reaching into 2099 needs the zone's changes past the end of the kept ones
    # (2100, with the two years of horizon), and is scanned as before.
    zone = load_zone("America/New_York")
    walls = [datetime(2005, 7, 4, 10), latest]
    periods = zone_periods("America/New_York", [wall.replace(tzinfo=zone) for wall in walls])
    assert [(period.tzid, period.times) for period in periods] == [
        ("America/New_York", (latest,)),
        ("America/New_York (until 2007-03-11)", (datetime(2005, 7, 4, 10),)),
    ]
