"""Arrivals and departures of a meeting: the rules."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from meetings.logistics.summary import Section


def summary(meeting, now) -> Section:
    """The dashboard's section (TODO(#14): counts and attention)."""
    return Section(str(_l("Arrivals and departures")), url_for("logistics.travel", meeting_id=meeting.id))
