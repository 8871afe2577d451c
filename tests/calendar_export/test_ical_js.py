"""Mozilla's ical.js (Thunderbird's engine), which uses the VTIMEZONE we embed.

These tests skip with the reason when Node or the pinned ical.js is missing (run
``npm ci --prefix tests/ical_js``), and fail instead when CI=true.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from calendar_export import Calendar, Entry, build_calendar
from tests.calendar_export import samples
from tests.calendar_export.parsers import ical_js_events, ical_js_parse


@pytest.mark.parametrize("name", sorted(samples.GOLDEN))
def test_ical_js_reads_every_golden_calendar(name: str) -> None:
    ics = samples.GOLDEN[name]()
    parsed = ical_js_parse(ics)
    assert ical_js_events(parsed) == samples.EXPECTED_EVENTS[name]
    # ... with the UID, SEQUENCE and STATUS written, which a client uses to replace its copy.
    assert [(e["uid"], e["sequence"], e["status"]) for e in parsed["events"]] == [
        (str(e["UID"]), e["SEQUENCE"], str(e["STATUS"])) for e in icalendar.Calendar.from_ical(ics).events
    ]


def test_ical_js_uses_the_embedded_almaty_definition() -> None:
    parsed = ical_js_parse(samples.GOLDEN["soc_almaty"]())
    assert parsed["timezones"] == ["Asia/Almaty"]
    assert [(e["start"], e["end"]) for e in parsed["events"]] == [
        ({"unix": int(datetime(2026, 7, 1, 5, tzinfo=UTC).timestamp()), "tzid": "Asia/Almaty"},
         {"unix": int(datetime(2026, 7, 1, 8, tzinfo=UTC).timestamp()), "tzid": "Asia/Almaty"}),
        ({"unix": int(datetime(2026, 7, 1, 10, tzinfo=UTC).timestamp()), "tzid": "Asia/Almaty"},
         {"unix": int(datetime(2026, 7, 1, 13, tzinfo=UTC).timestamp()), "tzid": "Asia/Almaty"}),
    ]  # fmt: skip


def test_ical_js_reads_the_tricky_texts_exactly() -> None:
    parsed = ical_js_parse(samples.GOLDEN["tricky_texts"]())
    tricky = samples.TRICKY.replace("\r\n", "\n")
    (event,) = parsed["events"]
    assert (event["summary"], event["location"], event["description"]) == (tricky, tricky, tricky + "\n" + tricky)
    assert event["categories"] == ["СВМДА 亚信; back\\slash 🌏", "Семинар; 研讨会 \\ 🤝"]


NASTY = [
    "\\",
    "\\\\n",
    "C:\\New\\Network \\N \\n",
    "a\\,b\\;c",
    "ends with a backslash \\",
    " leading and trailing spaces ",
    "tab\there",
    "\n\nblank lines\n\n",
    "😀" * 40,
    "я" * 80 + "\\" + "я" * 3,
    "x" * 73 + "\\,",
    "\x85 C1 and \u2028 line separator",
    "Ⅻ ﬁ ẞ ǅ",
]


def test_ical_js_round_trips_nasty_texts() -> None:
    # One calendar, one Node process: the property tests cover the Python parsers.
    start = datetime(2026, 7, 1, 5, tzinfo=UTC)
    entries = tuple(
        Entry(
            uid=f"t-{index}@cica.example",
            summary=f"#{index} {text}",
            start=start,
            end=start + timedelta(hours=1),
            timezone="Asia/Almaty",
            location=text,
            description=text,
        )
        for index, text in enumerate(NASTY)
    )
    ics = build_calendar(Calendar("CICA", "", None, timedelta(hours=1), entries), dtstamp=start)
    parsed = ical_js_parse(ics)
    assert [(e["summary"], e["location"], e["description"]) for e in parsed["events"]] == [
        (f"#{index} {text}", text, text) for index, text in enumerate(NASTY)
    ]
