"""The focal point's desk: their party's invitations, replies, delegations and what is missing,
and the party's calendar address. Every page a focal point may use is linked from here."""

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from meetings.desks import bp
from meetings.desks.party_overview import (
    ARRIVAL,
    PASSPORT,
    PHOTO,
    head_choices,
    party_desk,
    require_focal_point,
)
from meetings.feeds import tokens
from meetings.formtools import attempt, options
from meetings.i18n import current_language
from meetings.models import DelegationReply, utcnow
from meetings.participants.access import RegistrationClosedError, participants_access, require_editable
from meetings.participants.delegations import reply_for_party
from meetings.participants.forms import ReplyForm
from meetings.participants.workflow import ACTIVE

NEW_FEED = "new_party_feed"  # the session key of a calendar address shown once


def _reply_form(delegation, **kwargs) -> ReplyForm:
    form = ReplyForm(prefix=f"d{delegation.id}", **kwargs)
    form.head.choices = options([("", "—"), *head_choices(delegation)])
    return form


def _desk(bound: ReplyForm | None = None, bound_id: int | None = None):
    """The desk; ``bound``: the reply form just refused, shown with what was typed and why."""
    desk = party_desk(current_user, current_language(), utcnow())
    forms = {}
    for invitation in desk.invitations:
        d = invitation.delegation
        if d.id == bound_id:
            forms[d.id] = bound
        elif invitation.open:
            replied = d.reply if d.reply is not DelegationReply.PENDING else None
            forms[d.id] = _reply_form(d, formdata=None, data={"reply": replied, "head": d.head_id, "level": d.level})
    return render_template("desks/party.html", party=current_user.party, desk=desk, forms=forms,
                           feed_form=FlaskForm(), new_feed=session.pop(NEW_FEED, None),
                           PASSPORT=PASSPORT, ARRIVAL=ARRIVAL, PHOTO=PHOTO)


@bp.get("/desk/party")
@login_required
def party():
    return _desk()


@bp.post("/desk/party/meetings/<int:meeting_id>/reply")
@login_required
def reply(meeting_id: int):
    """The party's reply to an invitation: the organizers' rules, until the registration deadline."""
    require_focal_point(current_user)
    access = participants_access(current_user, meeting_id)  # another party's or no invitation: 404
    try:
        require_editable(access)
    except RegistrationClosedError as closed:
        flash(str(closed), "warning")
        return redirect(url_for(".party"))
    delegation = access.delegation
    form = _reply_form(delegation)
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: reply_for_party(access, form.reply.data, form.head.data,
                                                                 form.level.data))
        if saved is not None:
            if saved.reply is DelegationReply.ACCEPTED:
                flash(_("Your acceptance is recorded."), "success")
            else:
                flash(_("Your party's refusal is recorded."), "success")
                still = sum(1 for r in saved.registrations if r.status in ACTIVE)
                if still:
                    flash(ngettext("%(num)d person of the delegation is still registered: decline or cancel "
                                   "the registration in the list of participants.",
                                   "%(num)d people of the delegation are still registered: decline or cancel "
                                   "their registrations in the list of participants.", still), "warning")
            return redirect(url_for(".party", _anchor=f"meeting-{meeting_id}"))
    return _desk(form, delegation.id)


@bp.post("/desk/party/feed")
@login_required
def issue_party_feed():
    """A calendar address of the party's meetings, shared by its focal points (shown once)."""
    require_focal_point(current_user)
    if FlaskForm().validate_on_submit():
        token = tokens.issue_token(party_id=current_user.party_id, issued_by=current_user)
        session[NEW_FEED] = token
        flash(_("Your party's calendar address is ready. Copy it now: it is shown only once."), "success")
    return redirect(url_for(".party", _anchor="calendar"))


@bp.post("/desk/party/feeds/<int:token_id>/revoke")
@login_required
def revoke_party_feed(token_id: int):
    """Revoke a calendar address that serves the focal point (tokens.revoke_token: others are a 404)."""
    require_focal_point(current_user)
    if FlaskForm().validate_on_submit():
        tokens.revoke_token(token_id, by=current_user)
        flash(_("The calendar address was revoked; calendars subscribed to it stop updating."), "info")
    return redirect(url_for(".party", _anchor="calendar"))
