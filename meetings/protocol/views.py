"""The protocol order's page: the order as it stands, the draw, the alphabet, the overrides."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_login import current_user, login_required

from meetings.formtools import attempt, options
from meetings.i18n import localized
from meetings.logistics.access import secretariat_meeting
from meetings.protocol import seating_views, services, speakers_views  # noqa: F401 - their routes join the blueprint
from meetings.protocol.blueprint import bp
from meetings.protocol.forms import AlphabetForm, DrawForm, PlaceForm
from meetings.protocol.order import protocol_order

# The area's pages of a meeting, in the order of its header's links.
PARTS = [("protocol.order", _l("Protocol order")), ("protocol.speakers", _l("Speakers lists")),
         ("protocol.seating_plan", _l("Seating plan and name plates")),
         ("protocol.checkin_page", _lp("at the door", "Check-in"))]


@bp.context_processor
def _parts():
    return {"protocol_parts": lambda: PARTS}


def _page(meeting, *, draw_form=None, alphabet_form=None, place_form=None):
    order = protocol_order(meeting)
    alphabet_form = alphabet_form or AlphabetForm(formdata=None, alphabet=order.alphabet)
    place_form = place_form or PlaceForm(formdata=None)
    place_form.party_id.choices = options((p.party.id, f"{p.position}. {localized(p.party, 'name')}") for p in order)
    return render_template("protocol/order.html", meeting=meeting, order=order, draw_form=draw_form or DrawForm(formdata=None),
                           alphabet_form=alphabet_form, place_form=place_form, overrides=services.overrides(meeting))


@bp.get("/meetings/<int:meeting_id>/protocol")
@login_required
def order(meeting_id: int):
    return _page(secretariat_meeting(current_user, meeting_id))


def _done(meeting, message: str):
    flash(message, "success")
    return redirect(url_for("protocol.order", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/protocol/draw")
@login_required
def draw(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    form = DrawForm()
    if form.validate_on_submit():
        record, _warnings = attempt(form, lambda: services.draw_first_party(meeting, user=current_user,
                                                                           seed=form.seed.data))
        if record is not None:
            return _done(meeting, _("%(party)s was drawn: the order starts from it (seed %(seed)s).",
                                    party=localized(record.first_party, "name"), seed=record.seed))
    return _page(meeting, draw_form=form)


@bp.post("/meetings/<int:meeting_id>/protocol/alphabet")
@login_required
def alphabet(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    form = AlphabetForm()
    if form.validate_on_submit():
        record, _warnings = attempt(form, lambda: services.set_alphabet(meeting, form.alphabet.data, user=current_user))
        if record is not None:
            return _done(meeting, _("The order follows the alphabet you chose."))
    return _page(meeting, alphabet_form=form)


@bp.post("/meetings/<int:meeting_id>/protocol/places")
@login_required
def place(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    form = PlaceForm()
    form.party_id.choices = options((p.party.id, p.party.code) for p in protocol_order(meeting))
    if form.validate_on_submit():
        placed, _warnings = attempt(form, lambda: services.place_party(
            meeting, form.party_id.data, form.position.data, form.reason.data, user=current_user))
        if placed is not None:
            return _done(meeting, _("%(party)s was put at place %(n)d.", party=localized(placed.party, "name"),
                                    n=placed.position))
    return _page(meeting, place_form=form)


@bp.post("/meetings/<int:meeting_id>/protocol/places/<int:override_id>/delete")
@login_required
def unplace(meeting_id: int, override_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    if not services.remove_override(meeting, override_id, user=current_user):
        flash(_("That placing was already undone."), "info")  # the order page says where things are
        return redirect(url_for("protocol.order", meeting_id=meeting.id))
    return _done(meeting, _("The party is back at its place by the rule."))


# The parts' pages are on this blueprint too, each in its own module.
from meetings.protocol import checkin_views  # noqa: E402, F401
