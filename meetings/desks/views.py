from flask import redirect, url_for
from flask_login import current_user, login_required

from meetings.desks import bp
from meetings.models import UserRole


def desk_endpoint(user) -> str:
    """The page a user lands on after logging in."""
    if user.role is UserRole.FOCAL_POINT:
        return "desks.party"
    if user.is_secretariat:
        return "desks.secretariat"
    return "calendar.index"


@bp.get("/desk")
@login_required
def desk():
    return redirect(url_for(desk_endpoint(current_user)))
