"""Who may see and change a meeting's logistics.

The Secretariat (staff, organizers, admins) sees everything; organizers change it. Focal points
see and enter the travel of their own party's delegation, and request visa letters for it (never
the letters themselves: they carry passport data), through participants_access. Everyone else
gets a 403, and a meeting the user may not see is a 404.
"""

from meetings.domain import NotAllowedError
from meetings.models import Meeting
from meetings.security import mark_private
from meetings.visibility import get_visible_meeting


def secretariat_meeting(user, meeting_id: int) -> Meeting:
    """A meeting's logistics for the Secretariat: NotAllowedError for other roles (before the
    meeting is looked up, so nothing says whether it exists), NotFoundError for one they may not see."""
    if not user.is_secretariat:
        raise NotAllowedError()
    meeting = get_visible_meeting(user, meeting_id)
    mark_private()  # names, rooms, flights and passports: kept by no cache
    return meeting


def require_organizer(user) -> None:
    """Changing logistics: organizers (and admins); staff look and print."""
    if not user.is_organizer:
        raise NotAllowedError()
