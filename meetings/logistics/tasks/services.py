"""Tasks of a meeting: the rules."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from meetings.logistics.summary import Section


def summary(meeting, now) -> Section:
    """The dashboard's section (TODO(#14): counts and attention)."""
    return Section(str(_l("Tasks")), url_for("logistics.tasks", meeting_id=meeting.id))
