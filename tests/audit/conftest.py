"""Entries written straight into the trail, at chosen instants: the log must show and filter
what any version of the services recorded, and the tests need exact times."""

import re
from datetime import UTC, datetime

import pytest

from meetings.extensions import db
from meetings.models import AuditEntry


def add_entry(summary: str, *, at: datetime | None = None, user=None, object_type: str = "meeting",
              verb: str = "edited", object_id: int | None = None, meeting=None, reason: str = "",
              changes: dict | None = None) -> AuditEntry:
    entry = AuditEntry(at=at or datetime(2026, 1, 10, 10, 0, tzinfo=UTC), user_id=user.id if user else None,
                       action=f"{object_type}.{verb}", object_type=object_type, object_id=object_id,
                       meeting_id=meeting.id if meeting else None, summary=summary, reason=reason,
                       changes=changes or {})
    db.session.add(entry)
    return entry


@pytest.fixture
def entries(app_context):
    """``entries(...)``: add_entry, committed."""
    def make(*args, **kwargs) -> AuditEntry:
        entry = add_entry(*args, **kwargs)
        db.session.commit()
        return entry
    return make


def summaries(body: str, prefix: str = "Entry-") -> list[str]:
    """The summaries shown in the log's table (first cell word of the last column), in order."""
    return re.findall(rf"<td>\s*({re.escape(prefix)}[\w-]+)", body)


def older_link(body: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', body)
    return found.group(1).replace("&amp;", "&") if found else None
