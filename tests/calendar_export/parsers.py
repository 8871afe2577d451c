"""Check iCalendar bytes the way real clients will read them. Reusable by every test.

    from tests.calendar_export.parsers import assert_parses_everywhere

    events = assert_parses_everywhere(response.data)
    # [(uid, start, end), ...] in file order; start/end are UTC datetimes for timed events
    # and dates for all-day events

:func:`assert_parses_everywhere` checks, and fails with an AssertionError otherwise:

1. the bytes rules (:func:`assert_byte_rules`): UTF-8, CRLF only, no empty lines, lines of
   at most 75 octets, folds that split neither a UTF-8 character nor an escape pair, no
   empty continuation lines;
2. the structure (:func:`assert_structure`): PRODID and VERSION:2.0; one VTIMEZONE per TZID
   used, before the events, none unused; no floating times and no TZID on a UTC value; both
   ends of an event of the same type; DTSTAMP in UTC; STATUS spelled as RFC 5545 says; no
   X-WR-TIMEZONE. Without METHOD (a subscription feed): NAME, X-WR-CALNAME and
   REFRESH-INTERVAL;VALUE=DURATION. With METHOD (an invitation): REQUEST or CANCEL, an
   ORGANIZER and ATTENDEEs, STATUS:CANCELLED with CANCEL;
3. that four parsers read it: icalendar (no component errors, no missing TZIDs), the strict
   ``ical`` package, ``vobject`` with validation, and Mozilla's ical.js under Node;
4. that every engine computes the same start and end instants for every event as Python's
   zoneinfo (with PyPI tzdata) does from the wall time and TZID.

ical.js needs Node and ``npm ci --prefix tests/ical_js``. Where either is missing the ical.js
part is left out here (the tests in ``test_ical_js.py`` then report a skip saying so); with
the environment variable ``CI=true`` a missing ical.js fails instead.

Importing this module makes zoneinfo read only PyPI ``tzdata`` in this process (see below).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zoneinfo
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar.parser import Contentline

from calendar_export import load_zone
from calendar_export.zones import zone_of_tzid

__all__ = [
    "ParsedEvent",
    "assert_byte_rules",
    "assert_parses_everywhere",
    "assert_structure",
    "ical_js_events",
    "ical_js_missing_reason",
    "ical_js_parse",
    "require_ical_js",
    "texts_everywhere",
]

# icalendar and ical resolve a TZID with zoneinfo.ZoneInfo(key), which prefers the system
# database; an old one (Almaty at +06) would make them disagree with what we emit for reasons
# that have nothing to do with our bytes. The app's rule is "PyPI tzdata everywhere", so the
# test process follows it: no system path, and forget zones loaded before.
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()

ICAL_JS_DIR = Path(__file__).resolve().parents[1] / "ical_js"
MAX_OCTETS = 75
STATUSES = {"TENTATIVE", "CONFIRMED", "CANCELLED"}


class ParsedEvent(NamedTuple):
    uid: str
    start: datetime | date  # UTC datetime, or a date for an all-day event
    end: datetime | date


# --- 1. bytes --------------------------------------------------------------------------------


def _escape_boundaries(logical: str) -> set[int]:
    """Character offsets in an unfolded line where a fold may go (not inside `\\x`)."""
    allowed, index = {0}, 0
    while index < len(logical):
        index += 2 if logical[index] == "\\" and index + 1 < len(logical) else 1
        allowed.add(index)
    return allowed


def assert_byte_rules(ics: bytes) -> list[str]:
    """Check the RFC 5545 3.1 byte rules; return the unfolded content lines."""
    assert isinstance(ics, bytes), f"expected bytes, got {type(ics).__name__}"
    ics.decode("utf-8")  # raises on invalid UTF-8
    assert ics.endswith(b"\r\n"), "the last line must end with CRLF"
    physical = ics[:-2].split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in physical), "bare CR or LF"
    logical: list[list[bytes]] = []
    for number, line in enumerate(physical, start=1):
        assert line, f"line {number} is empty"
        assert len(line) <= MAX_OCTETS, f"line {number} has {len(line)} octets: {line!r}"
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AssertionError(f"line {number} splits a UTF-8 character: {line!r}") from error
        if line[:1] in (b" ", b"\t"):
            assert logical, "the first line cannot be a continuation"
            assert line[1:], f"line {number} is an empty continuation line"
            logical[-1].append(line[1:])
        else:
            logical.append([line])
    lines = []
    for parts in logical:
        text = "".join(part.decode("utf-8") for part in parts)
        allowed = _escape_boundaries(text)
        offset = 0
        for part in parts[:-1]:
            offset += len(part.decode("utf-8"))
            assert offset in allowed, f"a fold separates a backslash from what it escapes: {text!r}"
        lines.append(text)
    return lines


# --- 2. structure ----------------------------------------------------------------------------


def _parse_line(line: str) -> tuple[str, dict[str, str], str]:
    name, params, value = Contentline(line).parts()
    return name.upper(), {key.upper(): str(val) for key, val in params.items()}, value


def assert_structure(lines: list[str]) -> None:
    """Check what RFC 5545 and the clients need of the component tree, on unfolded lines."""
    stack: list[str] = []
    calendar: dict[str, list[tuple[dict[str, str], str]]] = {}
    events: list[dict[str, list[tuple[dict[str, str], str]]]] = []
    zones_defined: list[str] = []
    seen_event = False
    for line in lines:
        name, params, value = _parse_line(line)
        if name == "BEGIN":
            stack.append(value.upper())
            if stack[-1] == "VEVENT":
                events.append({})
                seen_event = True
            if stack[-1] == "VTIMEZONE":
                assert not seen_event, "every VTIMEZONE must come before the events"
            continue
        if name == "END":
            assert stack and stack.pop() == value.upper(), f"unbalanced END:{value}"
            continue
        assert stack, f"content outside a component: {line!r}"
        if stack == ["VCALENDAR"]:
            calendar.setdefault(name, []).append((params, value))
        elif stack == ["VCALENDAR", "VEVENT"]:
            events[-1].setdefault(name, []).append((params, value))
        elif stack == ["VCALENDAR", "VTIMEZONE"] and name == "TZID":
            zones_defined.append(value)
    assert stack == [], f"unclosed components: {stack}"
    assert calendar.get("VERSION") == [({}, "2.0")], "VERSION:2.0 is required"
    assert len(calendar.get("PRODID", [])) == 1, "exactly one PRODID is required"
    assert "X-WR-TIMEZONE" not in calendar, "X-WR-TIMEZONE must be left out"
    assert len(zones_defined) == len(set(zones_defined)), f"a VTIMEZONE is repeated: {zones_defined}"

    zones_used = set()
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert len(event.get(required, [])) == 1, f"a VEVENT needs exactly one {required}"
        uid = event["UID"][0][1]
        assert event["DTSTAMP"][0][1].endswith("Z"), f"{uid}: DTSTAMP must be in UTC"
        kinds = []
        for prop in ("DTSTART", "DTEND"):
            for params, value in event.get(prop, []):
                if params.get("VALUE") == "DATE":
                    assert len(value) == 8 and "TZID" not in params, f"{uid}: bad {prop} date"
                    kinds.append("date")
                elif "TZID" in params:
                    assert not value.endswith("Z"), f"{uid}: {prop} has a TZID on a UTC value"
                    zones_used.add(params["TZID"])
                    kinds.append("local")
                else:
                    assert value.endswith("Z"), f"{uid}: {prop} is a floating time"
                    assert len(value) == 16, f"{uid}: {prop} must be a DATE-TIME or have VALUE=DATE"
                    kinds.append("utc")
        assert len({kind == "date" for kind in kinds}) == 1, f"{uid}: DTSTART and DTEND differ in type"
        for _params, value in event.get("STATUS", []):
            assert value in STATUSES, f"{uid}: STATUS:{value} is not one of {sorted(STATUSES)}"
        for prop in ("CREATED", "LAST-MODIFIED"):
            for _params, value in event.get(prop, []):
                assert value.endswith("Z"), f"{uid}: {prop} must be in UTC"
    assert zones_used == set(zones_defined), (
        f"TZIDs used {sorted(zones_used)} but VTIMEZONEs defined {sorted(zones_defined)}"
    )

    methods = [value for _, value in calendar.get("METHOD", [])]
    if not methods:  # a subscription feed
        for required in ("NAME", "X-WR-CALNAME"):
            assert len(calendar.get(required, [])) == 1, f"a feed needs one {required}"
        refresh = calendar.get("REFRESH-INTERVAL", [])
        assert len(refresh) == 1 and refresh[0][0].get("VALUE") == "DURATION", (
            "a feed needs REFRESH-INTERVAL;VALUE=DURATION"
        )
    else:
        assert methods in (["REQUEST"], ["CANCEL"]), f"unexpected METHOD {methods}"
        for event in events:
            uid = event["UID"][0][1]
            assert len(event.get("ORGANIZER", [])) == 1, f"{uid}: an invitation needs an ORGANIZER"
            assert event.get("ATTENDEE"), f"{uid}: an invitation needs ATTENDEEs"
            if methods == ["CANCEL"]:
                assert event.get("STATUS") == [({}, "CANCELLED")], f"{uid}: CANCEL needs STATUS:CANCELLED"


# --- 3. parsers ------------------------------------------------------------------------------


def _instant(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        assert value.utcoffset() is not None, f"a parser produced a floating time: {value!r}"
        return value.astimezone(UTC)
    return value


def _reference_instant(prop: icalendar.prop.vDDDTypes) -> datetime | date:
    """What Python's zoneinfo (PyPI tzdata) makes of the wall time and TZID as written (for a
    TZID such as "Asia/Almaty (until 2024-03-01)", the wall time in Asia/Almaty)."""
    value = prop.dt
    if not isinstance(value, datetime):
        return value
    tzid = prop.params.get("TZID")
    if tzid is None:
        return value.astimezone(UTC)
    return value.replace(tzinfo=load_zone(zone_of_tzid(str(tzid)))).astimezone(UTC)


def _icalendar_events(ics: bytes) -> tuple[list[ParsedEvent], list[ParsedEvent]]:
    calendar = icalendar.Calendar.from_ical(ics)
    for component in calendar.walk():
        assert component.errors == [], f"icalendar: {component.name}: {component.errors}"
        for required in component.required:
            assert required in component, f"icalendar: {component.name} lacks {required}"
    assert calendar.get_missing_tzids() == set(), f"missing VTIMEZONEs: {calendar.get_missing_tzids()}"
    parsed, reference = [], []
    for event in calendar.events:
        uid = str(event["UID"])
        parsed.append(ParsedEvent(uid, _instant(event.start), _instant(event.end)))
        reference.append(ParsedEvent(uid, _reference_instant(event["DTSTART"]), _reference_instant(event["DTEND"])))
    return parsed, reference


def _ical_events(text: str) -> list[ParsedEvent]:
    calendar = IcsCalendarStream.calendar_from_ics(text)
    return [ParsedEvent(event.uid, _instant(event.dtstart), _instant(event.dtend)) for event in calendar.events]


def _vobject_events(text: str) -> list[ParsedEvent]:
    # vobject keeps, for the rest of the process, the first VTIMEZONE it meets for a TZID, IANA
    # names included (its registerTzinfo only adds unknown TZIDs): a calendar read after another
    # one using the same TZID would be read with the other's definition, and ours of an IANA
    # name span only the calendar's dates (a 2019 date read with one starting in 2025 comes out
    # an hour off). Read each calendar as a fresh process would. (icalendar keeps such a cache
    # only for TZIDs zoneinfo does not know, such as "Asia/Almaty (until 2024-03-01)": left on,
    # it checks that one such TZID comes with one definition in every calendar of the tests.)
    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [tzid for tzid in registry if tzid != "UTC"]:
        del registry[tzid]
    components = list(vobject.readComponents(text, validate=True))
    assert len(components) == 1, f"vobject read {len(components)} top-level components"
    return [
        ParsedEvent(event.uid.value, _instant(event.dtstart.value), _instant(event.dtend.value))
        for event in components[0].contents.get("vevent", [])
    ]


def ical_js_missing_reason() -> str | None:
    """Why ical.js cannot run here, or None if it can."""
    node = shutil.which("node")
    if node is None:
        return "Node.js is not installed (needed to run Mozilla's ical.js)"
    installed = ICAL_JS_DIR / "node_modules" / "ical.js" / "package.json"
    if not installed.exists():
        return f"ical.js is not installed: run `npm ci --prefix {ICAL_JS_DIR}`"
    pinned = json.loads((ICAL_JS_DIR / "package-lock.json").read_text())["packages"]["node_modules/ical.js"]
    version = json.loads(installed.read_text())["version"]
    if version != pinned["version"]:
        return f"ical.js {version} is installed but {pinned['version']} is pinned: run npm ci"
    return None


def require_ical_js() -> None:
    """Skip the calling test if ical.js cannot run (a failure under CI=true: see tests/conftest.py)."""
    reason = ical_js_missing_reason()
    if reason is not None:
        pytest.skip(reason)


def ical_js_parse(ics: bytes) -> dict:
    """What ical.js understood (see tests/ical_js/parse.mjs). Skips or fails as above."""
    require_ical_js()
    result = subprocess.run(
        [shutil.which("node"), str(ICAL_JS_DIR / "parse.mjs")],
        input=ics,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"ical.js failed: {result.stderr.decode('utf-8', 'replace')}"
    return json.loads(result.stdout)


def _ical_js_time(value: dict) -> datetime | date:
    if "date" in value:
        return date.fromisoformat(value["date"])
    return datetime.fromtimestamp(value["unix"], UTC)


def ical_js_events(parsed: dict) -> list[ParsedEvent]:
    """(uid, start, end) of each event ical.js read, as :class:`ParsedEvent` (UTC or dates)."""
    return [
        ParsedEvent(event["uid"], _ical_js_time(event["start"]), _ical_js_time(event["end"]))
        for event in parsed["events"]
    ]


# --- 4. all together -------------------------------------------------------------------------


def assert_parses_everywhere(ics: bytes) -> list[ParsedEvent]:
    """Run every check above; return each event's (uid, start, end) as all engines agree."""
    lines = assert_byte_rules(ics)
    assert_structure(lines)
    text = ics.decode("utf-8")
    python_events, reference = _icalendar_events(ics)
    engines = {
        "icalendar": python_events,
        "ical": _ical_events(text),
        "vobject": _vobject_events(text),
    }
    if ical_js_missing_reason() is None or os.environ.get("CI", "").lower() == "true":
        engines["ical.js"] = ical_js_events(ical_js_parse(ics))
    for engine, events in engines.items():
        if events != reference:
            differences = [(got, want) for got, want in zip(events, reference, strict=False) if got != want]
            raise AssertionError(
                f"{engine} disagrees with zoneinfo on {len(differences)} of {len(reference)} events "
                f"({len(events)} read); first ones (engine, zoneinfo): {differences[:3]}"
            )
    return reference


def texts_everywhere(ics: bytes) -> dict[str, list[tuple[str, str, str]]]:
    """(SUMMARY, LOCATION, DESCRIPTION) of every event as each Python parser reads them
    ("" where absent); for round-trip tests. ical.js: see :func:`ical_js_parse`."""
    text = ics.decode("utf-8")
    calendar = icalendar.Calendar.from_ical(ics)
    components = list(vobject.readComponents(text, validate=True))

    def vobject_text(event, name: str) -> str:
        return event.contents[name][0].value if name in event.contents else ""

    return {
        "icalendar": [
            (str(e.get("SUMMARY", "")), str(e.get("LOCATION", "")), str(e.get("DESCRIPTION", "")))
            for e in calendar.events
        ],
        "ical": [
            (e.summary or "", e.location or "", e.description or "")
            for e in IcsCalendarStream.calendar_from_ics(text).events
        ],
        "vobject": [
            (vobject_text(e, "summary"), vobject_text(e, "location"), vobject_text(e, "description"))
            for e in components[0].contents.get("vevent", [])
        ],
    }
