"""The logistics dashboard: each part's counts and what needs attention today."""

from datetime import datetime

from meetings.logistics.hotels import services as hotels
from meetings.logistics.interpretation import services as interpretation
from meetings.logistics.summary import Section
from meetings.logistics.tasks import services as tasks
from meetings.logistics.travel import services as travel
from meetings.logistics.visas import services as visas

PARTS = (hotels, travel, interpretation, visas, tasks)


def sections(meeting, now: datetime) -> list[Section]:
    return [part.summary(meeting, now) for part in PARTS]
