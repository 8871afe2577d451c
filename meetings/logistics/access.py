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


def require_secretariat(user) -> None:
    """Pages of the logistics of every meeting (hotels, interpreters, my tasks): the Secretariat
    only; what they show (contacts, names) is kept by no cache."""
    if not user.is_secretariat:
        raise NotAllowedError()
    mark_private()


def secretariat_meeting(user, meeting_id: int) -> Meeting:
    """A meeting's logistics for the Secretariat: NotAllowedError for other roles (before the
    meeting is looked up, so nothing says whether it exists), NotFoundError for one they may not see."""
    require_secretariat(user)  # names, rooms, flights and passports: kept by no cache
    return get_visible_meeting(user, meeting_id)


def require_organizer(user) -> None:
    """Changing logistics: organizers (and admins); staff look and print."""
    if not user.is_organizer:
        raise NotAllowedError()
