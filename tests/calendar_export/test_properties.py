"""Property-based tests: any text the model accepts survives every Python parser exactly.

The alphabet is every Unicode character except what iCalendar cannot carry, which the model
refuses (see ``calendar_export.model.clean_text``): the CONTROL characters of RFC 5545
(C0 controls other than tab and line feed, and DEL) and lone surrogates. C1 controls,
U+2028 and the like are allowed and must survive. CR is accepted but becomes LF (CRLF counts
as one line break) and U+FEFF is removed, so the round trip is compared with that normalization.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import vobject
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from calendar_export import Calendar, Entry, build_calendar
from calendar_export.lines import fold_line
from calendar_export.model import _FORBIDDEN
from tests.calendar_export.parsers import (
    assert_byte_rules,
    assert_parses_everywhere,
    texts_everywhere,
)

SETTINGS = settings(max_examples=200, deadline=None)

# Bias towards the characters that break things, but allow any other code point.
SPECIALS = st.sampled_from(
    [
        "\\",
        "\\N",
        "\\n",
        ";",
        ",",
        "\n",
        "\r\n",
        "\r",
        "\t",
        " ",
        ":",
        '"',
        "é",
        "Ж",
        "中",
        "🌏",
        "🇰🇿",
        "\x85",
        "\u2028",
        "\ufeff",
    ]
)
ANY_CHARACTER = st.characters(codec="utf-8").filter(lambda ch: not _FORBIDDEN.match(ch))
TEXT = st.lists(st.one_of(SPECIALS, ANY_CHARACTER), max_size=120).map("".join)
NONEMPTY_TEXT = TEXT.filter(lambda text: expected(text).strip())


def expected(text: str) -> str:
    """What the model makes of ``text``: one LF per line break, no U+FEFF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def one_entry_calendar(summary: str, location: str, description: str) -> bytes:
    entry = Entry(
        uid="agenda-item-1@cica.example",
        summary=summary,
        start=datetime(2026, 7, 1, 4, 0, tzinfo=UTC),
        end=datetime(2026, 7, 1, 6, 0, tzinfo=UTC),
        timezone="Asia/Almaty",
        location=location,
        description=description,
    )
    calendar = Calendar(
        name="CICA",
        description="",
        source_url=None,
        refresh=timedelta(hours=1),
        entries=(entry,),
    )
    return build_calendar(calendar, dtstamp=datetime(2026, 1, 1, tzinfo=UTC))


@SETTINGS
@given(summary=NONEMPTY_TEXT, location=TEXT, description=TEXT)
def test_any_text_round_trips_through_every_python_parser(summary: str, location: str, description: str) -> None:
    ics = one_entry_calendar(summary, location, description)
    assert_byte_rules(ics)
    want = [(expected(summary), expected(location), expected(description))]
    assert texts_everywhere(ics) == {"icalendar": want, "ical": want, "vobject": want}


@settings(max_examples=50, deadline=None)
@given(summary=NONEMPTY_TEXT, description=TEXT)
def test_any_text_gives_a_calendar_every_parser_accepts(summary: str, description: str) -> None:
    # The full check includes ical.js (one Node process per example), hence fewer examples.
    assert assert_parses_everywhere(one_entry_calendar(summary, "", description)) == [
        ("agenda-item-1@cica.example", datetime(2026, 7, 1, 4, tzinfo=UTC), datetime(2026, 7, 1, 6, tzinfo=UTC))
    ]


def rfc5545_escape(text: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11), written independently of the code under test."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@SETTINGS
@given(name=NONEMPTY_TEXT.map(lambda text: expected(text).replace("\n", " ")), description=TEXT)
def test_calendar_name_and_description_are_escaped(name: str, description: str) -> None:
    # Regression test for icalendar 7.3.0, which wrote NAME, X-WR-CALNAME and X-WR-CALDESC
    # unescaped (and failed on a line break) when given a str. icalendar 7.3.2 also reads
    # them back as vUnknown, still escaped, so the values are checked in the raw lines and
    # with vobject and ical, which unescape them.
    assume(name.strip())
    calendar = Calendar(name=name, description=description, source_url=None, refresh=timedelta(hours=1), entries=())
    ics = build_calendar(calendar, dtstamp=datetime(2026, 1, 1, tzinfo=UTC))
    lines = assert_byte_rules(ics)
    description = expected(description)
    raw = {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines}
    assert [raw["NAME"], raw["X-WR-CALNAME"]] == [rfc5545_escape(name)] * 2
    parsed = next(vobject.readComponents(ics.decode("utf-8"), validate=True))
    assert [parsed.contents[key][0].value for key in ("name", "x-wr-calname")] == [name, name]
    strict = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    assert strict.name == [name]
    if description:
        assert [raw["DESCRIPTION"], raw["X-WR-CALDESC"]] == [rfc5545_escape(description)] * 2
        assert [parsed.contents[key][0].value for key in ("description", "x-wr-caldesc")] == [description] * 2
        assert strict.description == [description]
    else:
        assert "DESCRIPTION" not in raw and "X-WR-CALDESC" not in raw


@SETTINGS
@given(
    line=st.lists(st.one_of(SPECIALS, ANY_CHARACTER)).map(
        lambda parts: "".join(parts).replace("\r", "").replace("\n", "")
    )
)
def test_folding_keeps_every_rule(line: str) -> None:
    line = "X-TEST:" + line
    parts = fold_line(line)
    ics = b"\r\n".join(parts) + b"\r\n"
    assert assert_byte_rules(ics) == [line]


@pytest.mark.parametrize("text", ["a" * 200, "я" * 200, "🌏" * 100, "\\," * 100, " " * 200, "a " * 100])
def test_folding_of_extremes(text: str) -> None:
    line = "SUMMARY:" + text
    assert assert_byte_rules(b"\r\n".join(fold_line(line)) + b"\r\n") == [line]


@SETTINGS
@given(first=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)), days=st.integers(1, 30))
def test_all_day_entries_keep_their_dates(first: date, days: int) -> None:
    entry = Entry(uid="m@cica.example", summary="x", start=first, end=first + timedelta(days=days), timezone=None)
    calendar = Calendar(name="CICA", description="", source_url=None, refresh=timedelta(hours=1), entries=(entry,))
    ics = build_calendar(calendar, dtstamp=datetime(2026, 1, 1, tzinfo=UTC))
    assert b"DTSTART;VALUE=DATE:" + first.strftime("%Y%m%d").encode() + b"\r\n" in ics
    assert b"DTEND;VALUE=DATE:" + (first + timedelta(days=days)).strftime("%Y%m%d").encode() + b"\r\n" in ics
    (event,) = icalendar.Calendar.from_ical(ics).events
    assert (str(event["UID"]), event.start, event.end) == ("m@cica.example", first, first + timedelta(days=days))
    assert texts_everywhere(ics)["icalendar"] == [("x", "", "")]
