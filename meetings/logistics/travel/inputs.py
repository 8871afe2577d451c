"""What the travel services take: one leg (an arrival or a departure) as typed in the meeting's
zone, and both legs of one participant. A leg that is None is not given: saving removes it."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LegInput:
    at_local: datetime | None  # naive wall-clock time in the meeting's zone; None: not given yet
    flight: str = ""
    airport: str = ""
    pickup: bool | None = None  # None: not decided yet
    note: str = ""


@dataclass(frozen=True)
class TravelInput:
    arrival: LegInput | None = None
    departure: LegInput | None = None
