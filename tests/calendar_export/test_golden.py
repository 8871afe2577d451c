"""Golden files: the builder's exact bytes for realistic calendars.

The files in ``golden/`` are compared byte for byte. After an intended change of the output,
regenerate them and review the diff before committing:

    UPDATE_GOLDEN=1 /work/main/.venv/bin/python -m pytest tests/calendar_export/test_golden.py
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.calendar_export.parsers import ParsedEvent, assert_parses_everywhere
from tests.calendar_export.samples import GOLDEN, HOST

GOLDEN_DIR = Path(__file__).parent / "golden"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


EXPECTED_EVENTS = {
    "summit": [ParsedEvent(f"meeting-7@{HOST}", date(2026, 10, 14), date(2026, 10, 16))],
    "soc_almaty": [  # Almaty is UTC+05:00
        ParsedEvent(f"agenda-item-101@{HOST}", utc(2026, 7, 1, 5), utc(2026, 7, 1, 8)),
        ParsedEvent(f"agenda-item-102@{HOST}", utc(2026, 7, 1, 10), utc(2026, 7, 1, 13)),
    ],
    "new_york_dst": [  # EDT (UTC-04:00) on 31 October, EST (UTC-05:00) on 3 November
        ParsedEvent(f"agenda-item-201@{HOST}", utc(2026, 10, 31, 14), utc(2026, 10, 31, 16, 30)),
        ParsedEvent(f"agenda-item-202@{HOST}", utc(2026, 11, 3, 15), utc(2026, 11, 3, 17, 30)),
    ],
    "cancelled": [  # Baku is UTC+04:00
        ParsedEvent(f"meeting-31@{HOST}", utc(2026, 6, 9, 5, 30), utc(2026, 6, 9, 13)),
    ],
    "postponed_before": [  # Dushanbe is UTC+05:00
        ParsedEvent(f"meeting-40@{HOST}", date(2026, 9, 22), date(2026, 9, 24)),
        ParsedEvent(f"agenda-item-401@{HOST}", utc(2026, 9, 22, 5), utc(2026, 9, 22, 8)),
    ],
    "postponed_after": [
        ParsedEvent(f"meeting-40@{HOST}", date(2026, 11, 10), date(2026, 11, 12)),
        ParsedEvent(f"agenda-item-401@{HOST}", utc(2026, 11, 10, 5), utc(2026, 11, 10, 8)),
    ],
    "tricky_texts": [  # Shanghai is UTC+08:00
        ParsedEvent(f"meeting-55@{HOST}", utc(2026, 8, 18, 1), utc(2026, 8, 18, 10)),
    ],
    "long_title": [  # Tashkent is UTC+05:00
        ParsedEvent(f"agenda-item-777@{HOST}", utc(2026, 3, 3, 9), utc(2026, 3, 3, 10, 30)),
    ],
    "almaty_across_2024": [  # +06 until 1 March 2024, +05 since
        ParsedEvent(f"almaty-202106151000@{HOST}", utc(2021, 6, 15, 4), utc(2021, 6, 15, 7)),
        ParsedEvent(f"almaty-202309121000@{HOST}", utc(2023, 9, 12, 4), utc(2023, 9, 12, 7)),
        ParsedEvent(f"almaty-202504081000@{HOST}", utc(2025, 4, 8, 5), utc(2025, 4, 8, 8)),
    ],
    "invitation_request": [
        ParsedEvent(f"agenda-item-101@{HOST}", utc(2026, 7, 1, 5), utc(2026, 7, 1, 8)),
    ],
    "invitation_cancel": [
        ParsedEvent(f"agenda-item-101@{HOST}", utc(2026, 7, 1, 5), utc(2026, 7, 1, 8)),
    ],
}


def test_every_golden_file_has_expectations() -> None:
    assert sorted(EXPECTED_EVENTS) == sorted(GOLDEN)
    assert sorted(path.stem for path in GOLDEN_DIR.glob("*.ics")) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_bytes(name: str) -> None:
    produced = GOLDEN[name]()
    path = GOLDEN_DIR / f"{name}.ics"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        path.write_bytes(produced)
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert produced == path.read_bytes()


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_parses_everywhere_at_the_right_instants(name: str) -> None:
    assert assert_parses_everywhere(GOLDEN[name]()) == EXPECTED_EVENTS[name]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_same_input_gives_same_bytes(name: str) -> None:
    assert GOLDEN[name]() == GOLDEN[name]()
