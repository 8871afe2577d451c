"""The focal point's desk: their party's invitations, replies, delegations and what is missing."""

from flask import render_template
from flask_login import current_user, login_required

from meetings.desks import bp
from meetings.domain import NotAllowedError
from meetings.models import UserRole
from meetings.security import mark_private


@bp.get("/desk/party")
@login_required
def party():
    if current_user.role is not UserRole.FOCAL_POINT:
        raise NotAllowedError()
    mark_private()
    return render_template("desks/party.html", party=current_user.party)
